"""Writes to accounts and role assignments, each with its audit entry."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from common.audit import log_action
from common.auth.passwords import hash_password, policy_problems
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import Employee, OrgUnit, RoleAssignment, User
from common.models.users import ROLES

__all__ = ["OperationError", "create_user", "grant_role", "grant_role_by_codes", "reset_password", "revoke_role"]


def create_user(email: str, password: str, *, personal_number: str | None = None, actor: Any = None,
                check_policy: bool = True, temporary: bool = False) -> User:
    """Create an account. ``temporary``: the password was chosen by an administrator, so its owner must
    replace it at the first sign-in (someone else has known it)."""
    email = email.strip().lower()
    if db.session.execute(select(User.id).where(func.lower(User.email) == email)).first():
        raise OperationError(_l("An account with this e-mail address already exists."), field="email")
    if check_policy:
        problems = policy_problems(password, email)
        if problems:
            raise OperationError(" ".join(problems), field="password")
    employee_id = None
    if personal_number:
        employee_id = db.session.execute(
            select(Employee.id).where(Employee.personal_number == personal_number)).scalar_one_or_none()
        if employee_id is None:
            raise OperationError(_l("No employee has the personal number %(pn)s.", pn=personal_number),
                                 field="personal_number")
        if db.session.execute(select(User.id).where(User.employee_id == employee_id)).first():
            raise OperationError(_l("This employee already has an account."), field="personal_number")
    user = User(email=email, password_hash=hash_password(password), employee_id=employee_id,
                must_change_password=temporary)
    db.session.add(user)
    db.session.flush()
    log_action("users", "create_user", user, f"Account {email} created", actor=actor,
               subject_employee_id=employee_id)
    return user


def grant_role(user: User, role: str, unit: OrgUnit | None, *, actor: Any = None) -> RoleAssignment:
    if role not in ROLES:
        raise OperationError(_l("Unknown role %(role)s.", role=role))
    if any(a.role == role and a.org_unit_id == (unit.id if unit else None) for a in user.roles):
        raise OperationError(_l("The account already has this role in this scope."))
    assignment = RoleAssignment(user=user, role=role, org_unit=unit)
    db.session.add(assignment)
    db.session.flush()
    log_action("users", "grant_role", user, f"Role {role} granted" + (f" in {unit.code}" if unit else ""),
               actor=actor, changes={"role": [None, role], "org_unit": [None, unit.code if unit else None]})
    return assignment


def grant_role_by_codes(email: str, role: str, unit_code: str | None, *, actor: Any = None) -> RoleAssignment:
    user = db.session.execute(select(User).where(func.lower(User.email) == email.lower())).scalar_one_or_none()
    if user is None:
        raise OperationError(_l("No account has the e-mail address %(email)s.", email=email))
    unit = None
    if unit_code:
        unit = db.session.execute(select(OrgUnit).where(OrgUnit.code == unit_code)).scalar_one_or_none()
        if unit is None:
            raise OperationError(_l("No org unit has the code %(code)s.", code=unit_code), field="unit_code")
    return grant_role(user, role, unit, actor=actor)


def revoke_role(assignment: RoleAssignment, *, actor: Any = None) -> None:
    user = assignment.user
    log_action("users", "revoke_role", user,
               f"Role {assignment.role} revoked" + (f" in {assignment.org_unit.code}" if assignment.org_unit else ""),
               actor=actor, changes={"role": [assignment.role, None]})
    db.session.delete(assignment)


def reset_password(user: User, new_password: str, *, actor: Any = None) -> None:
    """Set a temporary password chosen by an administrator; every session of the account ends, the owner must
    choose their own password at the next sign-in, and a lock-out of the account is lifted."""
    from common.auth import throttle
    from common.auth.operations import revoke_all_sessions

    problems = policy_problems(new_password, user.email)
    if problems:
        raise OperationError(" ".join(problems), field="password")
    user.password_hash = hash_password(new_password)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    throttle.forget(throttle.key("account", user.email))
    revoke_all_sessions(user)
    log_action("users", "reset_password", user, f"Password of {user.email} reset; sessions ended", actor=actor)
