"""Development plans: start one, save goals and due date, choose a recommended course, add and close actions."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.permissions import require
from common.reads import personal_data
from common.web import refused
from hrms import bp
from hrms.development.forms import ActionForm, ChooseCourseForm, CompleteActionForm, EmptyForm, PlanForm
from hrms.development.models import DevelopmentAction, DevelopmentPlan
from hrms.development.operations import plans as plan_ops
from hrms.development.views import load_person
from hrms.development.views.people import person_page


def _back(employee_id: int, anchor: str = "plan") -> Response:
    return redirect(url_for("hrms.development_person", employee_id=employee_id, _anchor=anchor))


def _plan(plan_id: int) -> DevelopmentPlan:
    plan = db.session.get(DevelopmentPlan, plan_id) or abort(404)
    load_person(plan.employee_id)
    return plan


@bp.route("/development/people/<int:employee_id>/plans", methods=["POST"])
@require("signed_in")
def start_plan(employee_id: int) -> Response:
    employee = load_person(employee_id)
    if EmptyForm().validate_on_submit():
        try:
            plan_ops.start_plan(employee, actor=current_user)
        except OperationError as error:
            refused(error)
    return _back(employee_id)


@bp.route("/development/plans/<int:plan_id>", methods=["POST"])
@require("signed_in")
@personal_data("development")
def save_plan(plan_id: int) -> str | Response:
    plan = _plan(plan_id)
    form = PlanForm()
    if form.validate_on_submit():
        try:
            plan_ops.save_plan(plan, form.goals.data or "", form.due_date.data, actor=current_user)
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Development plan saved."), "success")
            return _back(plan.employee_id)
    return person_page(load_person(_plan(plan_id).employee_id), plan=form)


@bp.route("/development/plans/<int:plan_id>/courses", methods=["POST"])
@require("signed_in")
def choose_course(plan_id: int) -> Response:
    plan = _plan(plan_id)
    employee_id = plan.employee_id
    form = ChooseCourseForm()
    if form.validate_on_submit():
        try:
            action = plan_ops.choose_course(plan, int(form.course_id.data), int(form.need_id.data or 0) or None,
                                            actor=current_user)
        except (OperationError, ValueError) as error:
            refused(error if isinstance(error, OperationError) else OperationError(_("Choose a course.")))
        else:
            flash(_("%(title)s is in the plan; the enrolment is due on %(day)s.", title=action.title,
                    day=action.due_date), "success")
    return _back(employee_id)


@bp.route("/development/plans/<int:plan_id>/actions", methods=["POST"])
@require("signed_in")
@personal_data("development")
def add_action(plan_id: int) -> str | Response:
    plan = _plan(plan_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            plan_ops.add_action(plan, form.kind.data, form.title.data, form.description.data or "",
                                form.due_date.data, form.need_id.data or None, actor=current_user)
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Action added to the plan."), "success")
            return _back(plan.employee_id)
    return person_page(load_person(_plan(plan_id).employee_id), action=form)


def _action(action_id: int) -> DevelopmentAction:
    action = db.session.get(DevelopmentAction, action_id) or abort(404)
    load_person(action.plan.employee_id)
    return action


@bp.route("/development/actions/<int:action_id>/complete", methods=["POST"])
@require("signed_in")
@personal_data("development")
def complete_action(action_id: int) -> str | Response:
    action = _action(action_id)
    form = CompleteActionForm(prefix=f"a{action_id}")
    if form.validate_on_submit():
        try:
            plan_ops.complete_action(action, evidence=form.evidence.data or "", hours=form.hours.data,
                                     completed_on=form.completed_on.data, actor=current_user)
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Action recorded as done.") if action.hours_approved_at
                  or not action.hours else _("Action recorded as done. Its hours count once your manager or HR "
                                             "approves them."), "success")
            return _back(action.plan.employee_id)
    return person_page(load_person(_action(action_id).plan.employee_id), complete=(action_id, form))


@bp.route("/development/actions/<int:action_id>/cancel", methods=["POST"])
@require("signed_in")
def cancel_action(action_id: int) -> Response:
    action = _action(action_id)
    employee_id = action.plan.employee_id
    if EmptyForm().validate_on_submit():
        try:
            plan_ops.cancel_action(action, actor=current_user)
        except OperationError as error:
            refused(error)
        else:
            flash(_("Action taken off the plan."), "success")
    return _back(employee_id)


@bp.route("/development/actions/<int:action_id>/hours", methods=["POST"])
@require("signed_in")
def approve_hours(action_id: int) -> Response:
    """The manager or HR approves the hours of external training the person declared; only then they count."""
    action = _action(action_id)
    employee_id = action.plan.employee_id
    if EmptyForm().validate_on_submit():
        try:
            plan_ops.approve_hours(action, actor=current_user)
        except OperationError as error:
            refused(error)
        else:
            flash(_("Hours approved: they are in the development record."), "success")
    return _back(employee_id)
