"""The audit and access log: one table for every write and every read of personal data.

Rows are append-only. The ORM refuses to update or delete them (see ``common.audit``), and
the application has no route that could.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from common.extensions import db
from common.models.base import utcnow


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
    reader_roles: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.kind} {self.action} {self.object_type}:{self.object_id}>"


class AuditSubject(db.Model):
    """One row per person an audit entry concerns: the index behind "who looked at person X".

    Written with its entry and append-only like it; ``AuditEvent.subject_ids`` is the authoritative list.
    """

    __tablename__ = "audit_subject"

    event_id: Mapped[int] = mapped_column(ForeignKey("audit_event.id"), primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True, index=True)

    def __repr__(self) -> str:
        return f"<AuditSubject event={self.event_id} employee={self.employee_id}>"
