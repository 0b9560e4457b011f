"""Calibration as a table: one row per person, filters and sorting by link, several changes in one save.

Plain HTML forms (no JavaScript): the filters are a GET form, the table a POST form whose rows are named by the
appraisal (``label-<id>``, ``reason-<id>``, ``version-<id>``). Each row's label starts at the current label, so
saving without touching a row leaves it as it is. A refused save shows the page again with what was typed.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.i18n import ngettext
from common.models import OrgUnit
from common.permissions import can_manage_cycle, require, unit_in_scope
from common.reads import personal_data
from common.web import refused
from hrms import bp
from hrms.calibration_queries import SORTS, calibration_table
from hrms.forms import CalibrateForm
from hrms.models import LABELS, Appraisal, AppraisalCycle
from hrms.operations import calibration as calibration_ops
from hrms.operations import outcomes


def _cycle(cycle_id: int) -> AppraisalCycle:
    cycle = db.session.get(AppraisalCycle, cycle_id) or abort(404)
    if not can_manage_cycle(current_user, cycle):
        abort(403)
    return cycle


def _unit(cycle: AppraisalCycle) -> OrgUnit:
    unit_id = request.args.get("unit", type=int) or cycle.root_unit_id
    unit = db.session.get(OrgUnit, unit_id) or abort(404)
    if not unit.path.startswith(cycle.root_unit.path) or not unit_in_scope(current_user, "hr.manage_cycles", unit):
        abort(403)
    return unit


def _filters() -> dict[str, Any]:
    """The table's filters and sort from the query string (kept through the save)."""
    sort = request.args.get("sort", "name")
    return {"in_unit": request.args.get("in_unit", type=int), "evaluator": request.args.get("evaluator", type=int),
            "label": request.args.get("label", "") if request.args.get("label", "") in LABELS else "",
            "sort": sort if sort.lstrip("-") in SORTS else "name"}


def _page(cycle: AppraisalCycle, unit: OrgUnit, typed: dict[int, dict[str, str]] | None = None,
          errors: dict[int, str] | None = None) -> str:
    filters = _filters()
    table = calibration_table(cycle, unit, unit_filter=filters["in_unit"], evaluator=filters["evaluator"],
                              label=filters["label"] or None, sort=filters["sort"])
    args = {"cycle_id": cycle.id, "unit": unit.id, **{k: v for k, v in filters.items() if v}}
    return render_template("hrms/calibration_table.html", cycle=cycle, unit=unit, table=table, filters=filters,
                           args=args, typed=typed or {}, errors=errors or {}, form=FlaskForm(), labels=LABELS)


@bp.route("/cycles/<int:cycle_id>/calibration")
@require("hr.manage_cycles")
@personal_data("calibration")
def calibration(cycle_id: int) -> str:
    cycle = _cycle(cycle_id)
    return _page(cycle, _unit(cycle))


@bp.route("/cycles/<int:cycle_id>/calibration", methods=["POST"])
@require("hr.manage_cycles")
@personal_data("calibration")
def calibrate_many(cycle_id: int) -> str | Response:
    """Save every changed row at once; nothing is saved if one changed row lacks its reason or is stale."""
    cycle = _cycle(cycle_id)
    unit = _unit(cycle)
    form = FlaskForm()
    ids = [int(i) for i in request.form.getlist("row") if i.isdigit()]
    typed = {i: {"label": request.form.get(f"label-{i}", ""), "reason": request.form.get(f"reason-{i}", "")}
             for i in ids}
    if not form.validate_on_submit():
        flash(_("The form has expired. Please submit it again."), "error")
        return _page(cycle, unit, typed)
    rows = [calibration_ops.RowChange(i, typed[i]["label"], typed[i]["reason"],
                                      request.form.get(f"version-{i}", type=int)) for i in ids]
    try:
        changes = calibration_ops.calibrate_many(cycle, unit, rows, actor=current_user)
    except calibration_ops.RowsRefused as error:
        refused(error)
        return _page(cycle, unit, typed, error.errors)
    except OperationError as error:
        refused(error)
        return _page(cycle, unit, typed)
    flash(ngettext("%(num)d label changed; the reason is recorded.",
                   "%(num)d labels changed; the reasons are recorded.", len(changes)), "success")
    return redirect(url_for("hrms.calibration", **request.args.to_dict(), cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/calibration/<int:appraisal_id>", methods=["POST"])
@require("hr.manage_cycles")
@personal_data("calibration")
def calibrate(cycle_id: int, appraisal_id: int) -> str | Response:
    """One row on its own (kept for links and scripts that post a single change)."""
    cycle = _cycle(cycle_id)
    unit = _unit(cycle)
    appraisal = db.session.get(Appraisal, appraisal_id)
    if appraisal is None or appraisal.cycle_id != cycle.id:
        abort(404)
    form = CalibrateForm(prefix=f"a{appraisal_id}")
    if form.validate_on_submit():
        try:
            outcomes.calibrate(appraisal, form.label.data, form.reason.data, unit=unit, actor=current_user,
                               version=form.version.data)
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Label changed; the reason is recorded."), "success")
            return redirect(url_for("hrms.calibration", cycle_id=cycle_id, unit=unit.id))
    typed = {appraisal_id: {"label": form.label.data or "", "reason": form.reason.data or ""}}
    message = " ".join(str(e) for f in (form.label, form.reason, form.version) for e in f.errors)
    return _page(cycle, unit, typed, {appraisal_id: message} if message else None)
