"""Policy documents: the list, the overview tree with statuses, passport revisions, results and activities."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.i18n import gettext as _
from common.labels import result_level
from common.permissions import (
    can_decide_tree_change,
    can_enter_values,
    can_manage_document,
    can_publish_document,
    has_capability,
    require,
)
from common.spreadsheet import csv_response
from common.web import refused
from monitoring import bp, exports, overview_cache
from monitoring import queries as q
from monitoring.forms import (
    COMPONENT_LABELS,
    ActivityReportForm,
    DocumentForm,
    PlainForm,
    ResultForm,
    RuleForm,
    SpendingForm,
)
from monitoring.models import Indicator, ResultNode
from monitoring.operations import documents as ops
from monitoring.operations import indicators as ops_indicators
from monitoring.operations import spending as ops_spending
from monitoring.views.helpers import (
    check_readable,
    document_or_404,
    get_or_404,
    node_choices,
    readable_document_or_404,
    result_nodes,
    units_for,
)


@bp.route("/")
@require("monitoring.use")
def index() -> str:
    return render_template("monitoring/index.html", documents=q.documents(),
                           can_create=has_capability(current_user, "monitoring.manage"),
                           can_enter=has_capability(current_user, "monitoring.enter"),
                           can_approve=has_capability(current_user, "monitoring.approve"))


@bp.route("/documents/new", methods=["GET", "POST"])
@require("monitoring.manage")
def new_document() -> str | Response:
    form = DocumentForm()
    form.owner_unit_id.choices = [(u.id, f"{u.name} ({u.code})") for u in units_for(current_user, "monitoring.manage")]
    if form.validate_on_submit():
        try:
            document = ops.create_document(actor=current_user, reason=form.reason.data or "", **form.passport())
        except OperationError as error:
            flash(str(error), "error")
        else:
            flash(_("Document %(code)s created. Add its goals, objectives and outputs next.", code=document.code),
                  "success")
            return redirect(url_for(".document", document_id=document.id))
    return render_template("monitoring/document_form.html", form=form, document=None)


@bp.route("/documents/<int:document_id>")
@require("monitoring.use")
def document(document_id: int) -> str:
    doc = readable_document_or_404(document_id)
    return render_template("monitoring/document.html", document=doc,
                           parts=overview_cache.overview_parts(doc),  # the same for every reader: cached per version
                           revisions=q.revisions(doc), form=PlainForm(),
                           can_manage=can_manage_document(current_user, doc),
                           can_publish=can_publish_document(current_user, doc),
                           may_decide_change=lambda item: can_decide_tree_change(current_user, item, doc))


@bp.route("/documents/<int:document_id>/edit", methods=["GET", "POST"])
@require("monitoring.manage")
def edit_document(document_id: int) -> str | Response:
    doc = document_or_404(document_id)
    if not can_manage_document(current_user, doc):
        abort(403)
    form = DocumentForm(obj=doc)
    if request.method == "GET":
        form.levels.data = ", ".join(doc.levels)
    form.owner_unit_id.choices = [(u.id, f"{u.name} ({u.code})") for u in units_for(current_user, "monitoring.manage")]
    if doc.owner_unit_id not in {value for value, _label in form.owner_unit_id.choices}:
        form.owner_unit_id.choices.insert(0, (doc.owner_unit_id, doc.owner_unit.name))
    if form.validate_on_submit():
        try:
            changed = ops.revise_document(doc, actor=current_user, reason=form.reason.data or "", **form.passport())
        except OperationError as error:
            flash(str(error), "error")
        else:
            flash(_("Saved as version %(version)d.", version=doc.version) if changed else _("Nothing changed."),
                  "success")
            return redirect(url_for(".document", document_id=doc.id))
    return render_template("monitoring/document_form.html", form=form, document=doc)


@bp.route("/documents/<int:document_id>/publish", methods=["POST"])
@require("monitoring.approve")
def publish(document_id: int) -> Response:
    doc = document_or_404(document_id)
    if not PlainForm().validate_on_submit():
        abort(400)
    action = request.form.get("action")
    try:
        if action not in ("publish", "withdraw"):
            raise OperationError(_("Choose whether to publish the document or take it off the public pages."))
        ops.set_published(doc, action == "publish", actor=current_user)
    except OperationError as error:
        flash(str(error), "error")
    else:
        flash(_("The document is on the public pages.") if doc.published else
              _("The document is no longer on the public pages."), "success")
    return redirect(url_for(".document", document_id=doc.id))


@bp.route("/documents/<int:document_id>/results/new", methods=["GET", "POST"])
@require("monitoring.manage")
def new_result(document_id: int) -> str | Response:
    doc = document_or_404(document_id)
    if not can_manage_document(current_user, doc):
        abort(403)
    nodes = result_nodes(doc)
    form = ResultForm()
    top = _("Top of the tree (%(level)s)", level=result_level(doc.levels[0]))
    form.parent_id.choices = [("", top), *node_choices(doc, nodes)]
    units = [(str(u.id), f"{u.name} ({u.code})") for u in units_for(current_user)]
    form.responsible_unit_id.choices = [("", _("Not set")), *units]
    form.partner_ids.choices = units
    if request.method == "GET" and request.args.get("parent"):
        form.parent_id.data = request.args["parent"]
    if form.validate_on_submit():
        parent = next((n for n in nodes if str(n.id) == form.parent_id.data), None)
        values = {name: getattr(form, name).data for name in ("code", "title_ka", "title_en", "start_date",
                                                              "end_date", "budget_planned", "budget_spent")}
        values["responsible_unit_id"] = int(form.responsible_unit_id.data) if form.responsible_unit_id.data else None
        partners = [u for u in units_for(current_user) if str(u.id) in set(form.partner_ids.data or [])]
        try:
            node = ops.add_result(doc, actor=current_user, parent=parent, partners=partners, **values)
        except OperationError as error:
            flash(str(error), "error")
        else:
            flash(_("%(code)s added.", code=node.code), "success")
            return redirect(url_for(".document", document_id=doc.id) + f"#result-{node.id}")
    return render_template("monitoring/result_form.html", form=form, document=doc)


@bp.route("/results/<int:result_id>", methods=["GET", "POST"])
@require("monitoring.use")
def result(result_id: int, spending_form: SpendingForm | None = None) -> str | Response:
    node = get_or_404(ResultNode, result_id)
    doc = check_readable(document_or_404(node.document_id))
    may_report = can_enter_values(current_user, node.responsible_unit or doc.owner_unit)
    form = ActivityReportForm()
    if request.method == "POST" and spending_form is None:
        if not may_report:
            abort(403)
        if form.validate_on_submit():
            try:
                ops.report_activity(node, doc, period=form.period.data, status=form.status.data,
                                    narrative=form.narrative.data or "", narrative_ka=form.narrative_ka.data or "",
                                    actor=current_user)
            except OperationError as error:
                form.period.errors = [str(error)]
            else:
                flash(_("Implementation status saved."), "success")
                return redirect(url_for(".result", result_id=node.id))
    return render_template("monitoring/result.html", node=node, document=doc, reports=q.activity_reports(node),
                           form=form, may_report=may_report, spending=q.activity_spending(node),
                           spending_form=spending_form or SpendingForm(formdata=None, as_of=date.today()))


@bp.route("/results/<int:result_id>/spending", methods=["POST"])
@require("monitoring.use")
def record_spending(result_id: int) -> str | Response:
    """Record what the activity has spent so far; the earlier figures stay in its history."""
    node = get_or_404(ResultNode, result_id)
    doc = check_readable(document_or_404(node.document_id))
    if not can_enter_values(current_user, node.responsible_unit or doc.owner_unit):
        abort(403)
    form = SpendingForm()
    if form.validate_on_submit():
        try:
            ops_spending.record_spending(node, doc, amount=form.amount.data, as_of=form.as_of.data,
                                         note=form.note.data or "", actor=current_user)
        except OperationError as error:
            form.amount.errors = [str(error)]
        else:
            flash(_("Spending saved."), "success")
            return redirect(url_for(".result", result_id=node.id) + "#spending")
    return result(result_id, spending_form=form)


@bp.route("/documents/<int:document_id>/export.csv")
@require("monitoring.use")
def export(document_id: int) -> Response:
    doc = readable_document_or_404(document_id)
    headers, rows = exports.open_data(doc, with_comments=True)
    return csv_response(headers, rows, f"{doc.code}-approved.csv")


@bp.route("/documents/<int:document_id>/rules", methods=["POST"])
@require("monitoring.manage")
def add_rule(document_id: int) -> Response:
    doc = document_or_404(document_id)
    if not can_manage_document(current_user, doc):
        abort(403)
    indicators = {i.id: i for i in q.document_indicators(doc)}
    form = RuleForm()
    form.offer(list(indicators.values()), COMPONENT_LABELS)
    if form.validate_on_submit():
        (left, left_part), (right, right_part) = (value.split(":") for value in (form.left.data, form.right.data))
        try:
            ops_indicators.add_validation_rule(doc, indicators[int(left)], left_part, form.operator.data,
                                               indicators[int(right)], right_part, actor=current_user,
                                               message=form.message.data or "")
        except OperationError as error:
            flash(str(error), "error")
        else:
            flash(_("Validation rule added: values breaking it will be refused."), "success")
    else:
        flash(_("Choose two data elements and a comparison."), "error")
    return redirect(url_for(".document", document_id=doc.id) + "#rules")


@bp.route("/documents/<int:document_id>/changes/<any(result, indicator):kind>/<int:item_id>", methods=["POST"])
@require("monitoring.approve")
def decide_change(document_id: int, kind: str, item_id: int) -> Response:
    """Approve or turn down a result or indicator proposed for a published document (never one's own proposal)."""
    doc = document_or_404(document_id)
    item = get_or_404(ResultNode if kind == "result" else Indicator, item_id)
    action = request.form.get("action")
    try:
        if not PlainForm().validate_on_submit():
            raise OperationError(_("The form has expired. Please submit it again."))
        if action not in ("approve", "reject"):
            raise OperationError(_("Choose whether to approve the change or turn it down."))
        ops.decide_tree_change(item, doc, approve=action == "approve", actor=current_user)
    except OperationError as error:
        refused(error)
    else:
        flash(_("Change approved: it now counts and is public.") if action == "approve"
              else _("Change turned down."), "success")
    return redirect(url_for(".document", document_id=doc.id) + "#proposed")
