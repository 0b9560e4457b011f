"""The suite's side of SCIM provisioning: accounts created, changed, switched off and given roles, each audited
with the actor "SCIM".

The SCIM storage (``storage.py``) keeps the protocol's records; these functions change the accounts they stand
for. Switching an account off revokes its sessions in the same transaction (``common.auth.operations.set_active``),
so the person's next page load lands on the sign-in page, and sends ``account_deactivated`` for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from common.audit import log_action
from common.auth.operations import set_active
from common.extensions import db
from common.models import Employee, OrgUnit, RoleAssignment, ScimGroup, ScimGroupMember, ScimUser, User
from common.models.users import ROLES

# Passwords are never set through SCIM: a hash that matches nothing (sign-in through the identity provider).
NO_PASSWORD = "!scim"


@dataclass(frozen=True)
class _ScimActor:
    """The audit log's actor for what the identity system did (``common.audit`` reads ``id`` and ``email``)."""

    id: None = None
    email: str = "SCIM"
    is_authenticated: bool = True
    employee_id: None = None  # for the read log (``common.reads``): the identity system is nobody's record
    roles: tuple[()] = ()


SCIM = _ScimActor()


def find_account(email: str) -> User | None:
    return db.session.execute(select(User).where(func.lower(User.email) == email.lower())).scalar_one_or_none()


def provision_account(email: str, active: bool) -> User:
    """The account a new SCIM user stands for: an existing one with that address is claimed, else one is made."""
    user = find_account(email)
    if user is None:
        user = User(email=email.lower(), password_hash=NO_PASSWORD, active=active)
        db.session.add(user)
        db.session.flush()
        log_action("users", "scim_create_user", user, f"Account {user.email} created by SCIM", actor=SCIM)
    else:
        log_action("users", "scim_claim_user", user, f"Account {user.email} taken over by SCIM", actor=SCIM)
    if user.active != active:
        change_active(user, active)
    return user


def change_email(user: User, email: str) -> None:
    if user.email != email.lower():
        log_action("users", "scim_change_email", user, "E-mail address changed by SCIM", actor=SCIM,
                   changes={"email": [user.email, email.lower()]})
        user.email = email.lower()


def change_active(user: User, active: bool) -> None:
    """Switch an account on or off; off ends every session at once and tells the other modules."""
    if user.active == active:
        return
    set_active(user, active, actor=SCIM)
    log_action("users", "scim_activate_user" if active else "scim_deactivate_user", user,
               f"Account {user.email} {'activated' if active else 'deactivated'} by SCIM", actor=SCIM,
               changes={"active": [not active, active]}, subject_employee_id=user.employee_id)


def link_employee(user: User, personal_number: str | None) -> None:
    """Tie the account to the employee record with this personal number (the enterprise extension's
    ``employeeNumber``), so that the person's own pages and sign-in by personal number work. Nothing happens when no
    employee has it or another account already holds that employee; a link is never removed here."""
    if not personal_number:
        return
    employee_id = db.session.execute(
        select(Employee.id).where(Employee.personal_number == personal_number.strip())).scalar_one_or_none()
    if employee_id is None or user.employee_id == employee_id:
        return
    if db.session.execute(select(User.id).where(User.employee_id == employee_id, User.id != user.id)).first():
        return
    log_action("users", "scim_link_employee", user, f"Account {user.email} tied to its employee record by SCIM",
               actor=SCIM, changes={"employee_id": [user.employee_id, employee_id]}, subject_employee_id=employee_id)
    user.employee_id = employee_id


def group_role(display_name: str) -> tuple[str, int | None] | None:
    """The role a group's display name grants: ``role`` (government-wide) or ``role@UNIT-CODE`` (that unit and its
    subtree), with an optional prefix from ``SCIM_GROUP_PREFIX``; any other name grants nothing."""
    prefix = current_app.config["SCIM_GROUP_PREFIX"]
    if prefix and not display_name.startswith(prefix):
        return None
    role, _, code = display_name[len(prefix):].partition("@")
    if role not in ROLES:
        return None
    if not code:
        return role, None
    unit_id = db.session.execute(select(OrgUnit.id).where(OrgUnit.code == code)).scalar_one_or_none()
    return (role, unit_id) if unit_id is not None else None


def granted_by_groups(scim_user_id: str) -> set[tuple[str, int | None]]:
    names = db.session.execute(select(ScimGroup.display_name).join(
        ScimGroupMember, ScimGroupMember.group_id == ScimGroup.id)
        .where(ScimGroupMember.scim_user_id == scim_user_id)).scalars()
    return {grant for name in names if (grant := group_role(name)) is not None}


def sync_roles(record: ScimUser, before: set[tuple[str, int | None]]) -> None:
    """Grant the roles the user's groups now give and revoke those they gave before and give no more."""
    after = granted_by_groups(record.id)
    user = record.user
    held = {(a.role, a.org_unit_id): a for a in db.session.execute(
        select(RoleAssignment).where(RoleAssignment.user_id == user.id)).scalars()}
    for role, unit_id in sorted(after - before, key=str):
        if (role, unit_id) not in held:
            db.session.add(RoleAssignment(user_id=user.id, role=role, org_unit_id=unit_id))
            log_action("users", "grant_role", user, f"Role {role} granted by SCIM group", actor=SCIM,
                       changes={"role": [None, role], "org_unit_id": [None, unit_id]})
    for role, unit_id in sorted(before - after, key=str):
        assignment = held.get((role, unit_id))
        if assignment is not None:
            db.session.delete(assignment)
            log_action("users", "revoke_role", user, f"Role {role} revoked by SCIM group", actor=SCIM,
                       changes={"role": [role, None], "org_unit_id": [unit_id, None]})
    db.session.flush()
    db.session.expire(user, ["roles"])
