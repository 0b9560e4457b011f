"""Writes to the staff directory. Each sets the derived fields (unit paths) and writes the audit entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from common.audit import log_action
from common.extensions import db
from common.models import Employee, OrgUnit, Position


def create_org_unit(code: str, name_ka: str, name_en: str, kind: str, *, parent: OrgUnit | None = None,
                    region: str | None = None, valid_from: date | None = None, actor: Any = None,
                    audit: bool = True) -> OrgUnit:
    """Create a unit under ``parent``; its materialised path is the parent's plus its own id."""
    unit = OrgUnit(code=code, name_ka=name_ka, name_en=name_en, kind=kind, region=region, parent=parent,
                   depth=(parent.depth + 1) if parent else 0, valid_from=valid_from or date(2000, 1, 1))
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    if audit:
        log_action("directory", "create_org_unit", unit, f"Org unit {code} created", actor=actor)
    return unit


def create_position(code: str, title_ka: str, title_en: str, rank: int, category: str, *, actor: Any = None,
                    audit: bool = True) -> Position:
    position = Position(code=code, title_ka=title_ka, title_en=title_en, rank=rank, category=category)
    db.session.add(position)
    db.session.flush()
    if audit:
        log_action("directory", "create_position", position, f"Position {code} created", actor=actor)
    return position


def create_employee(*, actor: Any = None, audit: bool = True, **fields: Any) -> Employee:
    employee = Employee(**fields)
    db.session.add(employee)
    db.session.flush()
    if audit:
        log_action("directory", "create_employee", employee, f"Employee {employee.personal_number} created",
                   actor=actor, subject_employee_id=employee.id)
    return employee
