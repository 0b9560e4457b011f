"""Factories for test data: ``factory.employee(unit=...)``, ``factory.user(roles=[...])``."""

from __future__ import annotations

import itertools
from datetime import date
from functools import lru_cache
from typing import Any

from common.directory import operations as directory_ops
from common.extensions import db
from common.models import Employee, OrgUnit, Position, RoleAssignment, User

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


@lru_cache(maxsize=1)
def password_hash() -> str:
    from common.auth.passwords import hash_password

    return hash_password(PASSWORD)


def personal_number(n: int) -> str:
    return f"{n:011d}"


class Factory:
    def unit(self, code: str | None = None, *, parent: OrgUnit | None = None, kind: str = "ministry",
             name_en: str | None = None) -> OrgUnit:
        n = next(_seq)
        code = code or f"U{n}"
        return directory_ops.create_org_unit(code, f"ერთეული {code}", name_en or f"Unit {code}", kind, parent=parent,
                                             region="Tbilisi", audit=False)

    def position(self, rank: int = 3) -> Position:
        n = next(_seq)
        return directory_ops.create_position(f"P{n}", f"თანამდებობა {n}", f"Position {n}", rank, "specialist",
                                             audit=False)

    def employee(self, unit: OrgUnit, *, manager: Employee | None = None, position: Position | None = None,
                 **fields: Any) -> Employee:
        n = next(_seq)
        values = dict(
            personal_number=personal_number(10_000_000 + n), first_name_ka="ნინო", last_name_ka=f"გვარი{n}",
            first_name_en="Nino", last_name_en=f"Surname{n}", email=f"person{n}@test.gov.ge", gender="female",
            birth_date=date(1985, 1, 1), hire_date=date(2015, 1, 1), org_unit_id=unit.id,
            position_id=position.id if position else None, manager_id=manager.id if manager else None,
        )
        values.update(fields)
        return directory_ops.create_employee(audit=False, **values)

    def user(self, *, roles: list[tuple[str, OrgUnit | None]] = (), employee: Employee | None = None,
             email: str | None = None, active: bool = True) -> User:
        n = next(_seq)
        user = User(email=email or f"user{n}@test.gov.ge", password_hash=password_hash(),
                    employee_id=employee.id if employee else None, active=active)
        db.session.add(user)
        db.session.flush()
        for role, unit in roles:
            db.session.add(RoleAssignment(user_id=user.id, role=role, org_unit_id=unit.id if unit else None))
        db.session.flush()
        db.session.refresh(user)
        return user
