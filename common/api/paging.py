"""Cursor paging for API lists: ``?cursor=<opaque>&limit=<n>``, the answer's ``next_cursor`` (null on the last page).

The cursor is the last id of the page (opaque to callers: pass back what the answer gave): stable while rows are
added (unlike offsets), and a list's query orders by id so the next page starts right after it. Any cursor the
document allows (digits) is valid, so a schema-valid request is never refused.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app
from marshmallow import Schema, fields, validate
from sqlalchemy import Select

from common.extensions import db

NO_NUL = r"^[^\u0000]*$"


def text(**kwargs: Any) -> fields.String:
    """A query-string text: never a NUL character (PostgreSQL cannot hold one), and the document says so, so a
    request the document allows is never refused."""
    metadata = {"pattern": NO_NUL, **kwargs.pop("metadata", {})}
    return fields.String(validate=[validate.Regexp(r"^[^\x00]*$"), *kwargs.pop("validate", [])], metadata=metadata,
                         **kwargs)


class UtcDateTime(fields.DateTime):
    """A moment as RFC 3339 with its offset: the database keeps naive UTC, the document promises ``date-time``."""

    def _serialize(self, value: datetime | None, attr: Any, obj: Any, **kwargs: Any) -> str | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def has_nul(value: Any) -> bool:
    """Whether a decoded JSON body holds a NUL character anywhere (a key or a text)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    return False


class PageArgs(Schema):
    cursor = fields.String(load_default=None, validate=validate.Regexp(r"^[0-9]{1,10}$"),
                           metadata={"description": "The previous answer's next_cursor.", "pattern": "^[0-9]{1,10}$"})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500),
                           metadata={"description": "Items per page (1-500)."})


class PageSchema(Schema):
    next_cursor = fields.String(allow_none=True, required=True)


def encode(last_id: int) -> str:
    return str(last_id)


def page(stmt: Select, id_column: Any, args: dict[str, Any]) -> dict[str, Any]:
    """One page of ``stmt`` (scalars) after the cursor: ``{"items": [...], "next_cursor": ...}``."""
    limit = min(args.get("limit") or 100, current_app.config["API_PAGE_MAX"])
    if args.get("cursor"):
        stmt = stmt.where(id_column > min(int(args["cursor"]), 2**31 - 1))
    rows = list(db.session.execute(stmt.order_by(id_column).limit(limit + 1)).scalars().unique())
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": encode(rows[-1].id) if more and rows else None}
