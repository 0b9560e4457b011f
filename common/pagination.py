"""A page of results through Flask-SQLAlchemy's ``db.paginate``: two queries (rows and count), whatever the table.

What this adds is robustness of the page number, which comes from the address bar: anything that is not a
number reads as page 1, and a page number past ``MAX_PAGE`` is capped, because its OFFSET would overflow the
database's integer and fail the request. A page past the last one is simply empty.
"""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

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
