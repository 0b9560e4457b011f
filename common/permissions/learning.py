"""E-learning: who builds courses, assigns training, decides on enrolments and reads attempts."""

from __future__ import annotations

from typing import Any

from common.models import Employee, OrgUnit
from common.permissions.core import has_capability, scope_paths, unit_in_scope

# --- learning -------------------------------------------------------------------------------------------------
# "learning.admin" builds courses, rules and revokes certificates; "learning.learners" assigns training and reads
# compliance. Both are scoped: a learning administrator of one ministry acts on that ministry's learners and on the
# courses its units provide. Managers act on their direct reports.


def can_manage_learner(user: Any, employee: Employee) -> bool:
    """Assign training to, and read the learning record of, ``employee``."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.employee_id and employee.manager_id == user.employee_id:
        return True
    return unit_in_scope(user, "learning.learners", employee.org_unit)


def can_edit_course(user: Any, course: Any) -> bool:
    """Learning administrators edit the courses provided inside their scope (unscoped ones: every course)."""
    if not has_capability(user, "learning.admin"):
        return False
    paths = scope_paths(user, "learning.admin")
    return paths is None or unit_in_scope(user, "learning.admin", course.provider_unit)


def can_edit_bank(user: Any, bank: Any) -> bool:
    """Shared question banks: a government-wide learning administrator edits every bank, a scoped one the banks
    they created (any learning administrator may link any bank to the quizzes of their courses)."""
    if not has_capability(user, "learning.admin"):
        return False
    return scope_paths(user, "learning.admin") is None or (bank is not None and bank.created_by_id == user.id)


def can_admin_unit(user: Any, unit: OrgUnit | None) -> bool:
    """Mandatory rules and course providers: a unit in the learning administrator's scope (None: unscoped only)."""
    if not has_capability(user, "learning.admin"):
        return False
    return scope_paths(user, "learning.admin") is None or unit_in_scope(user, "learning.admin", unit)


def can_open_lessons(user: Any, course: Any, enrolment: Any) -> bool:
    """The enrolled learner (an active enrolment of their own) and the course's editors."""
    if enrolment is not None and enrolment.active and enrolment.employee_id == user.employee_id:
        return True
    return can_edit_course(user, course)


def can_decide_for(user: Any, employee: Employee) -> bool:
    """Approve enrolment requests and exemptions, revoke certificates: learning administrators in scope."""
    return has_capability(user, "learning.admin") and unit_in_scope(user, "learning.admin", employee.org_unit)


def can_view_certificate(user: Any, certificate: Any) -> bool:
    if getattr(user, "employee_id", None) and user.employee_id == certificate.employee_id:
        return True
    return can_manage_learner(user, certificate.employee)


def can_view_scorm_attempt(user: Any, course: Any, employee: Employee) -> bool:
    """A SCORM attempt's stored values and API calls: the course's editors, for learners in their scope."""
    return can_edit_course(user, course) and can_manage_learner(user, employee)


def can_assign_course(user: Any, employee: Employee) -> bool:
    """Assign a course (skipping self-enrolment and its approval): the manager or learning staff in scope, never the
    person themselves, whatever path asks (the learning pages, a development plan, the API)."""
    if getattr(user, "employee_id", None) is not None and user.employee_id == employee.id:
        return False
    return can_manage_learner(user, employee)


def can_take_attempt(user: Any, attempt: Any) -> bool:
    """A quiz attempt is its learner's alone: nobody else opens or answers it (others get 404, not a hint)."""
    return (getattr(user, "employee_id", None) is not None
            and attempt.enrolment.employee_id == user.employee_id)
