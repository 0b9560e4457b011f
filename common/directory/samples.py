"""The sample row of each downloadable import template, made from the directory it will be imported into.

A template whose sample names a unit, position or manager that does not exist fails as it is, and the person
who downloaded it learns nothing from the errors. So the sample points at real records in the importer's
scope (a unit they may import into, an existing position, the unit's head as manager) and uses a personal
number, e-mail and codes that are still free: imported unchanged, it creates one record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from common.extensions import db
from common.models import Employee, OrgUnit, Position
from common.permissions import unit_scope


def _free(model: Any, column: Any, first: str, make: Any) -> str:
    """``first`` if nobody uses it in ``column``, else the first free ``make(n)``."""
    candidate, n = first, 1
    while db.session.execute(select(model.id).where(column == candidate)).first() is not None:
        n += 1
        candidate = make(n)
    return candidate


def _unit_in_scope(user: Any, capability: str) -> OrgUnit | None:
    """A current unit the user may import into: the top of their scope (a ministry for a ministry's HR)."""
    return db.session.execute(select(OrgUnit).where(unit_scope(user, capability), OrgUnit.valid_to.is_(None))
                              .order_by(OrgUnit.depth, OrgUnit.code).limit(1)).scalar_one_or_none()


def sample_row(kind: str, user: Any) -> tuple[str, ...]:
    if kind == "positions":
        code = _free(Position, Position.code, "P-SAMPLE", lambda n: f"P-SAMPLE-{n}")
        return (code, "მთავარი სპეციალისტი", "Chief Specialist", "III", "specialist")
    if kind == "units":
        parent = _unit_in_scope(user, "directory.import_structure")
        parent_code = parent.code if parent else ""
        base = f"{parent_code}-HR" if parent_code else "HR"
        code = _free(OrgUnit, OrgUnit.code, base, lambda n: f"{base}{n}")
        return (code, parent_code, "ადამიანური რესურსების დეპარტამენტი", "Human Resources Department", "department",
                "Tbilisi", date(date.today().year, 1, 1).isoformat())
    unit = _unit_in_scope(user, "directory.import_staff")
    position = db.session.execute(select(Position.code).order_by(Position.code).limit(1)).scalar_one_or_none()
    manager = db.session.execute(
        select(Employee.personal_number).where(Employee.org_unit_id == (unit.id if unit else None),
                                               Employee.deleted_at.is_(None), Employee.manager_id.is_(None))
        .order_by(Employee.id).limit(1)).scalar_one_or_none() if unit else None
    number = _free(Employee, Employee.personal_number, "01001012345", lambda n: f"{1001012345 + n:011d}")
    email = _free(Employee, Employee.email, "nino.beridze@example.gov.ge",
                  lambda n: f"nino.beridze{n}@example.gov.ge")
    return (number, "ნინო", "ბერიძე", "Nino", "Beridze", email, "female", "1985-03-04", "01.09.2015", "professional",
            unit.code if unit else "", position or "", manager or "")
