"""Aggregate figures of the staff directory: headcounts, hires and leavers, for reports and dashboards.

Every function takes the path of an org unit (``""`` for the whole civil service) that the caller
has already checked against the user's scope, and returns plain counts; suppressing small groups
is the reporting layer's job. Each runs one grouped statement whatever the size of the subtree.

"In post on a date" means hired on or before it (or no hire date) and not yet gone: no leave
date on or before it, and not marked as a leaver (``deleted_at``) by the end of it. Units are the
ones people belong to now: the directory keeps no history of moves between units.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, extract, func, or_, select

from common.extensions import db
from common.models import Employee, OrgUnit, Position
from common.reads import shows

AGE_BANDS = ("under_30", "30_39", "40_49", "50_59", "60_plus", "unknown")
DIMENSIONS = ("rank", "category", "gender", "age_band")


def in_post(on: date) -> ColumnElement[bool]:
    """Employees in post at the end of the day ``on``."""
    next_day = datetime.combine(on + timedelta(days=1), time())
    return and_(or_(Employee.hire_date.is_(None), Employee.hire_date <= on),
                or_(Employee.leave_date.is_(None), Employee.leave_date > on),
                or_(Employee.deleted_at.is_(None), Employee.deleted_at >= next_day))


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def _age_band(on: date) -> Any:
    """A CASE expression naming the age band of ``Employee.birth_date`` on ``on`` (cross-database)."""
    limits = [(_years_before(on, 30), "under_30"), (_years_before(on, 40), "30_39"),
              (_years_before(on, 50), "40_49"), (_years_before(on, 60), "50_59")]
    return case((Employee.birth_date.is_(None), "unknown"),
                *((Employee.birth_date > limit, band) for limit, band in limits), else_="60_plus")


def _in_subtree(root_path: str) -> ColumnElement[bool]:
    return OrgUnit.path.startswith(root_path, autoescape=True)


def headcount_by(root_path: str, on: date, dimension: str) -> dict[str, int]:
    """Staff in post on ``on`` in the subtree, by ``rank`` (``"1"``-``"4"``), ``category``, ``gender`` or
    ``age_band``; people without a value are counted under ``"unknown"``."""
    column = {"rank": Position.rank, "category": Position.category, "gender": Employee.gender,
              "age_band": _age_band(on)}[dimension]
    stmt = (select(column, func.count(Employee.id)).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .outerjoin(Position, Employee.position_id == Position.id)
            .where(_in_subtree(root_path), in_post(on)).group_by(column))
    counts: dict[str, int] = {}
    for value, count in db.session.execute(stmt):
        key = "unknown" if value in (None, "") else str(value)
        counts[key] = counts.get(key, 0) + count
    return counts


def headcount_by_unit(root_path: str, depth: int, on: date) -> dict[int | None, int]:
    """Staff in post on ``on`` by the unit directly under the root (depth ``depth``) that holds them;
    ``None`` counts the staff of the root unit itself. ``depth`` 0 with ``root_path`` ``""``: by top unit."""
    stmt = (select(OrgUnit.path, func.count(Employee.id)).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .where(_in_subtree(root_path), in_post(on)).group_by(OrgUnit.path))
    counts: dict[int | None, int] = {}
    for path, count in db.session.execute(stmt):
        parts = path.strip("/").split("/")
        key = int(parts[depth]) if len(parts) > depth else None
        counts[key] = counts.get(key, 0) + count
    return counts


def units_by_id(ids: list[int]) -> dict[int, OrgUnit]:
    if not ids:
        return {}
    return {unit.id: unit for unit in db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(ids)))}


def movements_by_year(root_path: str, first: int, last: int) -> dict[int, tuple[int, int]]:
    """Hires and leavers in each calendar year from ``first`` to ``last``: ``{year: (hires, leavers)}``."""
    hired = extract("year", Employee.hire_date)
    left = func.coalesce(extract("year", Employee.leave_date), extract("year", Employee.deleted_at))
    base = select(Employee.id).join(OrgUnit, Employee.org_unit_id == OrgUnit.id).where(_in_subtree(root_path))
    rows = {year: [0, 0] for year in range(first, last + 1)}
    for index, column in enumerate((hired, left)):
        stmt = (base.with_only_columns(column, func.count(Employee.id))
                .where(column >= first, column <= last).group_by(column))
        for year, count in db.session.execute(stmt):
            rows[int(year)][index] = count
    return {year: (hires, leavers) for year, (hires, leavers) in rows.items()}


def earliest_hire_year(root_path: str) -> int | None:
    stmt = (select(func.min(Employee.hire_date)).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .where(_in_subtree(root_path)))
    first = db.session.scalar(stmt)
    return first.year if first else None


def staff_in_post(root_path: str, on: date) -> list[Any]:
    """Everyone in post on ``on`` in the subtree, for a staff annex: name, position, unit, hire date.
    Rows (not ORM objects), ordered by unit code and surname, so that 100,000 people stay cheap."""
    stmt = (select(Employee.personal_number, Employee.first_name_ka, Employee.last_name_ka, Employee.first_name_en,
                   Employee.last_name_en, Employee.hire_date, Position.title_ka, Position.title_en, Position.rank,
                   OrgUnit.code.label("unit_code"), OrgUnit.name_ka.label("unit_ka"),
                   OrgUnit.name_en.label("unit_en"), Employee.id.label("employee_id"))
            .join(OrgUnit, Employee.org_unit_id == OrgUnit.id).outerjoin(Position, Employee.position_id == Position.id)
            .where(_in_subtree(root_path), in_post(on))
            .order_by(OrgUnit.code, Employee.last_name_en, Employee.first_name_en, Employee.id))
    rows = list(db.session.execute(stmt))
    shows(row.employee_id for row in rows)
    return rows


def units_under(paths: list[str] | None) -> list[Any]:
    """Open units inside any of ``paths`` (``None``: every open unit) as rows, for unit pickers."""
    stmt = select(OrgUnit.id, OrgUnit.parent_id, OrgUnit.code, OrgUnit.name_ka, OrgUnit.name_en, OrgUnit.depth,
                  OrgUnit.path).where(OrgUnit.valid_to.is_(None))
    if paths is not None:
        if not paths:
            return []
        stmt = stmt.where(or_(*(_in_subtree(path) for path in paths)))
    return list(db.session.execute(stmt.order_by(OrgUnit.depth, OrgUnit.code)))
