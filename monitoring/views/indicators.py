"""Indicator passports, the indicator page (chart, table, history) and target revisions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.i18n import gettext as _
from common.permissions import (
    can_decide_target,
    can_manage_document,
    can_manage_indicator,
    require,
)
from common.web import refused
from monitoring import bp, cells, indicator_page
from monitoring import queries as q
from monitoring.forms import IndicatorForm, PlainForm, TargetForm
from monitoring.models import Target
from monitoring.operations import indicators as ops
from monitoring.views.helpers import (
    document_or_404,
    get_or_404,
    indicator_or_404,
    node_choices,
    readable_indicator_or_404,
    result_nodes,
    units_for,
)


def _prepare(form: IndicatorForm, document: object) -> None:
    form.result_id.choices = [(int(value), label) for value, label in node_choices(document, result_nodes(document))]
    form.responsible_unit_id.choices = [("", _("Not set"))] + [
        (str(u.id), f"{u.name} ({u.code})") for u in units_for(current_user)]


@bp.route("/documents/<int:document_id>/indicators/new", methods=["GET", "POST"])
@require("monitoring.manage")
def new_indicator(document_id: int) -> str | Response:
    doc = document_or_404(document_id)
    if not can_manage_document(current_user, doc):
        abort(403)
    form = IndicatorForm()
    _prepare(form, doc)
    if request.method == "GET" and request.args.get("result", type=int):
        form.result_id.data = request.args.get("result", type=int)
    if not form.result_id.choices:
        flash(_("Add a goal, objective or output first: an indicator measures one of them."), "info")
        return redirect(url_for(".new_result", document_id=doc.id))
    if form.validate_on_submit():
        node = next(n for n in result_nodes(doc) if n.id == form.result_id.data)
        try:
            indicator = ops.create_indicator(doc, node, actor=current_user, **form.passport())
        except OperationError as error:
            flash(str(error), "error")
        else:
            flash(_("Indicator %(code)s added. Set its targets below.", code=indicator.code), "success")
            return redirect(url_for(".indicator", indicator_id=indicator.id))
    return render_template("monitoring/indicator_form.html", form=form, document=doc, indicator=None)


@bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@require("monitoring.manage")
def edit_indicator(indicator_id: int) -> str | Response:
    indicator = indicator_or_404(indicator_id)
    if not can_manage_indicator(current_user, indicator, indicator.document):
        abort(403)
    form = IndicatorForm(obj=indicator)
    _prepare(form, indicator.document)
    if request.method == "GET":
        form.responsible_unit_id.data = str(indicator.responsible_unit_id or "")
        form.tags.data = ", ".join(indicator.tags or [])
        form.dimensions.data = [name for name in (indicator.dimensions or {}) if name in cells.BUILTIN]
        form.custom_dimensions.data = "\n".join(f"{name}: {', '.join(values)}" for name, values in
                                                (indicator.dimensions or {}).items() if name not in cells.BUILTIN)
    if form.validate_on_submit():
        values = form.passport()
        values["result_id"] = form.result_id.data
        try:
            changed = ops.update_indicator(indicator, actor=current_user, **values)
        except OperationError as error:
            flash(str(error), "error")
        else:
            flash(_("Passport saved.") if changed else _("Nothing changed."), "success")
            return redirect(url_for(".indicator", indicator_id=indicator.id))
    return render_template("monitoring/indicator_form.html", form=form, document=indicator.document,
                           indicator=indicator)


@bp.route("/indicators/<int:indicator_id>", methods=["GET", "POST"])
@require("monitoring.use")
def indicator(indicator_id: int) -> str | Response:
    item = readable_indicator_or_404(indicator_id)
    doc = item.document
    may_manage = can_manage_indicator(current_user, item, doc)
    if request.method == "POST" and not may_manage:
        abort(403)
    form = TargetForm() if may_manage else None  # only who may revise targets is shown the form
    if form is not None and request.method == "POST" and form.validate_on_submit():
        try:
            ops.set_target(item, form.period.data, form.value.data, actor=current_user, reason=form.reason.data or "")
        except OperationError as error:
            form.value.errors = [str(error)]
        else:
            flash(_("Target proposed: it counts once an approver other than you approves it.") if doc.published
                  else _("Target saved."), "success")
            return redirect(url_for(".indicator", indicator_id=item.id) + "#targets")
    parts = indicator_page.parts(item, doc)
    listed, rows = indicator_page.reported(parts, current_user, request.args.get("page"))
    history = q.target_history(item)
    decidable = {t.id for t in history if t.status == "proposed" and can_decide_target(current_user, t, doc)}
    return render_template(
        "monitoring/indicator.html", indicator=item, document=doc, parts=parts, form=form, listed=listed, rows=rows,
        history=history, may_manage=may_manage, decidable=decidable,
        plain_form=PlainForm() if decidable else None)  # its token only where a decision form is shown


@bp.route("/targets/<int:target_id>/decide", methods=["POST"])
@require("monitoring.approve")
def decide_target(target_id: int) -> Response:
    """Approve or turn down a proposed target of a published document (never one's own)."""
    target = get_or_404(Target, target_id)
    form = PlainForm()
    approve = request.form.get("action") == "approve"
    try:
        if not form.validate_on_submit():
            raise OperationError(_("The form has expired. Please submit it again."))
        if request.form.get("action") not in ("approve", "reject"):
            raise OperationError(_("Choose whether to approve the target or turn it down."))
        ops.decide_target(target, approve=approve, actor=current_user)
    except OperationError as error:
        refused(error)
    else:
        flash(_("Target approved: it is now in force.") if approve else _("Target turned down."), "success")
    return redirect(url_for(".indicator", indicator_id=target.indicator_id) + "#targets")
