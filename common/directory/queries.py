"""Reads of the staff directory, every one already limited to what the user may see.

Each query runs a fixed number of statements whatever the number of employees, so list pages
cost the same for a division of ten and a ministry of ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased, contains_eager

from common.directory.headcounts import subtree_counts
from common.extensions import db
from common.models import AuditEvent, AuditSubject, Employee, OrgUnit, OrgUnitHeadcount, Position, User
from common.models.base import pick, reads_english
from common.pagination import Page, paginate, paginate_rows
from common.permissions import unit_in_scope as can_see_unit
from common.permissions import unit_scope
from common.reads import shows

SORTS = {
    "name": (Employee.last_name_en, Employee.first_name_en),
    "name_ka": (Employee.last_name_ka, Employee.first_name_ka),
    "unit": (OrgUnit.code,),
    "position": (Position.rank, Position.code),
    "hired": (Employee.hire_date,),
}


def visible_units(user: object) -> Select:
    return select(OrgUnit).where(unit_scope(user, "directory.browse"), OrgUnit.valid_to.is_(None))


def top_units(user: object) -> list[tuple[OrgUnit, int]]:
    """The highest units in the user's scope with the headcount of each subtree."""
    scoped = visible_units(user).subquery()
    top_depth = select(func.min(scoped.c.depth)).scalar_subquery()
    unit = aliased(OrgUnit, scoped)
    stmt = (select(unit).where(unit.depth == top_depth).order_by(unit.code))
    units = list(db.session.execute(stmt).scalars())
    return list(zip(units, headcounts(units), strict=True))


def headcounts(units: list[OrgUnit]) -> list[int]:
    """Active staff in each unit's subtree, read from the summary the writes keep (``directory.headcounts``)."""
    counts = subtree_counts(db.session.connection(), [u.id for u in units])
    return [counts[u.id] for u in units]


def unit_in_scope(user: object, unit_id: int) -> OrgUnit | None:
    """The current unit ``unit_id`` if the user may browse it: found by its key (``Session.get``, whose statement
    the ORM builds once), the scope checked on its path, rather than a statement built per request with the
    scope's ``LIKE`` conditions in it (the same prefixes: ``permissions.unit_in_scope``)."""
    unit = db.session.get(OrgUnit, unit_id)
    return unit if unit is not None and unit.valid_to is None and can_see_unit(user, "directory.browse", unit) \
        else None


class UnitCrumb(NamedTuple):
    """An ancestor in a page's breadcrumbs (the ``unit_crumb`` filter), named in the reader's language."""

    id: int
    name: str


_ANCESTORS = select(OrgUnit.id, OrgUnit.name_ka, OrgUnit.name_en).where(OrgUnit.id.in_(bindparam("ids",
                                                                                                   expanding=True)))


def ancestors(unit: OrgUnit) -> list[UnitCrumb]:
    """The units above ``unit``, the highest first: their names only (one statement built once, as columns), for
    the breadcrumbs of the unit, chart and profile pages."""
    ids = unit.ancestor_ids[:-1]
    if not ids:
        return []
    english = reads_english()
    by_id = {r[0]: UnitCrumb(r[0], pick(r[1], r[2], english))
             for r in db.session.connection().execute(_ANCESTORS, {"ids": ids})}
    return [by_id[i] for i in ids if i in by_id]


class ChildUnit(NamedTuple):
    """A sub-unit as the unit page lists it, named in the reader's language."""

    id: int
    code: str
    name: str
    kind: str


_unit = OrgUnit.__table__.c
# A unit's current sub-units and the unit itself (``unit_id``), with their subtree headcounts, in code order.
_CHILDREN = (select(_unit.id, _unit.code, _unit.name_ka, _unit.name_en, _unit.kind,
                    func.coalesce(OrgUnitHeadcount.__table__.c.subtree, 0))
             .select_from(OrgUnit.__table__.outerjoin(OrgUnitHeadcount.__table__,
                                                      OrgUnitHeadcount.__table__.c.org_unit_id == _unit.id))
             .where(or_(and_(_unit.parent_id == bindparam("unit_id"), _unit.valid_to.is_(None)),
                        _unit.id == bindparam("unit_id")))
             .order_by(_unit.code))


def children_and_headcount(unit: OrgUnit) -> tuple[list[tuple[ChildUnit, int]], int]:
    """The unit's current sub-units with their headcounts, and the unit's own headcount (its whole staff, which the
    unit page lists), from the summary (``directory.headcounts``), in one statement built once, as plain rows."""
    rows = db.session.connection().execute(_CHILDREN, {"unit_id": unit.id}).all()
    english = reads_english()
    children = [(ChildUnit(r[0], r[1], pick(r[2], r[3], english), r[4]), r[5]) for r in rows if r[0] != unit.id]
    return children, next(r[5] for r in rows if r[0] == unit.id)


@dataclass
class StaffFilter:
    q: str = ""
    unit_id: int | None = None
    sort: str = "name"
    page: int = 1


def _employee_stmt(user: object, filters: StaffFilter, *columns: Any) -> Select:
    """The employees matching ``filters`` in the user's scope, in the chosen order: whole ``Employee`` objects
    with their unit and position, or ``columns`` (of those three) when given."""
    stmt = (
        # The unit and position come from the joins the filters and sorts need anyway (contains_eager),
        # rather than from a second pair of joins (joinedload).
        (select(*columns) if columns else
         select(Employee).options(contains_eager(Employee.org_unit), contains_eager(Employee.position)))
        .select_from(Employee)
        .join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
        .outerjoin(Position, Employee.position_id == Position.id)
        .where(Employee.deleted_at.is_(None))
    )
    unit = db.session.get(OrgUnit, filters.unit_id) if filters.unit_id else None
    if unit is not None and can_see_unit(user, "directory.browse", unit):
        # The unit's subtree lies inside the scope, so its path alone says who may be listed. Both conditions
        # together would be right too, but PostgreSQL multiplies their selectivities, expects a handful of
        # people instead of thousands, and sorts them all instead of reading the sort order off its index.
        stmt = stmt.where(OrgUnit.path.startswith(unit.path, autoescape=True))
    else:
        stmt = stmt.where(unit_scope(user, "directory.browse"))
        if filters.unit_id:
            stmt = stmt.where(OrgUnit.path.startswith(unit.path if unit else "/none/", autoescape=True))
    for term in filters.q.split()[:5]:
        if term.isdigit():
            stmt = stmt.where(Employee.personal_number.startswith(term))
            continue
        like = _containing(term.lower())
        # Positions are a short list: matching their titles once, then by id, spares testing two titles on
        # every employee in scope. The names and e-mail are one generated column (``search_text``, lower-cased,
        # trigram-indexed on PostgreSQL): one test per employee instead of five.
        positions = select(Position.id).where(or_(func.lower(Position.title_en).like(like, escape="\\"),
                                                  Position.title_ka.like(_containing(term), escape="\\")))
        stmt = stmt.where(or_(Employee.search_text.like(like, escape="\\"), Employee.position_id.in_(positions)))
    return stmt.order_by(*_order(filters))


def _order(filters: StaffFilter) -> list[Any]:
    columns = SORTS.get(filters.sort.lstrip("-"), SORTS["name"])
    return [*(c.desc() if filters.sort.startswith("-") else c.asc() for c in columns), Employee.id]


# What a row of the staff table shows, read as columns: a page of 25 ORM employees, each with its unit and
# position as objects, cost more to build than the table cost to render.
STAFF_COLUMNS = (Employee.id, Employee.first_name_ka, Employee.last_name_ka, Employee.first_name_en,
                 Employee.last_name_en, Employee.personal_number, Position.id, Position.title_ka, Position.title_en,
                 Position.rank, OrgUnit.name_ka, OrgUnit.name_en)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}  # ``Position.rank_roman``


class StaffRow(NamedTuple):
    """One person of the staff table, named in the reader's language (``title`` None: no position)."""

    id: int
    full_name: str
    personal_number: str
    title: str | None
    rank_roman: str | None
    unit_name: str


def _staff_rows(rows: list[Any]) -> list[StaffRow]:
    """``STAFF_COLUMNS`` rows as the table shows them, the language asked once for the page (``pick``)."""
    english = reads_english()
    return [StaffRow(r[0], pick(f"{r[1]} {r[2]}", f"{r[3]} {r[4]}", english), r[5],
                     None if r[6] is None else pick(r[7], r[8], english),
                     None if r[6] is None else ROMAN.get(r[9], str(r[9])), pick(r[10], r[11], english))
            for r in rows]


def _containing(term: str) -> str:
    """A ``LIKE`` pattern (escape character ``\\``) for text containing ``term`` literally: a ``%`` or ``_`` typed
    in a search is a character, which also keeps a term from matching across the fields of ``search_text``."""
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@lru_cache(maxsize=2 * len(SORTS))
def _unit_staff_stmt(sort: str) -> Select:
    """``_employee_stmt`` of a whole unit in the user's scope (its path alone says who is listed), sorted by
    ``sort``, with the unit's path as a parameter (``prefix``): built once per order."""
    return (select(*STAFF_COLUMNS).select_from(Employee).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .outerjoin(Position, Employee.position_id == Position.id)
            .where(Employee.deleted_at.is_(None), OrgUnit.path.like(bindparam("prefix"), escape="/"))
            .order_by(*_order(StaffFilter(sort=sort))))


def unit_staff(unit: OrgUnit, sort: str, number: int, page_size: int, cap: int, total: int) -> Page:
    """Page ``number`` of a unit's whole staff (the unit page), ``total`` its headcount: what the search
    (``common.directory.search``) lists for the unit with no search terms, through a statement built once rather
    than per request. The caller has checked the unit is in the user's scope (``unit_in_scope``)."""
    prefix = unit.path.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"  # ``startswith`` autoescape
    page = paginate_rows(_unit_staff_stmt(sort if sort.lstrip("-") in SORTS else "name"), number, page_size,
                         total=total, params={"prefix": prefix})
    return _listed(page, total, cap)


def _listed(page: Page, total: int | None, cap: int | None) -> Page:
    """``page`` of ``STAFF_COLUMNS`` rows as the staff table shows them, its people logged as read, its total capped
    at ``cap`` as the search caps its count (``common.directory.search``)."""
    page.items = _staff_rows(page.items)
    page.capped = total is not None and total > cap
    page.count_cap = cap
    if page.capped:
        seen = (page.page - 1) * page.per_page + len(page.items)
        page.total = max(cap + 1, seen + (1 if len(page.items) == page.per_page else 0))
    shows(row.id for row in page.items)
    return page


def staff_for_export(user: object, filters: StaffFilter) -> list[tuple]:
    """Every employee the search would list, in its order, as rows of the export's columns (see
    ``views.EXPORT_COLUMNS``).

    Plain rows rather than ORM objects with their unit, position and manager loaded beside them: a
    ministry's export is thousands of people, and building the objects cost more than reading the rows.
    """
    manager = aliased(Employee)
    stmt = _employee_stmt(
        user, filters, Employee.personal_number, Employee.last_name_ka, Employee.first_name_ka, Employee.last_name_en,
        Employee.first_name_en, Employee.email, OrgUnit.code, Position.code, Position.rank, Employee.employment_type,
        Employee.hire_date, manager.personal_number, Employee.id,
    ).outerjoin(manager, Employee.manager_id == manager.id)
    rows = db.session.execute(stmt).all()
    shows(row[12] for row in rows)
    return [(*row[:7], "" if row[7] is None else row[7], "" if row[8] is None else row[8], *row[9:11],
             "" if row[11] is None else row[11]) for row in rows]


# Reads logged before ``common.reads`` (action "view"): what they showed, by the object they named.
LEGACY_READS = {"Employee": "profile", "Appraisal": "appraisal", "Certificate": "certificate", "ScoAttempt": "scorm"}


@dataclass
class ReadOfMe:
    """One read of the signed-in person's data, as they may see it: never the reader's address."""

    at: datetime
    what: str
    held_as: list[tuple[str, OrgUnit | None]]  # (role code, its unit; None: everywhere), as held at the time
    reader: str | None  # the reader's name, when one of their roles is named (``READ_LOG_NAMED_ROLES``)


def reads_of_me(user: Any, number: int, size: int, named_roles: frozenset[str]) -> Page:
    """The reads of ``user``'s personal data by others, newest first: three statements (page, count, readers and
    units). Pages, exports and reports all count, through the audit log's index of subjects."""
    stmt = (select(AuditEvent).join(AuditSubject, AuditSubject.event_id == AuditEvent.id)
            .where(AuditSubject.employee_id == user.employee_id, AuditEvent.kind == "read",
                   or_(AuditEvent.actor_id.is_(None), AuditEvent.actor_id != user.id))
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()))
    page = paginate(stmt, number, size)
    roles = {id(e): e.reader_roles or [] for e in page.items}
    unit_ids = {r.get("unit_id") for rs in roles.values() for r in rs} - {None}
    actor_ids = {e.actor_id for e in page.items} - {None}
    units = {u.id: u for u in db.session.execute(select(OrgUnit).where(OrgUnit.id.in_(unit_ids))).scalars()} \
        if unit_ids else {}
    names = dict(db.session.execute(
        select(User.id, Employee).outerjoin(Employee, User.employee_id == Employee.id).where(User.id.in_(actor_ids))
    ).tuples().all()) if actor_ids else {}
    items = []
    for e in page.items:
        held = [(r["role"], units.get(r.get("unit_id"))) for r in roles[id(e)]]
        named = any(role in named_roles for role, _unit in held)
        person = names.get(e.actor_id)
        reader = (person.full_name if person is not None else e.actor_email) if named else None
        what = e.action if e.action != "view" else LEGACY_READS.get(e.object_type or "", "view")
        items.append(ReadOfMe(e.created_at, what, held, reader))
    page.items = items
    return page
