"""The audit and access log: one table for every write and every read of personal data.

Rows are append-only. The ORM refuses to update or delete them (see ``common.audit``), the
database refuses it too (triggers), and each row carries a hash chaining it to the one before
(``seq``, ``prev_hash``, ``entry_hash``), so a row changed, removed or slipped in by someone who
can bypass both shows up in ``flask audit verify``. Anchors (the head of the chain at a moment)
are kept in their own table, which the runtime database role may only append to.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.extensions import db
from common.models.base import utcnow

# The fields that the chain hash covers, in the order they are serialised. To cover a new column,
# add its name here (and, for a new nullable column, nothing else: ``None`` values are left out of
# the serialisation, so the hashes of older rows, where it is empty, stay valid).
HASHED_FIELDS: tuple[str, ...] = (
    "seq", "created_at", "kind", "actor_id", "actor_email", "ip", "module", "action", "object_type", "object_id",
    "subject_employee_id", "summary", "changes", "subject_ids", "reader_roles",
)
GENESIS_HASH = "0" * 64  # the "previous hash" of the first entry


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    return value


def entry_digest(values: Mapping[str, Any], prev_hash: str, fields: tuple[str, ...] = HASHED_FIELDS) -> str:
    """The chain hash of one entry: sha256 of a canonical JSON of ``fields`` of ``values`` and ``prev_hash``.

    Canonical means sorted keys, no whitespace, ASCII-escaped, datetimes to the microsecond, and
    empty (``None``) fields left out; the same entry read back from SQLite or PostgreSQL gives the
    same bytes. This is the one place that decides what the chain protects.
    """
    return hashlib.sha256(canonical_text(values, prev_hash, fields).encode("ascii")).hexdigest()


def canonical_text(values: Mapping[str, Any], prev_hash: str, fields: tuple[str, ...] = HASHED_FIELDS) -> str:
    """The text ``entry_digest`` hashes (ASCII); PostgreSQL's ``audit_append_read`` hashes the same text, cut and
    filled in (``common.audit``)."""
    body = {name: _canonical(values.get(name)) for name in fields if values.get(name) is not None}
    body["prev_hash"] = prev_hash
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_object", "object_type", "object_id"),
        Index("ix_audit_event_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # "write" for changes, "read" for access to someone's personal data, "auth" for sign-in events.
    kind: Mapped[str] = mapped_column(String(8))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    actor_email: Mapped[str | None] = mapped_column(String(255))
    ip: Mapped[str | None] = mapped_column(String(64))
    module: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    # The person the entry concerns, so "who looked at my data" is one query.
    subject_employee_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Reads (``common.reads``): every person the page, export or report showed, as a sorted list of employee ids,
    # and the reader's roles with their units when they read it (roles change; the log keeps what held then).
    # ``AuditSubject`` repeats the ids one per row, so "who looked at person X" is an indexed query.
    subject_ids: Mapped[list[int] | None] = mapped_column(JSON)
    # ``len(subject_ids)``, set as the entry is chained (``common.audit``), so the auditor's page says "and N more"
    # without reading an export's thousands of ids. Not hashed (entries older than the column were counted by its
    # migration, after their hash was made); ``flask audit verify`` checks it against the hashed list instead.
    subject_count: Mapped[int | None] = mapped_column(Integer)
    reader_roles: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # The hash chain: position (1, 2, ...), the previous entry's hash and this entry's (``entry_digest``).
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))

    def hashed_values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in HASHED_FIELDS}

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.kind} {self.action} {self.object_type}:{self.object_id}>"


class AuditAnchor(db.Model):
    """The head of the chain at one moment: how many entries, the last one's hash, when.

    A truncated tail leaves a shorter chain that is consistent in itself; the anchor is what
    shows it once was longer. The runtime role may insert anchors but never change or remove them.
    """

    __tablename__ = "audit_anchor"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    entry_count: Mapped[int] = mapped_column(Integer)  # the seq of the head entry
    head_hash: Mapped[str] = mapped_column(String(64))
    head_at: Mapped[datetime | None] = mapped_column(DateTime)  # when the head entry was written
    source: Mapped[str] = mapped_column(String(16))  # "auto" (every N entries) or "verify"

    def __repr__(self) -> str:
        return f"<AuditAnchor {self.entry_count} {self.head_hash[:12]}>"


class AuditSubject(db.Model):
    """One row per person an audit entry concerns: the index behind "who looked at person X".

    Written with its entry and append-only like it; ``AuditEvent.subject_ids`` is the authoritative list. No foreign
    keys (migration ``reads_0002``): checking them cost every page that shows 25 people 50 look-ups and 25 row locks
    on the employees shown, for rows written from the entry's own id and the people the page just read.
    """

    __tablename__ = "audit_subject"

    event_id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(primary_key=True, index=True)

    def __repr__(self) -> str:
        return f"<AuditSubject event={self.event_id} employee={self.employee_id}>"
