"""The directory's search page: one page of the people a reader may see who match the typed terms, and their number,
exact up to a cap ("more than 1,000", issue 20).

What the page shows of each person (name, personal number, position and its rank, unit) is read as plain columns
in the reader's language (``queries.StaffRow``), not as ``Employee``, ``OrgUnit`` and ``Position`` entities; and the
statements are built once per shape of search (the order, how many terms and of which kind, the shape of the
scope), their values passed as parameters. Building the statement and the entities was most of the page's own
work at a tenth of the data.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    Subquery,
    any_,
    bindparam,
    cast,
    false,
    func,
    null,
    or_,
    select,
    true,
    union_all,
)

from common.directory.queries import ROMAN, SORTS, StaffFilter, StaffRow
from common.extensions import db
from common.models import Employee, OrgUnit, Position
from common.models.base import pick, reads_english
from common.pagination import ListPage, page_number
from common.permissions import scope_paths
from common.reads import shows

MAX_TERMS = 5  # terms past the fifth are ignored, as they always were


@dataclass(frozen=True)
class SearchPage(ListPage):
    """Page ``page`` of the results, a ``ListPage`` (what the ``pager`` macro reads) with its rows.

    ``capped``: more than ``count_cap`` people match; ``total`` is then a lower bound that still offers "next"
    while the page is full (the pager says "more than ``count_cap``" and numbers no last page).
    """

    items: list[StaffRow]
    count_cap: int
    capped: bool = False


@dataclass(frozen=True)
class Shape:
    """What a search's statement depends on besides its values; the statement is built once per shape."""

    sort: str  # as in the address, valid: "name", "-position"...
    numbers: tuple[bool, ...]  # one per term: True for digits (the start of a personal number), False for text
    scope: int | None  # how many subtrees the reader sees (``None``: everywhere)
    unit: bool  # only the subtree of the unit asked for (on top of the scope)
    walk: bool  # PostgreSQL: the page read by walking the sort's posts or units in order (``_walk``)


def _like_literal(text: str) -> str:
    """``text`` with ``LIKE``'s wildcards (and the escape character ``\\``) taken literally: a ``%`` or ``_`` typed
    in a search is a character, which also keeps a term from matching across the fields of ``search_text``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(user: Any, filters: StaffFilter, page_size: int, cap: int) -> tuple[Shape, dict[str, Any]]:
    """The shape of the search ``filters`` asks of ``user``, and its values."""
    values: dict[str, Any] = {}
    paths = scope_paths(user, "directory.browse")
    unit = db.session.get(OrgUnit, filters.unit_id) if filters.unit_id else None
    if unit is not None and (paths is None or any(unit.path.startswith(p) for p in paths)):
        # The unit's subtree lies inside the scope, so its path alone says who may be listed. Both conditions
        # together would be right too, but PostgreSQL multiplies their selectivities and misjudges the plan.
        paths = None
    for i, path in enumerate(paths or ()):
        values[f"scope_{i}"] = _like_literal(path) + "%"
    if filters.unit_id:
        values["unit"] = _like_literal(unit.path if unit is not None else "/none/") + "%"
    terms = filters.q.split()[:MAX_TERMS]
    for i, term in enumerate(terms):
        if term.isdigit():
            values[f"term_{i}"] = term + "%"
        else:
            values[f"term_{i}"] = "%" + _like_literal(term.lower()) + "%"
            values[f"term_{i}_ka"] = "%" + _like_literal(term) + "%"
    number = page_number(filters.page)
    values |= {"count_limit": cap + 1, "page_limit": page_size, "page_offset": (number - 1) * page_size}
    sort = filters.sort if filters.sort.lstrip("-") in SORTS else "name"
    walk = sort.lstrip("-") in WALKED and db.session.get_bind().dialect.name == "postgresql"
    return Shape(sort, tuple(t.isdigit() for t in terms), None if paths is None else len(paths),
                 bool(filters.unit_id), walk), values


# Orders whose page PostgreSQL reads by walking a short list in order (posts by rank, units by code), each one's
# matches by index, stopping once the page is full; any other order is an index of its own (``ix_employee_*_order``)
# or, on SQLite, a sort of every match.
WALKED = {"position", "unit"}


def _in_scope(shape: Shape) -> list[ColumnElement[bool]]:
    """Conditions on ``OrgUnit``: the units whose people a search of this shape may list."""
    where: list[ColumnElement[bool]] = []
    if shape.scope is not None:
        where.append(or_(*(OrgUnit.path.like(bindparam(f"scope_{i}"), escape="\\") for i in range(shape.scope)))
                     if shape.scope else false())
    if shape.unit:
        where.append(OrgUnit.path.like(bindparam("unit"), escape="\\"))
    return where


def _matching(shape: Shape) -> list[ColumnElement[bool]]:
    """Conditions on ``Employee``: in post, and matching every term."""
    where: list[ColumnElement[bool]] = [Employee.deleted_at.is_(None)]
    for i, number in enumerate(shape.numbers):
        term = bindparam(f"term_{i}")
        if number:
            where.append(Employee.personal_number.like(term, escape="\\"))
            continue
        # Positions are a short list: matching their titles once, then by id, spares testing two titles on every
        # employee in scope. Names and e-mail are one generated column (``search_text``, lower-cased,
        # trigram-indexed on PostgreSQL): one test per employee instead of five.
        titled = (select(Position.id).where(or_(func.lower(Position.title_en).like(term, escape="\\"),
                                                Position.title_ka.like(bindparam(f"term_{i}_ka"), escape="\\")))
                  .correlate(None))
        where.append(or_(Employee.search_text.like(term, escape="\\"), Employee.position_id.in_(titled)))
    return where


def _keys(sort: str) -> list[Any]:
    return list(SORTS[sort.lstrip("-")])


def _direction(sort: str, key: Any) -> Any:
    return key.desc() if sort.startswith("-") else key.asc()


def _ordered(sort: str, keys: list[Any], last: Any) -> list[Any]:
    """``keys`` in the sort's direction, then ``last`` (the id) ascending: people in one post keep one order."""
    return [*(_direction(sort, k) for k in keys), last.asc()]


def _count(shape: Shape) -> Subquery:
    """How many people match, counted no further than ``count_limit`` (the cap and one)."""
    found = (select(Employee.id).select_from(Employee).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
             .where(*_in_scope(shape), *_matching(shape)).limit(bindparam("count_limit")))
    return select(func.count().label("total")).select_from(found.subquery()).subquery("counted")


# What the page shows of each person, in both languages (the reader's is picked in Python, ``_found``).
SHOWN = (Employee.id, Employee.personal_number, Employee.first_name_ka, Employee.last_name_ka, Employee.first_name_en,
         Employee.last_name_en, Position.id.label("position_id"), Position.title_ka, Position.title_en, Position.rank,
         OrgUnit.name_ka.label("unit_ka"), OrgUnit.name_en.label("unit_en"))


def _found(rows: list[Any]) -> list[StaffRow]:
    """The rows as the staff table shows them (``queries.StaffRow``), each name picked in the reader's language."""
    english = reads_english()
    return [StaffRow(r.id, pick(f"{r.first_name_ka} {r.last_name_ka}", f"{r.first_name_en} {r.last_name_en}", english),
                     r.personal_number, None if r.position_id is None else pick(r.title_ka, r.title_en, english),
                     None if r.position_id is None else ROMAN.get(r.rank, str(r.rank)),
                     pick(r.unit_ka, r.unit_en, english))
            for r in rows]


def _sorted_page(shape: Shape) -> Subquery:
    """The page's people in the sort's order: an order an index gives stops after the page; any other sorts every
    match (SQLite)."""
    keys = _keys(shape.sort)
    return (select(*SHOWN, *(k.label(f"key_{n}") for n, k in enumerate(keys)))
            .select_from(Employee).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .outerjoin(Position, Employee.position_id == Position.id)
            .where(*_in_scope(shape), *_matching(shape)).order_by(*_ordered(shape.sort, keys, Employee.id))
            .limit(bindparam("page_limit")).offset(bindparam("page_offset")).subquery("page"))


def _walk(shape: Shape) -> Subquery:
    """The page's people in the sort's order, by post or by unit (PostgreSQL).

    Sorting by post reads every match to sort them all: 1,327 people out of a national ministry's 5,564 for
    "shvili". Posts are a short list (and units in scope a few hundred): walked in the sort's order, each one's
    matches read by index (``ix_employee_active_position_unit``, ``ix_employee_active_org_unit_id``) and sorted by
    id, the walk stops once the page is full, a post or two in. People without a post are the list's ``NULL``
    row, placed where the database puts ``NULL`` in that direction, as the plain ``ORDER BY`` does.
    """
    matching = _matching(shape)
    if shape.sort.lstrip("-") == "position":
        posts = union_all(select(Position.id, Position.rank, Position.code), select(null(), null(), null()))
        driver = posts.order_by(_direction(shape.sort, posts.selected_columns.rank),
                                _direction(shape.sort, posts.selected_columns.code)).subquery("posts")
        scope = _in_scope(shape)
        if scope:  # the units in scope as one array, so each post's people are one index range per unit
            units = select(func.array_agg(OrgUnit.id)).where(*scope).scalar_subquery()
            matching = [*matching, Employee.org_unit_id == any_(cast(units, ARRAY(Integer)))]
        people = union_all(
            select(Employee.id).where(Employee.position_id == driver.c.id, *matching),
            select(Employee.id).where(driver.c.id.is_(None), Employee.position_id.is_(None), *matching),
        ).offset(0).lateral("people")  # OFFSET 0: run for each post in turn, not merged into one scan
        keys = [driver.c.rank, driver.c.code]
    else:
        driver = (select(OrgUnit.id, OrgUnit.code).where(*_in_scope(shape))
                  .order_by(_direction(shape.sort, OrgUnit.code)).subquery("units"))
        people = (select(Employee.id).where(Employee.org_unit_id == driver.c.id, *matching)
                  .offset(0).lateral("people"))
        keys = [driver.c.code]
    walked = (select(people.c.id, *(k.label(f"key_{n}") for n, k in enumerate(keys)))
              .select_from(driver.join(people, true())).order_by(*_ordered(shape.sort, keys, people.c.id))
              .limit(bindparam("page_limit")).offset(bindparam("page_offset")).subquery("walked"))
    return (select(*SHOWN, *(walked.c[f"key_{n}"] for n in range(len(keys))))
            .select_from(walked).join(Employee, Employee.id == walked.c.id)
            .join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .outerjoin(Position, Employee.position_id == Position.id).subquery("page"))


@functools.lru_cache(maxsize=256)
def _statement(shape: Shape) -> Select:
    """The count and the page in one statement: the count's one row, joined to the page's rows (none past the
    last page, where the count still says how many there are)."""
    counted = _count(shape)
    page = _walk(shape) if shape.walk else _sorted_page(shape)
    keys = [c for name, c in page.c.items() if name.startswith("key_")]
    return (select(counted.c.total, *(page.c[c.name] for c in SHOWN))
            .select_from(counted.outerjoin(page, true())).order_by(*_ordered(shape.sort, keys, page.c.id)))


def search_staff(user: Any, filters: StaffFilter, page_size: int, cap: int) -> SearchPage:
    """One page of the people ``user`` may see who match ``filters``, in its order, and how many match (exact up
    to ``cap``): one statement. The people listed are noted as read (``common.reads``)."""
    shape, values = _where(user, filters, page_size, cap)
    rows = db.session.execute(_statement(shape), values).all()
    total = rows[0].total
    items = _found([r for r in rows if r.id is not None])
    number, capped = page_number(filters.page), total > cap
    if capped:
        seen = (number - 1) * page_size + len(items)
        total = max(cap + 1, seen + (1 if len(items) == page_size else 0))
    shows(item.id for item in items)
    return SearchPage(number, page_size, total, items, cap, capped)
