"""A page of results through Flask-SQLAlchemy's ``db.paginate``: two queries (rows and count), whatever the table.

What this adds is robustness of the page number, which comes from the address bar: anything that is not a
number reads as page 1, and a page number past ``MAX_PAGE`` is capped, because its OFFSET would overflow the
database's integer and fail the request. A page past the last one is simply empty.

``ListPage`` is the same pager for lists ``db.paginate`` cannot page (grouped rows, a unit tree): the caller knows
the total and reads the page's rows itself; a page past the end is the last page (a worklist emptied from its last
page shows what is left, not an empty table).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import Select, Subquery, bindparam, func, select

from common.extensions import db

Page = Pagination  # ``items``, ``total``, ``page``, ``per_page``, ``pages``, ``has_prev``, ``has_next``…
MAX_PAGE = 1_000_000


def page_number(value: Any) -> int:
    """``value`` (from a form or the query string) as a page number in 1..``MAX_PAGE``; 1 when it is no number."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return 1
    return min(max(1, number), MAX_PAGE)


def paginate(stmt: Select, number: Any, size: int, *, total: int | None = None) -> Page:
    """Page ``number`` of ``stmt``, ``size`` rows a page. ``total``: a count the caller already holds (cached),
    which saves the count query."""
    page = db.paginate(stmt, page=page_number(number), per_page=size, max_per_page=size, error_out=False,
                       count=total is None)
    if total is not None:
        page.total = total
    return page


class _CountedPagination(SelectPagination):
    """The page's rows and the total in one statement (``count(*) OVER ()``); a count query only for a page past
    the end, which has no row to carry the total."""

    def _query_items(self) -> list[Any]:
        stmt = self._query_args["select"].add_columns(func.count().over().label("total"))
        page = stmt.limit(self.per_page).offset(self._query_offset)
        fetch = self._query_args.get("fetch")
        rows = self._query_args["session"].execute(fetch(page.subquery()) if fetch else page).all()
        self._counted = rows[0][-1] if rows else None
        return [row[:-1] for row in rows] if self._query_args.get("rows") else [row[0] for row in rows]

    def _query_count(self) -> int:
        return self._counted if self._counted is not None else super()._query_count()


def paginate_counted(stmt: Select, number: Any, size: int,
                     fetch: Callable[[Subquery], Select] | None = None, *, rows: bool = False) -> Page:
    """Page ``number`` of ``stmt`` and its exact total from the same statement.

    For an order no index gives: the database reads and sorts every match to find the page anyway, so counting
    them there costs nothing, where a count query (even one capped) would read them all a second time.
    ``stmt`` must not eager-load a collection by join (its rows are taken as they come, one per item).

    ``fetch``: when ``stmt`` selects only keys (so every match goes through the count and the sort as a narrow
    row), it is given the page of ``stmt`` as a subquery (its columns and ``total``) and returns the statement
    that reads those rows whole, in order, the total last in each row: still one statement.

    ``rows``: the items are the rows' columns (the total left off) rather than their first column (an entity).
    """
    return _CountedPagination(page=page_number(number), per_page=size, max_per_page=size, error_out=False,
                              count=True, select=stmt, session=db.session(), fetch=fetch, rows=rows)


class _RowPagination(SelectPagination):
    """``db.paginate``'s page with plain rows as its items rather than the first column of each; with ``params``, of a
    statement built once (its page statement kept for it, ``_capped_statements``)."""

    def _query_items(self) -> list[Any]:
        args = self._query_args
        if args["params"] is None:
            stmt = args["select"].limit(self.per_page).offset(self._query_offset)
            return args["session"].execute(stmt).all()
        items, _count = _capped_statements(args["select"])
        values = args["params"] | {"page_limit": self.per_page, "page_offset": self._query_offset}
        return args["session"].execute(items, values).all()


def paginate_rows(stmt: Select, number: Any, size: int, *, total: int | None = None,
                  params: dict[str, Any] | None = None) -> Page:
    """``paginate`` for a statement of columns: its rows, not ORM objects, whose building costs more than a page
    of plain values (``total``: a count the caller already holds, which saves the count query). ``params``: the
    values of a statement built once (pass it with its ``total``)."""
    if params is not None and total is None:
        raise ValueError("a statement built once is paged with its total")
    page = _RowPagination(page=page_number(number), per_page=size, max_per_page=size, error_out=False,
                          count=total is None, select=stmt, session=db.session(), params=params)
    if total is not None:
        page.total = total
    return page


@lru_cache(maxsize=256)
def _capped_statements(stmt: Select) -> tuple[Select, Select]:
    """The page's statement and the capped count's of ``stmt``, with their limits and offset as parameters: built
    once for a statement its caller keeps (``functools.cache``), so neither is rebuilt for each page."""
    items = stmt.limit(bindparam("page_limit")).offset(bindparam("page_offset"))
    inner = stmt.order_by(None).limit(bindparam("count_limit")).subquery()
    return items, select(func.count()).select_from(inner)


@lru_cache(maxsize=256)
def _capped_page_statements(stmt: Select) -> tuple[Select, Select]:
    """``_capped_statements`` with the capped count in the page's statement, as its last column ``capped_total``
    (a subquery that does not depend on the row, so the database counts once): one round trip rather than two. The
    count alone is still needed for a page past the end, which has no row to carry it."""
    counted = stmt.order_by(None).with_only_columns(*stmt.selected_columns[:1], maintain_column_froms=True)
    total = select(func.count()).select_from(counted.limit(bindparam("count_limit")).subquery())
    items = stmt.add_columns(total.scalar_subquery().label("capped_total"))
    return items.limit(bindparam("page_limit")).offset(bindparam("page_offset")), total


class _CappedRowPagination(SelectPagination):
    """Plain rows (not ORM objects), and a total counted no further than ``cap + 1``, in the same statement."""

    def _query_items(self) -> list[Any]:
        args = self._query_args
        items, _count = _capped_page_statements(args["select"])
        values = args["params"] | {"page_limit": self.per_page, "page_offset": self._query_offset,
                                   "count_limit": args["cap"] + 1}
        rows = _on_connection(args["session"], items, values).all()
        self._counted = rows[0][-1] if rows else None
        return rows

    def _query_count(self) -> int:
        if self._counted is not None:
            return self._counted
        args = self._query_args
        _items, count = _capped_page_statements(args["select"])
        return _on_connection(args["session"], count, args["params"] | {"count_limit": args["cap"] + 1}).scalar_one()


def _on_connection(session: Any, stmt: Select, values: dict[str, Any]) -> Any:
    """``stmt`` run on the session's connection: for a statement of columns built once, the ORM's execution layer
    cost more CPU than the statement. Pending changes are flushed first, as ``session.execute`` would."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(stmt, values)


def paginate_capped_rows(stmt: Select, number: Any, size: int, cap: int, params: dict[str, Any] | None = None) -> Page:
    """Page ``number`` of ``stmt`` (with its parameters ``params``) as plain rows, with a total that is exact only
    up to ``cap``; each row carries that count as its last column (``capped_total``), read in the same statement.

    For a log that only grows: building ORM objects for a page, and counting every match, both cost more as it
    grows. Above the cap ``page.capped`` is set (the pager says "more than ``cap``") and ``page.total`` is a lower
    bound that still offers "next" while the current page is full. Pass a statement built once (its page and count
    statements are kept for it), its values in ``params``.
    """
    page = _CappedRowPagination(page=page_number(number), per_page=size, max_per_page=size, error_out=False,
                                count=True, select=stmt, session=db.session(), cap=cap, params=params or {})
    page.count_cap = cap
    page.capped = page.total > cap
    if page.capped:
        seen = (page.page - 1) * size + len(page.items)
        page.total = max(cap + 1, seen + (1 if len(page.items) == size else 0))
    return page


@dataclass(frozen=True)
class ListPage:
    """Page ``page`` of ``total`` items, ``per_page`` a page, with the attributes of ``Page`` the ``pager`` macro
    reads. Build it with ``ListPage.of``, which clamps the page number into 1..``pages``."""

    page: int
    per_page: int
    total: int
    capped = False  # the pager's "more than N results": a ListPage always knows its total

    @classmethod
    def of(cls, number: Any, per_page: int, total: int) -> ListPage:
        """``number`` as ``page_number`` reads it, then at most the last page (page 1 of an empty list)."""
        pages = max(1, -(-total // per_page))
        return cls(min(page_number(number), pages), per_page, total)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        """The number of items before this page (the query's OFFSET)."""
        return (self.page - 1) * self.per_page

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    @property
    def first(self) -> int:
        """The 1-based position of the page's first item (0 on an empty list), for "21–40 of 75"."""
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.offset + self.per_page, self.total)
