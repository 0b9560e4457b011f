"""Writing the audit and access log: who did or read what, when, from where.

Operations call ``log_action`` for every write. Reads of people's personal data are logged by
``common.reads`` (one entry per request naming everyone shown); ``log_access`` is left for a read
that names no person (a file download). Entries join the caller's transaction, so a write and its
audit entry are committed together or not at all.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from common.extensions import db
from common.models.audit import AuditEvent


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit entry."""


def _actor(actor: Any) -> tuple[int | None, str | None]:
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, None
    return actor.id, actor.email


def _object_ref(obj: Any) -> tuple[str | None, str | None]:
    if obj is None:
        return None, None
    return type(obj).__name__, str(obj.id) if getattr(obj, "id", None) is not None else None


def _record(kind: str, module: str, action: str, obj: Any, summary: str, *, actor: Any = None,
            changes: dict[str, Any] | None = None, subject_employee_id: int | None = None,
            actor_email: str | None = None) -> AuditEvent:
    actor_id, email = _actor(actor)
    object_type, object_id = _object_ref(obj)
    entry = AuditEvent(
        kind=kind, module=module, action=action, object_type=object_type, object_id=object_id,
        actor_id=actor_id, actor_email=email or actor_email,
        ip=request.remote_addr if has_request_context() else None,
        subject_employee_id=subject_employee_id, summary=summary, changes=changes,
    )
    db.session.add(entry)
    return entry


def log_action(module: str, action: str, obj: Any = None, summary: str = "", *, actor: Any = None,
               changes: dict[str, Any] | None = None, subject_employee_id: int | None = None) -> AuditEvent:
    """Record a write. ``changes`` maps field names to ``[before, after]``."""
    return _record("write", module, action, obj, summary, actor=actor, changes=changes,
                   subject_employee_id=subject_employee_id)


def log_access(module: str, obj: Any, summary: str, *, subject_employee_id: int | None,
               actor: Any = None) -> AuditEvent:
    """Record that the current user read someone's personal data."""
    return _record("read", module, "view", obj, summary, actor=actor, subject_employee_id=subject_employee_id)


def log_auth(action: str, summary: str, *, user: Any = None, email: str | None = None,
             changes: dict[str, Any] | None = None) -> AuditEvent:
    """Record a sign-in event; the actor is the account concerned, even before it is signed in."""
    actor_id = user.id if user is not None else None
    entry = AuditEvent(kind="auth", module="auth", action=action, object_type="User" if user else None,
                       object_id=str(actor_id) if actor_id else None, actor_id=actor_id,
                       actor_email=(user.email if user else email),
                       ip=request.remote_addr if has_request_context() else None,
                       subject_employee_id=user.employee_id if user else None, summary=summary, changes=changes)
    db.session.add(entry)
    return entry


def diff(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields of ``values`` that differ from ``obj``, as ``{field: [before, after]}`` (JSON-safe)."""
    changes: dict[str, list[Any]] = {}
    for field, new in values.items():
        old = getattr(obj, field, None)
        if old != new:
            changes[field] = [_jsonable(old), _jsonable(new)]
    return changes


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogIsAppendOnly("Audit entries cannot be changed or deleted.")
