"""A page of results: two queries (rows and count), whatever the size of the table."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

from sqlalchemy import Select, func, select

from common.extensions import db


@dataclass
class Page:
    items: list[Any]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.size))


def paginate(stmt: Select, number: int, size: int) -> Page:
    """Page ``number`` of ``stmt``; a number past the end (``?page=9223372036854775807``) shows the last page.

    The number comes from the URL, so it is clamped before it reaches SQL: an offset beyond a 64-bit integer
    is an error in PostgreSQL and SQLite, and a page past the end would show an empty list anyway.
    """
    total = db.session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    number = min(max(1, number), max(1, ceil(total / size)))
    items = list(db.session.execute(stmt.limit(size).offset((number - 1) * size)).unique().scalars())
    return Page(items=items, total=total, number=number, size=size)
