"""My development, a person's development page (needs, plans, recommended courses), and recording needs."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.models import Competency, Employee
from common.permissions import can_decide_development, can_view_development, has_capability, is_manager, require
from common.reads import personal_data
from common.web import refused
from hrms import bp
from hrms import queries as appraisal_queries
from hrms.development import queries as q
from hrms.development.forms import ActionForm, ChooseCourseForm, CompleteActionForm, NeedForm, PlanForm, ReasonForm
from hrms.development.models import TrainingNeed
from hrms.development.operations import needs as need_ops
from hrms.development.views import load_person


@bp.route("/development/")
@require("signed_in")
@personal_data("development")
def development() -> str | Response:
    wanted = (request.args.get("q") or request.args.get("number") or "").strip()
    matches: list[Employee] = []
    if wanted:  # HR opens someone's development by name or personal number
        if wanted.isdigit():
            found = appraisal_queries.employee_by_number(wanted)
            matches = [found] if found is not None and can_view_development(current_user, found) else []
        else:
            matches = q.people_named(current_user, wanted)
        if len(matches) == 1:
            return redirect(url_for("hrms.development_person", employee_id=matches[0].id))
        if not matches:
            flash(_("Nobody with this personal number in your scope.") if wanted.isdigit()
                  else _("Nobody with this name in your scope."), "error")
    mine = current_user.employee
    return render_template(
        "hrms/development/index.html", person=mine,
        needs=q.person_needs(mine.id) if mine else [], record=q.record(mine.id) if mine else None,
        team=q.team(current_user) if is_manager(current_user) else [],
        is_hr=has_capability(current_user, "hr.development"), wanted=wanted, matches=matches,
        analyst=has_capability(current_user, "hr.needs_analysis"))


def need_form(**kwargs: Any) -> NeedForm:
    form = NeedForm(**kwargs)
    form.competency_id.choices = [(c.id, f"{c.code} · {c.name}") for c in db.session.execute(
        select(Competency).order_by(Competency.code)).scalars()]
    return form


def person_page(employee: Employee, **forms: Any) -> str:
    """The whole page; a failed form is passed in to be shown with its errors, the others start empty."""
    needs, plans = q.person_needs(employee.id), q.plans_of(employee.id)
    active = next((p for p in plans if p.status == "active"), None)
    action_form = forms.pop("action", None) or ActionForm(formdata=None)
    action_form.need_id.choices = [(0, _("None"))] + [(n.id, n.competency.name) for n in needs
                                                       if n.status in ("open", "planned")]
    plan_form = forms.pop("plan", None) or (PlanForm(formdata=None, obj=active) if active else None)
    return render_template(
        "hrms/development/person.html", person=employee, needs=needs, plans=plans, active=active,
        offers=q.recommendations(employee.id, needs) if active else {},
        statuses=q.action_statuses(employee.id, plans), record=q.record(employee.id),
        decider=can_decide_development(current_user, employee), own=employee.id == current_user.employee_id,
        need_form=forms.pop("need", None) or need_form(formdata=None), plan_form=plan_form, action_form=action_form,
        choose_form=ChooseCourseForm(formdata=None), complete_forms=complete_forms(plans, forms.pop("complete", None)),
        reason_form=ReasonForm(formdata=None))


def complete_forms(plans: list[Any], failed: tuple[int, CompleteActionForm] | None) -> dict[int, CompleteActionForm]:
    """One "record as done" form per open action (its own prefix, so ids stay unique); a failed one kept as posted."""
    forms = {a.id: CompleteActionForm(formdata=None, prefix=f"a{a.id}") for p in plans for a in p.actions
             if a.kind != "course" and a.status in ("planned", "in_progress")}
    if failed is not None:
        forms[failed[0]] = failed[1]
    return forms


@bp.route("/development/people/<int:employee_id>")
@require("signed_in")
@personal_data("development")
def development_person(employee_id: int) -> str:
    employee = load_person(employee_id)
    return person_page(employee)


@bp.route("/development/people/<int:employee_id>/needs", methods=["POST"])
@require("signed_in")
@personal_data("development")
def add_need(employee_id: int) -> str | Response:
    employee = load_person(employee_id)
    form = need_form()
    if form.validate_on_submit():
        try:
            need_ops.record_need(employee, form.competency_id.data, priority=form.priority.data,
                                 note=form.note.data or "", actor=current_user)
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Training need recorded."), "success")
            return redirect(url_for("hrms.development_person", employee_id=employee_id, _anchor="needs"))
    return person_page(load_person(employee_id), need=form)


@bp.route("/development/needs/<int:need_id>/dismiss", methods=["POST"])
@require("signed_in")
def dismiss_need(need_id: int) -> Response:
    need = db.session.get(TrainingNeed, need_id) or abort(404)
    load_person(need.employee_id)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            need_ops.dismiss_need(need, form.reason.data, actor=current_user)
        except OperationError as error:
            refused(error)
        else:
            flash(_("Training need dismissed."), "success")
    else:
        flash(_("Give the reason."), "error")
    return redirect(url_for("hrms.development_person", employee_id=need.employee_id, _anchor="needs"))
