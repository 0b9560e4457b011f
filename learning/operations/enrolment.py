"""Enrolment: self-enrolment (with an optional approval step), assignment by HR or a manager with a due
date, exemptions with a reason and an approval.

A person has at most one current enrolment per course. Starting over (after an expiry, or when a
course is assigned again after a failure) closes the current one, which stays as history, and opens
the next cycle.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import Employee, User
from common.models.base import utcnow
from common.notifications import notify
from common.permissions import can_assign_course
from learning.dates import today as today_
from learning.models import Course, Enrolment


def current_enrolment(employee_id: int, course_id: int) -> Enrolment | None:
    return db.session.execute(select(Enrolment).where(
        Enrolment.employee_id == employee_id, Enrolment.course_id == course_id, Enrolment.is_current.is_(True))
    ).scalar_one_or_none()


def open_cycle(employee_id: int, course: Course, **values: Any) -> Enrolment:
    """Close the current enrolment (kept as history) and open the next cycle."""
    previous = current_enrolment(employee_id, course.id)
    if previous is not None:
        previous.is_current = False
        db.session.flush()
    last = db.session.execute(select(func.max(Enrolment.cycle)).where(
        Enrolment.employee_id == employee_id, Enrolment.course_id == course.id)).scalar_one()
    enrolment = Enrolment(employee_id=employee_id, course=course, cycle=(last or 0) + 1, is_current=True, **values)
    db.session.add(enrolment)
    db.session.flush()
    return enrolment


def _still_valid(enrolment: Enrolment | None, today: date) -> bool:
    return enrolment is not None and enrolment.state in ("completed", "exempt") and \
        (enrolment.expires_on is None or enrolment.expires_on >= today)


def enrol(employee: Employee, course: Course, *, actor: Any = None) -> Enrolment:
    """Self-enrolment. Courses that ask for approval wait for the manager or a learning administrator."""
    if not course.published or not course.self_enrol:
        raise OperationError(_l("This course is not open for self-enrolment."))
    current = current_enrolment(employee.id, course.id)
    if current is not None and current.state in ("requested", "assigned", "in_progress"):
        raise OperationError(_l("You are already enrolled in this course."))
    if _still_valid(current, today_()):
        raise OperationError(_l("You have already completed this course."))
    state = "requested" if course.enrol_approval else "assigned"
    enrolment = open_cycle(employee.id, course, source="self", state=state)
    log_action("learning", "enrol", enrolment, f"Employee {employee.id} enrolled in {course.code} ({state})",
               actor=actor, subject_employee_id=employee.id)
    return enrolment


def assign(employee: Employee, course: Course, due_date: date | None, *, actor: Any) -> Enrolment:
    """Assign a course to someone with a due date; an unfinished enrolment just gets the new due date.

    Only someone who may assign for ``employee`` (``permissions.can_assign_course``; ``actor`` None is the system,
    e.g. a mandatory rule) assigns. Anyone else asking (the person, through their development plan) gets what
    self-enrolment gives: refused if the course is not open to it, a request if it needs approval, and an
    enrolment waiting for approval stays waiting."""
    if actor is not None and not can_assign_course(actor, employee):
        return _ask_for_oneself(employee, course, due_date, actor=actor)
    if due_date is not None and due_date < today_():
        raise OperationError(_l("The due date cannot be in the past."), field="due_date")
    current = current_enrolment(employee.id, course.id)
    if _still_valid(current, today_()):
        raise OperationError(_l("%(name)s has already completed this course.", name=employee.full_name))
    if current is not None and current.state in ("requested", "assigned", "in_progress"):
        current.due_date, current.source = due_date, "assigned" if current.source == "self" else current.source
        current.state = "assigned" if current.state == "requested" else current.state
        current.assigned_by_id = getattr(actor, "id", None)
        enrolment = current
    else:
        enrolment = open_cycle(employee.id, course, source="assigned", state="assigned", due_date=due_date,
                               assigned_by_id=getattr(actor, "id", None))
    log_action("learning", "assign", enrolment, f"{course.code} assigned to employee {employee.id}, due {due_date}",
               actor=actor, subject_employee_id=employee.id)
    _tell_learner(employee, course, due_date)
    return enrolment


def _ask_for_oneself(employee: Employee, course: Course, due_date: date | None, *, actor: Any) -> Enrolment:
    """Self-enrolment with the due date the person set themselves (their development plan's)."""
    current = current_enrolment(employee.id, course.id)
    if current is not None and current.state in ("requested", "assigned", "in_progress"):
        return current  # already enrolled, or waiting for approval: asking again changes nothing
    enrolment = enrol(employee, course, actor=actor)
    enrolment.due_date = due_date
    return enrolment


def _tell_learner(employee: Employee, course: Course, due_date: date | None) -> None:
    user = db.session.execute(select(User).where(User.employee_id == employee.id, User.active.is_(True))
                              ).scalar_one_or_none()
    if user is not None:
        body = f"{course.title_ka} / {course.title_en}" + (f" — {due_date.isoformat()}" if due_date else "")
        notify(user, "Course assigned / კურსი დაგენიშნათ", body, link=f"/learn/courses/{course.id}")


def decide_request(enrolment: Enrolment, approve: bool, *, actor: Any) -> Enrolment:
    """Approve or turn down a self-enrolment that waits for approval."""
    if enrolment.state != "requested" or not enrolment.is_current:
        raise OperationError(_l("This enrolment is not waiting for approval."))
    enrolment.state = "assigned" if approve else "rejected"
    log_action("learning", "approve_enrolment" if approve else "reject_enrolment", enrolment,
               f"Enrolment {enrolment.id} {'approved' if approve else 'turned down'}", actor=actor,
               subject_employee_id=enrolment.employee_id)
    return enrolment


def request_exemption(enrolment: Enrolment, reason: str, *, actor: Any) -> Enrolment:
    """Ask to be exempted (for example: certified elsewhere). A learning administrator decides."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise OperationError(_l("Give the reason for the exemption."), field="reason")
    if enrolment.state in ("completed", "exempt") or not enrolment.is_current:
        raise OperationError(_l("An exemption cannot be requested for this enrolment."))
    enrolment.exemption_state, enrolment.exemption_reason = "requested", reason
    log_action("learning", "request_exemption", enrolment, f"Exemption requested: {reason}", actor=actor,
               subject_employee_id=enrolment.employee_id)
    return enrolment


def decide_exemption(enrolment: Enrolment, approve: bool, *, actor: Any) -> Enrolment:
    if enrolment.exemption_state != "requested":
        raise OperationError(_l("No exemption request waits for a decision."))
    if getattr(actor, "employee_id", None) == enrolment.employee_id:
        raise OperationError(_l("You cannot decide on your own exemption."))
    enrolment.exemption_state = "approved" if approve else "rejected"
    enrolment.exemption_decided_by_id, enrolment.exemption_decided_at = getattr(actor, "id", None), utcnow()
    if approve:
        enrolment.state = "exempt"
    log_action("learning", "approve_exemption" if approve else "reject_exemption", enrolment,
               f"Exemption {'approved' if approve else 'refused'}: {enrolment.exemption_reason}", actor=actor,
               subject_employee_id=enrolment.employee_id)
    return enrolment


def grant_exemption(enrolment: Enrolment, reason: str, *, actor: Any) -> Enrolment:
    """A learning administrator exempts someone directly: the request and the approval in one step."""
    request_exemption(enrolment, reason, actor=actor)
    return decide_exemption(enrolment, True, actor=actor)
