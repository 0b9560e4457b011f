"""Capabilities, roles and scopes: the vocabulary every other rule is written in.

A capability is granted by roles; scoped roles grant it inside their org-unit subtree only. ``require`` guards a
view, ``check_route_access`` refuses any route nobody guarded, and the ``*_scope`` functions turn a user's roles
into SQL filters, so lists, search, profiles and exports apply the same rule.
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
    # Accounts with a sign-in link by e-mail for the staff of a unit (HR within the units it acts for).
    "users.invite": frozenset({ADMIN, HR_OFFICER}),
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
    from common.auth import shell_facts  # here: the auth package's views import this module

    known = shell_facts.has_reports(user)  # read with the identity's version check, when it was
    if known is not None:
        return known
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
