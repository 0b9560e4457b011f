"""Cursor paging for API lists: ``?cursor=<opaque>&limit=<n>``, the answer's ``next_cursor`` (null on the last page).

The cursor is the last id of the page (opaque to callers: pass back what the answer gave): stable while rows are
added (unlike offsets), and a list's query orders by id so the next page starts right after it. Any cursor the
document allows (digits) is valid, so a schema-valid request is never refused.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from marshmallow import Schema, fields, validate
from sqlalchemy import Select

from common.extensions import db


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
