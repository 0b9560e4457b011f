"""Reading the ``read`` entries a request wrote, for the tests of ``common.reads``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select


def read_entries(db: Any, action: str | None = None) -> list[Any]:
    """Every ``read`` entry (of ``action``), oldest first, as the requests committed them."""
    from common.models import AuditEvent

    db.session.expire_all()
    stmt = select(AuditEvent).where(AuditEvent.kind == "read").order_by(AuditEvent.id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return list(db.session.execute(stmt).scalars())


def one_read(db: Any, action: str) -> Any:
    entries = read_entries(db, action)
    assert len(entries) == 1, [(e.action, e.summary) for e in read_entries(db)]
    return entries[0]


def indexed_subjects(db: Any, entry: Any) -> set[int]:
    """The people the index table holds for ``entry`` (what "who looked at person X" searches)."""
    from common.models import AuditSubject

    return set(db.session.execute(select(AuditSubject.employee_id).where(AuditSubject.event_id == entry.id))
               .scalars())
