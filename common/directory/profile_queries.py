"""The profile page's reads: the person with unit, position and manager, and their direct reports' names and posts.

Both statements are built once (their options and clauses cost more to build than to run); the reports are read
as columns, named in the reader's language once per list (``pick``), not as entities with their posts: the page
shows a name and a title of each, and nothing on it is written back.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from common.extensions import db
from common.models import Employee, Position
from common.models.base import pick, reads_english

# The profile's person with unit, position and manager, built once (its options and clauses cost more to build
# than to run).
_PROFILE = (select(Employee).where(Employee.id == bindparam("employee_id"))
            .options(joinedload(Employee.org_unit), joinedload(Employee.position), joinedload(Employee.manager)))
# Their current direct reports' names and posts, as columns (also built once).
_REPORTS = (select(Employee.id, Employee.first_name_ka, Employee.last_name_ka, Employee.first_name_en,
                   Employee.last_name_en, Position.id, Position.title_ka, Position.title_en)
            .select_from(Employee).outerjoin(Position, Employee.position_id == Position.id)
            .where(Employee.manager_id == bindparam("manager_id"), Employee.deleted_at.is_(None))
            .order_by(Employee.last_name_en))


def employee_profile(employee_id: int) -> Employee | None:
    """The employee with unit, position and manager loaded. Not logged here: the view checks access first, then
    calls ``shows`` (a refused request reads nothing)."""
    return db.session.execute(_PROFILE, {"employee_id": employee_id}).scalar_one_or_none()


class DirectReport(NamedTuple):
    """Someone on a manager's profile, named in the reader's language (``title`` None: no position)."""

    id: int
    full_name: str
    title: str | None


def direct_reports(employee: Employee) -> list[DirectReport]:
    """Names and positions only, on someone's profile: a read of that someone, not of each report (a manager
    opening their own profile has not read their team's data)."""
    english = reads_english()
    rows = db.session.connection().execute(_REPORTS, {"manager_id": employee.id})
    return [DirectReport(r[0], pick(f"{r[1]} {r[2]}", f"{r[3]} {r[4]}", english),
                         None if r[5] is None else pick(r[6], r[7], english)) for r in rows]
