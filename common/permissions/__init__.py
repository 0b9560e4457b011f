"""The one place where access is decided.

Every route is either marked ``@public`` or guarded by ``@require(capability)``; the app refuses
any route that is neither (see ``check_route_access``). Object predicates (``can_view_employee``)
decide access to a single record, and ``*_scope`` functions turn a user's roles into SQL filters,
so lists, search, profiles and exports apply the same rule. Nothing outside this module compares
role names.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app, g, request
from flask_login import current_user
from sqlalchemy import ColumnElement, false, or_, select, true

from common.extensions import db
from common.models import Employee, OrgUnit, User
from common.models.users import ADMIN, AUDITOR, HR_OFFICER, LEARNING_ADMIN, ME_APPROVER, ME_OFFICER

# capability -> roles that grant it. Scoped roles grant it inside their org-unit subtree only;
# the scope functions below apply that part.
CAPABILITIES: dict[str, frozenset[str]] = {
    "directory.browse": frozenset({ADMIN, HR_OFFICER}),
    "directory.import_staff": frozenset({ADMIN, HR_OFFICER}),
    "directory.import_structure": frozenset({ADMIN}),
    "audit.view": frozenset({AUDITOR}),
    "users.manage": frozenset({ADMIN}),
    "monitoring.use": frozenset({ADMIN, ME_OFFICER, ME_APPROVER}),
    "monitoring.manage": frozenset({ADMIN, ME_OFFICER}),
    "monitoring.enter": frozenset({ADMIN, ME_OFFICER}),
    "monitoring.approve": frozenset({ADMIN, ME_APPROVER}),
    "learning.admin": frozenset({ADMIN, LEARNING_ADMIN}),
    "learning.learners": frozenset({ADMIN, LEARNING_ADMIN, HR_OFFICER}),
    "hr.manage_cycles": frozenset({ADMIN, HR_OFFICER}),
    # hrms, professional development: HR's side (needs, plans, records, basic programmes in scope), and the
    # aggregate needs analysis, also for the learning administrators who decide which courses to build.
    "hr.development": frozenset({ADMIN, HR_OFFICER}),
    "hr.needs_analysis": frozenset({ADMIN, HR_OFFICER, LEARNING_ADMIN}),
    # reports: the Dash app itself (anyone with a dashboard), and aggregate HR statistics (scoped).
    "reports.dashboards": frozenset({ADMIN, HR_OFFICER, ME_OFFICER, ME_APPROVER, LEARNING_ADMIN}),
    "reports.hr": frozenset({ADMIN, HR_OFFICER, ME_APPROVER}),
    "reports.me": frozenset({ADMIN, ME_OFFICER, ME_APPROVER}),
}


def _assignments(user: Any) -> list[Any]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(user.roles)


def role_names(user: Any) -> set[str]:
    return {a.role for a in _assignments(user)}


def has_capability(user: Any, capability: str) -> bool:
    if capability == "signed_in":
        return bool(getattr(user, "is_authenticated", False))
    if capability == "manager":
        return is_manager(user)
    return bool(role_names(user) & CAPABILITIES[capability])


def is_manager(user: Any) -> bool:
    """Manager is derived from the directory: anyone with at least one direct report."""
    if not getattr(user, "is_authenticated", False) or user.employee_id is None:
        return False
    cache = g.setdefault("_is_manager", {})
    if user.id not in cache:
        stmt = select(Employee.id).where(Employee.manager_id == user.employee_id, Employee.deleted_at.is_(None))
        cache[user.id] = db.session.execute(stmt.limit(1)).first() is not None
    return cache[user.id]


def scope_paths(user: Any, capability: str) -> list[str] | None:
    """The org-unit paths inside which ``user`` holds ``capability``; ``None`` means everywhere."""
    granted = CAPABILITIES[capability]
    paths: list[str] = []
    for assignment in _assignments(user):
        if assignment.role not in granted:
            continue
        if assignment.role == ADMIN or assignment.org_unit is None:
            return None
        paths.append(assignment.org_unit.path)
    return paths


def unit_scope(user: Any, capability: str) -> ColumnElement[bool]:
    """A filter on ``OrgUnit.path`` selecting the units ``user`` may see for ``capability``."""
    paths = scope_paths(user, capability)
    if paths is None:
        return true()
    if not paths:
        return false()
    return or_(*(OrgUnit.path.startswith(p, autoescape=True) for p in paths))


def unit_in_scope(user: Any, capability: str, unit: OrgUnit | None) -> bool:
    if unit is None:
        return False
    paths = scope_paths(user, capability)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def can_view_employee(user: Any, employee: Employee) -> bool:
    """Self, the direct manager, HR in scope and administrators may open a profile."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.employee_id == employee.id or (user.employee_id and employee.manager_id == user.employee_id):
        return True
    return unit_in_scope(user, "directory.browse", employee.org_unit)


def can_import_into(user: Any, unit: OrgUnit) -> bool:
    return unit_in_scope(user, "directory.import_staff", unit)


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


def public(view: Callable) -> Callable:
    """Mark a view as reachable without sign-in. Used for sign-in, health and verification pages."""
    view.access = "public"  # type: ignore[attr-defined]
    return view


def require(capability: str) -> Callable[[Callable], Callable]:
    """Guard a view: signed in, and holding ``capability`` (``signed_in`` and ``manager`` included)."""
    if capability not in CAPABILITIES and capability not in {"signed_in", "manager"}:
        raise ValueError(f"Unknown capability {capability!r}")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not has_capability(current_user, capability):
                abort(403)
            return view(*args, **kwargs)

        wrapped.access = capability  # type: ignore[attr-defined]
        return wrapped

    return decorator


def check_route_access() -> Any:
    """``before_request``: anonymous users reach public routes only; an unguarded route is refused."""
    endpoint = request.endpoint
    if endpoint is None:
        return None
    if endpoint == "static" or endpoint.endswith(".static"):
        return None
    view = current_app.view_functions.get(endpoint)
    access = getattr(view, "access", None)
    if access is None and not getattr(view, "dash_route", False):
        # Fail closed: a route that nobody guarded is a bug, not an open door.
        abort(403)
    if access == "public":
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    return None


def user_is_admin(user: User) -> bool:
    return ADMIN in role_names(user)


# hrms
# Appraisals: the person appraised, the evaluator (their manager, or whom HR named), HR in scope of
# the unit the person was appraised in. An outgoing manager with an interim assessment to record and
# the reviewer of an open appeal may also open it. Attributes are read duck-typed (common imports no module).


def can_act_as_employee(user: Any, appraisal: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.employee_id == appraisal.employee_id


def can_act_as_manager(user: Any, appraisal: Any) -> bool:
    return (getattr(user, "is_authenticated", False) and user.employee_id is not None
            and user.employee_id == appraisal.evaluator_id)


def can_act_as_hr(user: Any, appraisal: Any) -> bool:
    """HR in scope of the unit the person is appraised in; never on their own appraisal."""
    return (has_capability(user, "hr.manage_cycles") and user.employee_id != appraisal.employee_id
            and unit_in_scope(user, "hr.manage_cycles", appraisal.org_unit))


def can_manage_cycle(user: Any, cycle: Any) -> bool:
    return has_capability(user, "hr.manage_cycles") and unit_in_scope(user, "hr.manage_cycles", cycle.root_unit)


def can_view_appraisal(user: Any, appraisal: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if can_act_as_employee(user, appraisal) or can_act_as_manager(user, appraisal) or can_act_as_hr(user, appraisal):
        return True
    mine = user.employee_id
    return mine is not None and (mine in appraisal.interim_evaluator_ids or mine == appraisal.appeal_reviewer_id)


# Professional development: a person's needs, plan and record are theirs, their direct manager's and HR's in scope
# of the unit they work in. The employee requests needs and chooses courses; dismissing a need is for the manager
# and HR. Basic programmes and the needs analysis are scoped like everything else (none: unscoped holders only).


def can_view_development(user: Any, employee: Employee) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.employee_id is not None and user.employee_id in (employee.id, employee.manager_id):
        return True
    return unit_in_scope(user, "hr.development", employee.org_unit)


def can_decide_development(user: Any, employee: Employee) -> bool:
    """Dismiss a need, close a plan: the direct manager and HR in scope, never the person themselves."""
    if not getattr(user, "is_authenticated", False) or user.employee_id == employee.id:
        return False
    return (user.employee_id is not None and employee.manager_id == user.employee_id) or unit_in_scope(
        user, "hr.development", employee.org_unit)


def can_manage_programme(user: Any, unit: OrgUnit | None) -> bool:
    if not has_capability(user, "hr.development"):
        return False
    return scope_paths(user, "hr.development") is None if unit is None else unit_in_scope(
        user, "hr.development", unit)


def can_read_needs_analysis(user: Any, unit: OrgUnit | None) -> bool:
    if not has_capability(user, "hr.needs_analysis"):
        return False
    return scope_paths(user, "hr.needs_analysis") is None if unit is None else unit_in_scope(
        user, "hr.needs_analysis", unit)


# --- monitoring -------------------------------------------------------------------------------------------------
# M&E officers maintain the documents and indicators their agency owns and enter the values of org units in their
# agency's subtree; approvers (government-wide or scoped) approve, return and reopen values of units in their scope
# and publish documents. Objects are read duck-typed (common imports no module).


def can_manage_document(user: Any, document: Any) -> bool:
    """Edit a policy document's passport and results tree: its owner agency is in the user's scope."""
    return unit_in_scope(user, "monitoring.manage", document.owner_unit)


def can_manage_indicator(user: Any, indicator: Any, document: Any) -> bool:
    """Edit a passport or revise targets: the indicator's responsible unit, or its document, is in scope."""
    return (unit_in_scope(user, "monitoring.manage", indicator.responsible_unit)
            or can_manage_document(user, document))


def can_enter_values(user: Any, unit: OrgUnit | None) -> bool:
    """Enter, change and submit values reported for ``unit`` (an M&E officer's own agency subtree)."""
    return unit_in_scope(user, "monitoring.enter", unit)


def can_approve_values(user: Any, unit: OrgUnit | None) -> bool:
    """Approve, return and reopen values reported for ``unit``."""
    return unit_in_scope(user, "monitoring.approve", unit)


def can_publish_document(user: Any, document: Any) -> bool:
    """Put a document (and its approved data) on the public pages, or take it off."""
    return unit_in_scope(user, "monitoring.approve", document.owner_unit)


# --- reports ----------------------------------------------------------------------------------------------------
# Aggregate HR statistics for a unit subtree (``None``: the whole civil service, for unscoped holders only); a
# staff annex names people, so it needs the directory's own right over the unit. A job's file is its owner's alone.


def can_read_hr_statistics(user: Any, unit: OrgUnit | None) -> bool:
    if not has_capability(user, "reports.hr"):
        return False
    return scope_paths(user, "reports.hr") is None if unit is None else unit_in_scope(user, "reports.hr", unit)


def can_list_staff_of(user: Any, unit: OrgUnit | None) -> bool:
    if not has_capability(user, "directory.browse"):
        return False
    return scope_paths(user, "directory.browse") is None if unit is None else unit_in_scope(
        user, "directory.browse", unit)


def can_view_job(user: Any, job: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and job.owner_id == user.id
