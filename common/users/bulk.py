"""Accounts for a whole unit at once: everyone on its staff (imported people included) who has none yet.

HR creates them within the units it acts for. Each account gets an unusable password and a single-use sign-in link
(``common.auth.links``) by e-mail, so nobody but the person ever knows the password. People without an e-mail
address in the directory, or whose address another account already uses, are listed as skipped, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from common.audit import log_action
from common.auth import links
from common.extensions import db
from common.models import Employee, OrgUnit, User
from common.permissions import unit_scope
from common.reads import shows


@dataclass
class BulkResult:
    created: list[tuple[User, str]] = field(default_factory=list)  # each account and its link's token
    no_email: list[Employee] = field(default_factory=list)
    email_taken: list[Employee] = field(default_factory=list)


def units_for_accounts(user: Any) -> list[OrgUnit]:
    """The units the user may create accounts in, in tree order."""
    return list(db.session.execute(select(OrgUnit).where(unit_scope(user, "users.invite"))
                                   .order_by(OrgUnit.path)).scalars())


def staff_without_account(unit: OrgUnit) -> list[Employee]:
    """Current staff of ``unit`` and the units below it who have no account: one statement."""
    has_account = select(User.id).where(User.employee_id == Employee.id).exists()
    people = list(db.session.execute(
        select(Employee).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
        .where(OrgUnit.path.startswith(unit.path, autoescape=True), Employee.deleted_at.is_(None),
               Employee.leave_date.is_(None), ~has_account)
        .options(contains_eager(Employee.org_unit)).order_by(Employee.last_name_en, Employee.first_name_en)).scalars())
    shows(e.id for e in people)
    return people


def create_accounts(unit: OrgUnit, *, actor: Any) -> BulkResult:
    """Create the accounts and their links (the caller commits, then sends with ``send_links``)."""
    result = BulkResult()
    people = staff_without_account(unit)
    wanted = {e.email.strip().lower() for e in people if e.email}
    taken = set(db.session.execute(select(func.lower(User.email)).where(func.lower(User.email).in_(wanted)))
                .scalars()) if wanted else set()
    for person in people:
        email = (person.email or "").strip().lower()
        if not email:
            result.no_email.append(person)
            continue
        if email in taken:
            result.email_taken.append(person)
            continue
        taken.add(email)
        user = User(email=email, password_hash=links.UNUSABLE_PASSWORD, employee_id=person.id)
        db.session.add(user)
        db.session.flush()
        log_action("users", "create_user", user, f"Account {email} created (sign-in link by e-mail)", actor=actor,
                   subject_employee_id=person.id)
        result.created.append((user, links.issue(user, links.INVITE, actor=actor)))
    log_action("users", "create_accounts", unit, f"{len(result.created)} accounts created in {unit.code}; "
               f"{len(result.no_email)} without e-mail, {len(result.email_taken)} with an address in use",
               actor=actor)
    return result


def send_links(result: BulkResult) -> int:
    """E-mail every new account its link; returns how many could not be sent (they can be sent again)."""
    failed = 0
    for user, token in result.created:
        try:
            links.send(user, token, links.INVITE)
        except OSError:  # smtplib's errors are OSErrors too
            failed += 1
    return failed
