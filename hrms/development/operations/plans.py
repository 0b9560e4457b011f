"""Development plans and their actions, and what a completed course does to them.

Choosing a course enrols the person through ``learning.operations.assign`` with the plan's due
date. When learning sends ``course_completed``, the open actions for that course close and the
completion's hours go into the professional-development record, once per enrolment.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from common import signals
from common.audit import log_action
from common.errors import ensure
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import Employee
from common.models.base import utcnow
from common.permissions import can_approve_hours, can_decide_development, can_view_development
from hrms.development.models import (
    ACTION_KINDS,
    OPEN_ACTION_STATUSES,
    CpdEntry,
    DevelopmentAction,
    DevelopmentPlan,
    TrainingNeed,
)
from hrms.development.operations import one_year_after
from hrms.models import AppraisalCycle
from learning import operations as learning_ops
from learning import public as catalogue


def ensure_plan(employee: Employee, cycle: AppraisalCycle | None) -> DevelopmentPlan:
    """The plan of ``employee`` for ``cycle``, created if missing; due a year after the cycle's period."""
    plan = db.session.execute(select(DevelopmentPlan).where(
        DevelopmentPlan.employee_id == employee.id,
        DevelopmentPlan.cycle_id == cycle.id if cycle else DevelopmentPlan.cycle_id.is_(None))).scalars().first()
    if plan is None:
        due = one_year_after(cycle.period_end if cycle else utcnow().date())
        plan = DevelopmentPlan(employee_id=employee.id, cycle_id=cycle.id if cycle else None, due_date=due,
                               status="active")
        db.session.add(plan)
        db.session.flush()
    return plan


def start_plan(employee: Employee, *, actor: Any) -> DevelopmentPlan:
    """A plan outside any appraisal cycle (a new hire, a change of post)."""
    ensure(can_view_development(actor, employee), _l("You cannot plan this person's development."))
    plan = ensure_plan(employee, None)
    log_action("hrms", "start_plan", plan, f"Development plan {plan.id} started for employee {employee.id}",
               actor=actor, subject_employee_id=employee.id)
    return plan


def save_plan(plan: DevelopmentPlan, goals: str, due_date: date, *, actor: Any) -> None:
    ensure(can_view_development(actor, plan.employee), _l("You cannot change this plan."))
    ensure(plan.status == "active", _l("This plan is closed."))
    ensure(due_date >= utcnow().date(), _l("The due date cannot be in the past."), field="due_date")
    changes = {k: [str(old), str(new)] for k, old, new in (("goals", plan.goals, goals.strip()),
                                                          ("due_date", plan.due_date, due_date)) if old != new}
    plan.goals, plan.due_date = goals.strip(), due_date
    log_action("hrms", "save_plan", plan, f"Development plan {plan.id} saved", actor=actor,
               subject_employee_id=plan.employee_id, changes=changes)


def _need_of(plan: DevelopmentPlan, need_id: int | None) -> TrainingNeed | None:
    need = db.session.get(TrainingNeed, need_id) if need_id else None
    ensure(need is None or need.employee_id == plan.employee_id, _l("This need is someone else's."))
    return need


def refresh_need(need: TrainingNeed | None) -> None:
    """planned while an action is open, addressed once one is done and none is open, open otherwise."""
    if need is None or need.status == "dismissed":
        return
    statuses = set(db.session.execute(select(DevelopmentAction.status).where(
        DevelopmentAction.need_id == need.id)).scalars())
    status = "planned" if statuses & set(OPEN_ACTION_STATUSES) else "addressed" if "done" in statuses else "open"
    if status != need.status:
        need.status, need.closed_at = status, utcnow() if status == "addressed" else None


def choose_course(plan: DevelopmentPlan, course_id: int | None, need_id: int | None, *,
                  actor: Any) -> DevelopmentAction:
    """Add a catalogue course to the plan and enrol the person in it, due on the plan's due date."""
    employee = plan.employee
    ensure(can_view_development(actor, employee), _l("You cannot change this plan."))
    ensure(plan.status == "active", _l("This plan is closed."))
    course = catalogue.published_course(course_id)
    ensure(course is not None, _l("This course is not in the catalogue."))
    need = _need_of(plan, need_id)
    ensure(need is None or need.competency_id in {c.id for c in course.competencies},
             _l("This course does not cover the competency of the need."))
    # In any of the person's plans: two overlapping cycles' plans must not offer the same course twice.
    taken = db.session.execute(select(DevelopmentAction.id).join(DevelopmentPlan).where(
        DevelopmentPlan.employee_id == employee.id, DevelopmentAction.course_id == course.id,
        DevelopmentAction.status.in_(OPEN_ACTION_STATUSES))).first()
    ensure(taken is None, _l("This course is already in the plan."))
    learning_ops.assign(employee, course, plan.due_date, actor=actor)
    action = DevelopmentAction(plan_id=plan.id, need_id=need.id if need else None, kind="course", course_id=course.id,
                               title_ka=course.title_ka, title_en=course.title_en, due_date=plan.due_date,
                               status="in_progress", created_by_id=actor.id)
    db.session.add(action)
    db.session.flush()
    refresh_need(need)
    log_action("hrms", "choose_course", plan, f"Course {course.code} added to development plan {plan.id}; "
               f"employee {employee.id} enrolled, due {plan.due_date}", actor=actor, subject_employee_id=employee.id)
    return action


def add_action(plan: DevelopmentPlan, kind: str, title: str, description: str, due_date: date | None,
               need_id: int | None, *, actor: Any) -> DevelopmentAction:
    """Mentoring, a secondment or external training: done when someone records it, with evidence."""
    ensure(can_view_development(actor, plan.employee), _l("You cannot change this plan."))
    ensure(plan.status == "active", _l("This plan is closed."))
    ensure(kind in ACTION_KINDS and kind != "course", _l("Choose the kind of action."), field="kind")
    ensure(bool(title.strip()), _l("Give the action a title."), field="title")
    ensure(due_date is None or due_date >= utcnow().date(), _l("The due date cannot be in the past."),
             field="due_date")
    need = _need_of(plan, need_id)
    if need is not None:  # one open action of a kind per competency, whichever of the person's plans holds it
        twin = db.session.execute(select(DevelopmentAction.id).join(DevelopmentPlan)
                                  .join(TrainingNeed, DevelopmentAction.need_id == TrainingNeed.id).where(
            DevelopmentPlan.employee_id == plan.employee_id, DevelopmentAction.kind == kind,
            TrainingNeed.competency_id == need.competency_id,
            DevelopmentAction.status.in_(OPEN_ACTION_STATUSES))).first()
        ensure(twin is None, _l("An action of this kind is already planned for this competency."), field="kind")
    action = DevelopmentAction(plan_id=plan.id, need_id=need.id if need else None, kind=kind,
                               title_ka=title.strip()[:255], title_en=title.strip()[:255],
                               description=description.strip(), due_date=due_date or plan.due_date, status="planned",
                               created_by_id=actor.id)
    db.session.add(action)
    db.session.flush()
    refresh_need(need)
    log_action("hrms", "add_action", plan, f"{kind} action {action.id} added to development plan {plan.id}",
               actor=actor, subject_employee_id=plan.employee_id)
    return action


def _hours(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value)).quantize(Decimal("0.1"))
    except InvalidOperation:
        return Decimal(-1)


def complete_action(action: DevelopmentAction, *, evidence: str, hours: Any, completed_on: date,
                    actor: Any) -> None:
    """Record a non-course action as done; external training needs its evidence and hours, which count as CPD."""
    plan = action.plan
    ensure(can_view_development(actor, plan.employee), _l("You cannot change this plan."))
    ensure(action.kind != "course", _l("A course closes when it is completed in the learning platform."))
    ensure(action.status in OPEN_ACTION_STATUSES, _l("This action is already closed."))
    amount = _hours(hours)
    ensure(amount is None or Decimal(0) < amount <= Decimal(500), _l("Give the hours as a number from 0.1 to 500."),
             field="hours")
    ensure(action.kind != "external" or (bool(evidence.strip()) and amount is not None),
             _l("External training needs its evidence (certificate, provider, reference) and its hours."),
             field="evidence")
    ensure(completed_on <= utcnow().date(), _l("The date cannot be in the future."), field="completed_on")
    action.status, action.completed_at = "done", datetime.combine(completed_on, datetime.min.time())
    action.evidence, action.hours = evidence.strip() or None, amount
    if amount is not None and can_approve_hours(actor, plan.employee):
        _count_hours(action, actor)  # the manager or HR records it: their record is their approval
    refresh_need(action.need)
    log_action("hrms", "complete_action", action, f"{action.kind} action {action.id} done ({amount or 0} hours)",
               actor=actor, subject_employee_id=plan.employee_id, changes={"status": ["open", "done"]})


def approve_hours(action: DevelopmentAction, *, actor: Any) -> None:
    """Hours of training someone declared themselves go into the record once their manager or HR approves them."""
    employee = action.plan.employee
    ensure(can_approve_hours(actor, employee), _l("Only the manager or HR approves these hours, never the person."))
    ensure(action.status == "done" and action.hours is not None and action.hours_approved_at is None,
           _l("These hours are not waiting for approval."))
    _count_hours(action, actor)
    log_action("hrms", "approve_hours", action, f"{action.hours} hours of action {action.id} approved", actor=actor,
               subject_employee_id=employee.id, changes={"hours_approved": [False, True]})


def _count_hours(action: DevelopmentAction, actor: Any) -> None:
    action.hours_approved_by_id, action.hours_approved_at = actor.id, utcnow()
    db.session.add(CpdEntry(employee_id=action.plan.employee_id, kind=action.kind, action_id=action.id,
                            title_ka=action.title_ka, title_en=action.title_en, hours=action.hours,
                            completed_on=action.completed_at.date(), evidence=action.evidence,
                            source_ref=f"action:{action.id}"))


def cancel_action(action: DevelopmentAction, *, actor: Any) -> None:
    """Take an action off the plan; a course enrolment stays in learning, the person may still finish it."""
    ensure(can_decide_development(actor, action.plan.employee) or actor.employee_id == action.plan.employee_id,
             _l("You cannot change this plan."))
    ensure(action.status in OPEN_ACTION_STATUSES, _l("This action is already closed."))
    before, action.status = action.status, "cancelled"
    refresh_need(action.need)
    log_action("hrms", "cancel_action", action, f"Action {action.id} cancelled", actor=actor,
               subject_employee_id=action.plan.employee_id, changes={"status": [before, "cancelled"]})


def record_course_completion(employee_id: int, course_id: int, hours: Decimal, *, ref: str, completed_on: date,
                             titles: tuple[str, str]) -> int:
    """The record gains the course's hours (once per ``ref``); the open plan actions for it close. Returns them."""
    hours = Decimal(hours).quantize(Decimal("0.1"))  # learning's Numeric(5, 1): already exact, kept as it is
    if db.session.execute(select(CpdEntry.id).where(CpdEntry.source_ref == ref)).first() is None:
        db.session.add(CpdEntry(employee_id=employee_id, kind="course", course_id=course_id, title_ka=titles[0],
                                title_en=titles[1], hours=hours, completed_on=completed_on, source_ref=ref))
    actions = db.session.execute(select(DevelopmentAction).join(DevelopmentPlan).where(
        DevelopmentPlan.employee_id == employee_id, DevelopmentAction.course_id == course_id,
        DevelopmentAction.status.in_(OPEN_ACTION_STATUSES))).scalars().all()
    for action in actions:
        action.status, action.completed_at = "done", datetime.combine(completed_on, datetime.min.time())
        action.hours = hours
        refresh_need(action.need)
        log_action("hrms", "complete_action", action, f"Course action {action.id} done: course {course_id} "
                   f"completed ({hours} hours)", subject_employee_id=employee_id, changes={"status": ["open", "done"]})
    return len(actions)


@signals.course_completed.connect
def _on_course_completed(_sender: Any, employee_id: int | None = None, course_id: int | None = None,
                         enrolment_id: int | None = None, completed_at: datetime | None = None,
                         hours: Decimal = Decimal(0), **_extra: Any) -> None:
    """Reads only the payload ``common.signals`` documents; the titles come from learning's public catalogue."""
    if employee_id is None or course_id is None:
        return
    finished = completed_at or utcnow()
    course = catalogue.courses_by_id([course_id]).get(course_id)
    titles = (course.title_ka, course.title_en) if course is not None else (f"#{course_id}", f"#{course_id}")
    ref = f"enrolment:{enrolment_id}" if enrolment_id else f"course:{employee_id}:{course_id}:{finished}"
    record_course_completion(employee_id, course_id, hours, ref=ref, completed_on=finished.date(), titles=titles)
