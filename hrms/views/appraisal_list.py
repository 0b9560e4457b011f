"""The lists HR works from: a cycle's appraisals (filters, search, sort, paging, export) and a person's appraisals.

Every count on the cycle overview links here with its filter, and an appraisal without an evaluator gets one
from its row, so HR never types an address to reach an appraisal.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.models import Employee
from common.permissions import can_list_appraisals_of, can_view_appraisal, require
from common.reads import personal_data, shows
from common.spreadsheet import csv_response, xlsx_response
from common.web import refused
from hrms import bp
from hrms import list_queries as lq
from hrms import queries as q
from hrms.forms import EvaluatorForm
from hrms.labels import RATING_LABELS, STATE_LABELS, label
from hrms.models import LABELS, RELEASED_STATES, STATES, Appraisal
from hrms.operations import cycles as cycle_ops
from hrms.views import load_cycle


@bp.route("/cycles/<int:cycle_id>/appraisals")
@require("hr.manage_cycles")
@personal_data("appraisal")
def cycle_appraisals(cycle_id: int) -> str:
    cycle = load_cycle(cycle_id)
    filters = lq.ListFilter.from_args(request.args)
    page = lq.appraisal_page(cycle, current_user, filters, request.args.get("page", 1))
    units, evaluators = lq.filter_choices(cycle, current_user)
    return render_template("hrms/appraisal_list.html", cycle=cycle, page=page, filters=filters,
                           args=filters.as_args() | {"cycle_id": cycle.id}, plain=filters.as_args(), units=units,
                           evaluators=evaluators, states=STATES, labels=LABELS,
                           evaluator_form=EvaluatorForm(formdata=None))


@bp.route("/cycles/<int:cycle_id>/appraisals.<any(csv, xlsx):fmt>")
@require("hr.manage_cycles")
@personal_data("export")
def cycle_appraisals_export(cycle_id: int, fmt: str) -> Response:
    """The filtered list with final scores and labels; the read entry names everyone in it."""
    cycle = load_cycle(cycle_id)
    rows = lq.appraisals_for_export(cycle, current_user, lq.ListFilter.from_args(request.args))
    headers = [_("Personal number"), _("Name"), _("Org unit"), _("Evaluator"), _("State"), _("Final score"),
               _("Label")]
    data = [(a.employee.personal_number, a.employee.full_name, a.org_unit.name,
             a.evaluator.full_name if a.evaluator else "", label(STATE_LABELS, a.state),
             round(a.score, 2) if a.score is not None else "", label(RATING_LABELS, a.label) if a.label else "")
            for a in rows]
    name = f"appraisals-cycle-{cycle.id}.{fmt}"
    return csv_response(headers, data, name) if fmt == "csv" else xlsx_response(headers, data, name)


@bp.route("/cycles/<int:cycle_id>/appraisals/<int:appraisal_id>/evaluator", methods=["POST"])
@require("hr.manage_cycles")
@personal_data("appraisal")
def list_assign_evaluator(cycle_id: int, appraisal_id: int) -> Response:
    """Name the evaluator from the list's row and come back to the same filtered list."""
    cycle = load_cycle(cycle_id)
    appraisal = db.session.get(Appraisal, appraisal_id)
    if appraisal is None or appraisal.cycle_id != cycle.id:
        abort(404)
    if not can_view_appraisal(current_user, appraisal):
        abort(403)
    shows(appraisal.employee_id, about=appraisal)
    back = url_for("hrms.cycle_appraisals", cycle_id=cycle.id,
                   **lq.ListFilter.from_args(request.form).as_args())
    form = EvaluatorForm()
    if not form.validate_on_submit():
        flash(" ".join(form.personal_number.errors) or _("The form has expired. Please submit it again."), "error")
        return redirect(back)
    evaluator = q.employee_by_number(form.personal_number.data)
    try:
        if evaluator is None:
            raise OperationError(_("Nobody in the directory has this personal number."))
        cycle_ops.change_evaluator(appraisal, evaluator, actor=current_user)
    except OperationError as error:
        refused(error)
    else:
        flash(_("%(evaluator)s now evaluates %(person)s.", evaluator=evaluator.full_name,
                person=appraisal.employee.full_name), "success")
    return redirect(back)


@bp.route("/people/<int:employee_id>/appraisals")
@require("signed_in")
@personal_data("appraisal")
def person_appraisals(employee_id: int) -> str:
    """A person's appraisals, linked from their profile and development page: those the reader may open."""
    employee = db.session.get(Employee, employee_id)
    if employee is None or employee.deleted_at is not None:
        abort(404)
    if not can_list_appraisals_of(current_user, employee):
        abort(403)
    appraisals = [a for a in lq.appraisals_of(employee.id) if can_view_appraisal(current_user, a)]
    shows(employee.id)
    return render_template("hrms/person_appraisals.html", employee=employee, appraisals=appraisals,
                           released_states=RELEASED_STATES)
