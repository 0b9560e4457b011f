"""Reads behind "assign training": people by personal number or id, the members of a unit's subtree, and the
people and units whose names match what the assigner typed (limited to what the user may assign).

Kept apart from ``learning.queries`` (the catalogue, learner and compliance lists); the permission decision
itself stays in ``common.permissions`` (``can_manage_learner``), which the view applies to every pick.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from common.extensions import db
from common.models import Employee, OrgUnit
from common.permissions import has_capability, unit_scope
from common.reads import shows
from learning.models import Course

FOUND_LIMIT = 25


def published_courses() -> list[Course]:
    return list(db.session.execute(select(Course).where(Course.published.is_(True)).order_by(Course.code)).scalars())


def _current(stmt: Any, today: date | None = None) -> Any:
    stmt = stmt.where(Employee.deleted_at.is_(None))
    if today is not None:
        stmt = stmt.where(or_(Employee.leave_date.is_(None), Employee.leave_date > today))
    return stmt


def people_for_assignment(numbers: list[str], employee_ids: list[int]) -> list[Employee]:
    """The (not deleted) people with these personal numbers or ids."""
    if not numbers and not employee_ids:
        return []
    stmt = _current(select(Employee).where(or_(Employee.personal_number.in_(numbers or [""]),
                                                Employee.id.in_(employee_ids or [0]))))
    return list(db.session.execute(stmt.options(joinedload(Employee.org_unit))).scalars())


def unit_members(unit: OrgUnit, today: date) -> list[Employee]:
    """Everyone currently in ``unit`` or below it."""
    stmt = _current(select(Employee).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
                    .where(OrgUnit.path.startswith(unit.path, autoescape=True)), today)
    return list(db.session.execute(stmt.options(joinedload(Employee.org_unit))).scalars())


def assignable_by_name(user: Any, text: str) -> tuple[list[Employee], list[OrgUnit]]:
    """People (the user's reports, or anyone in the learning scope) and units (learning scope only) whose name,
    in either language, contains every word typed. At most ``FOUND_LIMIT`` of each."""
    words = text.split()[:4]
    people = select(Employee).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
    for word in words:
        like = f"%{word.lower()}%"
        people = people.where(or_(func.lower(Employee.first_name_en).like(like),
                                  func.lower(Employee.last_name_en).like(like),
                                  Employee.first_name_ka.like(f"%{word}%"), Employee.last_name_ka.like(f"%{word}%")))
    scoped = has_capability(user, "learning.learners")
    reach = unit_scope(user, "learning.learners") if scoped else None
    if user.employee_id:
        mine = Employee.manager_id == user.employee_id
        reach = mine if reach is None else or_(reach, mine)
    if reach is None:
        return [], []
    found = list(db.session.execute(_current(people.where(reach)).options(joinedload(Employee.org_unit))
                                    .order_by(Employee.last_name_en, Employee.first_name_en).limit(FOUND_LIMIT))
                 .scalars())
    shows(found)
    units: list[OrgUnit] = []
    if scoped:
        stmt = select(OrgUnit).where(OrgUnit.valid_to.is_(None), unit_scope(user, "learning.learners"))
        for word in words:
            like = f"%{word.lower()}%"
            stmt = stmt.where(or_(func.lower(OrgUnit.name_en).like(like), OrgUnit.name_ka.like(f"%{word}%"),
                                  func.lower(OrgUnit.code).like(like)))
        units = list(db.session.execute(stmt.order_by(OrgUnit.path).limit(FOUND_LIMIT)).scalars())
    return found, units
