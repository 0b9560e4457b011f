"""Data entry: the officer's grid of indicators × periods, and the form for one indicator × period × org unit.

A locked form always says why (outside the officer's agency, closed period, submitted, approved);
an approver sees the decision buttons, or the reopen form, in its place.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.audit import log_access
from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.models import OrgUnit
from common.permissions import can_approve_values, can_read_evidence, can_read_unapproved, has_capability, require
from monitoring import bp, cells, periods, reported
from monitoring import queries as q
from monitoring.entry_grid import entry_grid
from monitoring.forms import COMPONENT_LABELS, DecisionForm, ReasonForm, entry_form
from monitoring.models import Evidence
from monitoring.operations import values as ops
from monitoring.operations.checks import lock_reason
from monitoring.review import group_review
from monitoring.views.helpers import get_or_404, indicator_or_404, readable_indicator_or_404, units_for


@bp.route("/entry")
@require("monitoring.enter")
def grid() -> str:
    grid_page = entry_grid(current_user, date.today(), page=request.args.get("page", 1, type=int),
                           indicator=request.args.get("indicator", type=int))
    return render_template("monitoring/grid.html", grid_page=grid_page)


@bp.route("/indicators/<int:indicator_id>/values", methods=["GET", "POST"])
@require("monitoring.use")
def values(indicator_id: int) -> str | Response:
    indicator = readable_indicator_or_404(indicator_id)
    doc = indicator.document
    today = date.today()
    period = periods.parse(request.args.get("period", ""))
    unit = db.session.get(OrgUnit, request.args.get("unit", type=int) or 0)
    if period is None or unit is None:
        choices = periods.periods_between(indicator.frequency, doc.period_start, min(today, doc.period_end)) \
            if indicator.frequency else []  # no frequency, no periods: the page says to set it first
        units = units_for(current_user, "monitoring.enter") or units_for(current_user)
        return render_template("monitoring/choose.html", indicator=indicator, periods=list(reversed(choices)),
                               units=units, default_unit=indicator.responsible_unit_id)
    stored = reported.group_entries(indicator, period.code, unit)
    may_read_unapproved = can_read_unapproved(current_user, unit)
    if not may_read_unapproved:  # another agency's drafts, submissions and evidence are not theirs to read
        stored = [v for v in stored if v.status in q.APPROVED]
    statuses = {v.status for v in stored}
    may_enter = has_capability(current_user, "monitoring.enter")
    lock = lock_reason(indicator, period.code, unit, current_user, today, statuses) if may_enter else None
    cell_keys = ["", *cells.full_cells(indicator.dimensions or {})]
    form = entry_form(indicator, cell_keys, COMPONENT_LABELS)()
    by_key = {(v.cell, v.component): v for v in stored}
    if request.method == "POST":
        if not may_enter or lock is not None:
            abort(403)
        valid = form.validate_on_submit()
        # A field WTForms refused (not a number) does not hide the other fields' problems: every check runs on the
        # first save, and nothing is written unless all pass.
        if "csrf_token" not in form.errors and _save(form, indicator, period.code, unit, cell_keys, by_key,
                                                      write=valid):
            if request.args.get("from") == "grid":  # back to the grid's page holding this indicator
                return redirect(_grid_url(indicator.id))
            return redirect(request.full_path)
    elif request.method == "GET":
        for row, key in enumerate(cell_keys):
            for component in indicator.components:
                if (value := by_key.get((key, component))) is not None:
                    field = getattr(form, f"v_{row}_{component}")
                    field.data = str(int(value.value)) if indicator.unit == "yes_no" else value.value
                    if indicator.unit != "yes_no":  # 707, not 707.0
                        field.raw_data = [f"{value.value:.0f}" if value.value.is_integer() else repr(value.value)]
            first = by_key.get((key, indicator.components[0]))
            getattr(form, f"c_{row}").data = first.comment if first else ""
    may_approve = can_approve_values(current_user, unit)
    review = (group_review(indicator, period.code, unit.id) if may_read_unapproved and stored and
              (may_approve or request.method == "POST") else None)
    return render_template("monitoring/entry.html", indicator=indicator, document=doc, period=period, unit=unit,
                           form=form, rows=list(enumerate(cell_keys)), by_key=by_key, lock=lock, statuses=statuses,
                           editable=may_enter and lock is None, labels=COMPONENT_LABELS,
                           may_read_evidence=may_read_unapproved,
                           may_approve=may_approve, decision=DecisionForm(), review=review,
                           reopen_form=ReasonForm(), returned=[v.review_comment for v in stored
                                                               if v.status == "returned" and v.review_comment][:1],
                           grid_url=_grid_url(indicator.id) if request.args.get("from") == "grid" else None)


def _grid_url(indicator_id: int) -> str:
    """The grid's page holding the indicator, scrolled to its row: where the officer opened the form."""
    return url_for(".grid", indicator=indicator_id, _anchor=f"indicator-{indicator_id}")


def _save(form: object, indicator: object, period: str, unit: OrgUnit, cell_keys: list[str],
          by_key: dict, *, write: bool = True) -> bool:
    """Check, and when ``write`` (the form itself is valid) record, the values; ``False`` if anything was refused."""
    entries, cleared = [], []
    try:
        for row, key in enumerate(cell_keys):
            depth = len(cells.parse(key))
            upload = getattr(form, f"e_{row}").data
            evidence = None
            if write and upload and getattr(upload, "filename", ""):
                evidence = ops.store_evidence(upload.filename, upload.mimetype, upload.read(), actor=current_user)
            for component in indicator.components:
                field = getattr(form, f"v_{row}_{component}")
                if field.errors:  # not a number: WTForms already says so beside the field
                    continue
                data = field.data
                if data in (None, ""):
                    if (key, component) in by_key:
                        cleared.append((indicator.id, period, unit.id, key, component))
                    continue
                entries.append(ops.Entry(indicator, period, unit, float(data), key, depth, component,
                                         getattr(form, f"c_{row}").data or "", evidence=evidence))
        submit = request.form.get("action") == "submit"
        if not write:
            review = ops.review_values(entries, actor=current_user, today=date.today(), cleared=cleared)
            raise ops.EntryRefused(review.problems)
        warnings = ops.record_values(entries, actor=current_user, submit=submit, cleared=cleared)
    except ops.EntryRefused as refusal:
        _show_problems(form, refusal.problems, cell_keys, indicator)
        db.session.rollback()
        return False
    except OperationError as error:
        flash(str(error), "error")
        db.session.rollback()
        return False
    flash(_("Values submitted for approval.") if submit else _("Values saved as a draft."), "success")
    for warning in warnings:
        flash(str(warning.message), "warning")
    return True


def _show_problems(form: object, problems: list, cell_keys: list[str], indicator: object) -> None:
    rows = {key: row for row, key in enumerate(cell_keys)}
    for problem in problems:
        if problem.key is None or problem.key[3] not in rows:
            flash(str(problem.message), "error")
            continue
        field = getattr(form, f"v_{rows[problem.key[3]]}_{problem.key[4]}")
        field.errors = [*field.errors, str(problem.message)]


@bp.route("/indicators/<int:indicator_id>/values/reopen", methods=["POST"])
@require("monitoring.approve")
def reopen(indicator_id: int) -> Response:
    indicator = indicator_or_404(indicator_id)
    period, unit = request.args.get("period", ""), get_or_404(OrgUnit, request.args.get("unit", type=int) or 0)
    form = ReasonForm()
    try:
        if not form.validate_on_submit():
            raise OperationError(_("Give the reason for reopening approved values."))
        ops.reopen((indicator.id, period, unit.id), unit, actor=current_user, reason=form.reason.data)
    except OperationError as error:
        flash(str(error), "error")
    else:
        flash(_("The values are reopened: the agency can correct and submit them again."), "success")
    return redirect(url_for(".values", indicator_id=indicator.id, period=period, unit=unit.id))


@bp.route("/evidence/<int:evidence_id>")
@require("monitoring.use")
def evidence(evidence_id: int) -> Response:
    """An evidence file, for those who may read the values it backs (404 for anyone else); each download logged."""
    item = get_or_404(Evidence, evidence_id)
    units = reported.evidence_units(item.id)
    if not can_read_evidence(current_user, item, units):
        abort(404)
    log_access("monitoring", item, f"Downloaded evidence {item.id} ({item.filename}) of values reported by "
               f"{', '.join(u.code for u in units) or 'no unit yet'}", subject_employee_id=None)
    from io import BytesIO

    return send_file(BytesIO(item.data), mimetype="application/octet-stream", as_attachment=True,
                     download_name=item.filename)
