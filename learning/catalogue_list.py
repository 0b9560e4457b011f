"""The catalogue's page of courses: which published courses match, in which order, and the reader's own status in each.

A page is one statement, built once per shape of the filters (which of them are set, how many search words, the
language's title order: at most a few hundred shapes) and run with bind parameters. It reads the ids of the page's
courses, the number of matches (``count(*) OVER ()``) and the three columns of the reader's current enrolment that
its status needs (the partial unique index ``uq_learning_enrolment_current`` allows at most one per course), not
``Course`` and ``Enrolment`` entities: what a card shows of the course comes rendered from ``catalogue_cache``, which
loads courses only for cards it does not hold. Building the ORM query and loading 25 courses with their
competencies was half of the page's CPU.

The search is the same as ever: every word must be in a title, a summary or the code (a ``LIKE`` without escaping,
so ``%`` and ``_`` typed in the search box still match anything, as they did).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, func, or_, select

from common.extensions import db
from common.pagination import ListPage, page_number
from learning.models import Course, Enrolment, status_of
from learning.models.catalogue import course_competency

MAX_WORDS = 5  # search words used; the rest of the search box is ignored


@dataclass
class CatalogueFilter:
    """What the reader asked for in the filter form (``views.catalogue`` checks each value)."""

    q: str = ""
    category: str = ""
    level: str = ""
    language: str = ""
    competency: int | None = None
    page: int = 1


@dataclass(frozen=True)
class Listed:
    """One course of the page and the reader's status in it (``None``: not enrolled)."""

    course_id: int
    status: str | None


@dataclass(frozen=True)
class CataloguePage:
    """The page's courses in order, and the pager's figures (``ListPage``: page, pages, total…)."""

    page: ListPage
    items: list[Listed]


def catalogue_page(filters: CatalogueFilter, page_size: int, employee_id: int | None, today: date, *,
                   english: bool) -> CataloguePage:
    """Page ``filters.page`` of the published courses matching ``filters``, in title order, with the status of
    ``employee_id`` (``None``: an account with no person, never enrolled) in each. One statement; a page past the
    last one, which has no row to carry the total, costs a count as well and is empty."""
    words = filters.q.split()[:MAX_WORDS]
    shape = (len(words), bool(filters.category), bool(filters.level), bool(filters.language),
             bool(filters.competency), english)
    number = page_number(filters.page)
    values: dict[str, Any] = {"employee_id": employee_id, "offset": (number - 1) * page_size, "size": page_size,
                              "category": filters.category, "level": filters.level, "language": filters.language,
                              "competency": filters.competency}
    for n, word in enumerate(words):
        values[f"lower{n}"], values[f"word{n}"] = f"%{word.lower()}%", f"%{word}%"
    rows = db.session.execute(_page_statement(*shape), values).all()
    if rows:
        total = rows[0].total
    else:
        total = db.session.execute(_count_statement(*shape[:5]), values).scalar_one() if number > 1 else 0
    items = [Listed(row.id, None if row.state is None else status_of(row.state, row.due_date, row.expires_on, today))
             for row in rows]
    return CataloguePage(ListPage(number, page_size, total), items)


def _matching(words: int, category: bool, level: bool, language: bool, competency: bool, *columns: Any) -> Select:
    """``columns`` of the published courses matching a search of ``words`` words and the filters set."""
    c = Course
    stmt = select(*columns).where(c.published.is_(True))
    for n in range(words):
        lower, word = bindparam(f"lower{n}"), bindparam(f"word{n}")
        stmt = stmt.where(or_(func.lower(c.title_en).like(lower), c.title_ka.like(word),
                              func.lower(c.summary_en).like(lower), c.summary_ka.like(word),
                              func.lower(c.code).like(lower)))
    for field, wanted in (("category", category), ("level", level), ("language", language)):
        if wanted:
            stmt = stmt.where(getattr(c, field) == bindparam(field))
    if competency:
        stmt = stmt.where(c.id.in_(select(course_competency.c.course_id).where(
            course_competency.c.competency_id == bindparam("competency", type_=Integer))))
    return stmt


@functools.cache
def _page_statement(words: int, category: bool, level: bool, language: bool, competency: bool,
                    english: bool) -> Select:
    """Built once per shape of the filters: building it afresh cost as much as running it."""
    c, e = Course, Enrolment
    mine = and_(e.course_id == c.id, e.employee_id == bindparam("employee_id", type_=Integer), e.is_current.is_(True))
    stmt = _matching(words, category, level, language, competency, c.id, e.state, e.due_date, e.expires_on,
                     func.count().over().label("total"))
    return (stmt.outerjoin(e, mine).order_by(c.title_en if english else c.title_ka, c.id)
            .offset(bindparam("offset", type_=Integer)).limit(bindparam("size", type_=Integer)))


@functools.cache
def _count_statement(words: int, category: bool, level: bool, language: bool, competency: bool) -> Select:
    return _matching(words, category, level, language, competency, func.count(Course.id))
