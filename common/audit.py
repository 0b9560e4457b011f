"""Writing the audit and access log: who did or read what, when, from where.

Operations call ``log_action`` for every write. Reads of people's personal data are logged by
``common.reads`` (one entry per request naming everyone shown); ``log_access`` is left for a read
that names no person (a file download). Entries join the caller's transaction, so a write and its
audit entry are committed together or not at all.

Every entry is chained to the one before by a hash (``common.models.audit.entry_digest``). The
chain is extended when entries are flushed, under a lock that lasts until the transaction ends
(on PostgreSQL a transaction-level advisory lock; SQLite allows one writer at a time anyway), so
two concurrent writers can never both attach to the same previous entry. A unique ``seq`` makes
the database refuse a fork even if that lock were bypassed.
"""

from __future__ import annotations

import json
import secrets
from functools import cache
from typing import Any

from flask import current_app, has_app_context, has_request_context, request
from flask_login import current_user
from sqlalchemy import Insert, bindparam, event, insert, inspect, text
from sqlalchemy.orm import Session

from common.audit_actions import note_written
from common.extensions import db
from common.models.audit import (
    GENESIS_HASH,
    HASHED_FIELDS,
    AuditAnchor,
    AuditEvent,
    AuditSubject,
    canonical_text,
    entry_digest,
)
from common.models.base import utcnow

# Any constant will do; it only has to be the same in every process of the application.
CHAIN_LOCK_KEY = 0x4155444954  # "AUDIT"
DEFAULT_ANCHOR_EVERY = 1000


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


def record_api_call(summary: str, *, caller: str, actor: Any = None) -> AuditEvent:
    """Record one call of the REST API: by a service client (``caller`` is ``client:<name>``, no account) or
    through a person's token (``actor`` is the person)."""
    entry = AuditEvent(kind="api", module="api", action="call", actor_id=getattr(actor, "id", None),
                       actor_email=getattr(actor, "email", None) or caller,
                       ip=request.remote_addr if has_request_context() else None, summary=f"{caller} {summary}")
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
        if isinstance(obj, (AuditEvent, AuditAnchor)) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogIsAppendOnly("Audit entries cannot be changed or deleted.")
    new = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if new:
        new.sort(key=lambda obj: inspect(obj).insert_order)
        _chain(session, [_EntryAdapter(obj) for obj in new])


class _EntryAdapter:
    """Lets ``_chain`` fill in ORM objects and plain row dicts (bulk inserts) alike."""

    def __init__(self, target: Any) -> None:
        self.target = target

    def get(self, name: str) -> Any:
        return self.target.get(name) if isinstance(self.target, dict) else getattr(self.target, name, None)

    def set(self, name: str, value: Any) -> None:
        if isinstance(self.target, dict):
            self.target[name] = value
        else:
            setattr(self.target, name, value)


def locked_head(session: Session) -> tuple[int, str]:
    """Hold the chain until this transaction ends, then read its head: the seq and hash of the newest entry,
    ``(0, GENESIS_HASH)`` for an empty log.

    PostgreSQL: ``audit_chain_head`` (migration ``reads_0002``) takes a transaction-level advisory lock and reads the
    head in one call, with a snapshot taken after the lock is granted. SQLite has one writer at a time; a write
    statement (that changes nothing) takes that place first, so another writer waits there instead of reading a
    head that is about to move. Both run on the session's connection: every read of personal data extends the
    chain, and the ORM's layer around a fixed statement cost more than the statement.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        row = connection.execute(_LOCKED_HEAD, {"key": CHAIN_LOCK_KEY}).first()
    else:
        if connection.dialect.name == "sqlite":
            connection.execute(_SQLITE_LOCK)
        row = connection.execute(_HEAD).first()
    return (row[0], row[1]) if row and row[0] is not None else (0, GENESIS_HASH)


# Fixed statements: every read of personal data extends the chain, so its statements are not rebuilt each time.
_LOCKED_HEAD = text("SELECT seq, entry_hash FROM audit_chain_head(:key)")
_SQLITE_LOCK = text("UPDATE audit_anchor SET id = id WHERE 1 = 0")
_HEAD = text("SELECT seq, entry_hash FROM audit_event ORDER BY seq DESC LIMIT 1")


def _anchor_every() -> int:
    if has_app_context():
        return int(current_app.config.get("AUDIT_ANCHOR_EVERY", DEFAULT_ANCHOR_EVERY))
    return DEFAULT_ANCHOR_EVERY


def _chain(session: Session, entries: list[_EntryAdapter]) -> None:
    """Give each new entry its place, previous hash and hash; add an anchor when a multiple of N is passed."""
    note_written(session, [entry.get("action") for entry in entries])  # the auditor's filter may lack a new action
    seq, head = locked_head(session)
    every = _anchor_every()
    for entry in entries:
        if entry.get("created_at") is None:
            entry.set("created_at", utcnow())
        if entry.get("summary") is None:
            entry.set("summary", "")
        subjects = entry.get("subject_ids")
        entry.set("subject_count", len(subjects) if isinstance(subjects, list) else None)
        seq += 1
        entry.set("seq", seq)
        entry.set("prev_hash", head)
        head = entry_digest({name: entry.get(name) for name in HASHED_FIELDS}, head)
        entry.set("entry_hash", head)
        if every > 0 and seq % every == 0:
            session.add(AuditAnchor(entry_count=seq, head_hash=head, head_at=entry.get("created_at"), source="auto"))


def append_rows(rows: list[dict[str, Any]]) -> None:
    """Insert many audit entries with one statement per chunk (bulk imports), chained like any other.

    A bulk ``insert(AuditEvent)`` bypasses the ORM's flush, so it would leave the rows outside the
    chain (and the database refuses rows without a place in it): use this instead.
    """
    if not rows:
        return
    db.session.flush()
    rows = [dict(row) for row in rows]
    _chain(db.session, [_EntryAdapter(row) for row in rows])
    db.session.flush()  # the anchors ``_chain`` may have added
    db.session.execute(insert(AuditEvent), rows)


@cache
def _entry_statements() -> tuple[Insert, Insert]:
    """SQLite's statements for one entry (``append_entry``): the entry, returning its id, then its people."""
    table = AuditEvent.__table__
    entry = insert(table).values({c.name: bindparam(c.name, type_=c.type) for c in table.c if c.name != "id"})
    return entry.returning(table.c.id), insert(AuditSubject.__table__)


# PostgreSQL: the whole entry in one call (migration ``reads_0003``).
_APPEND_READ = text("SELECT audit_append_read(:key, CAST(:entry AS json), CAST(:subjects AS integer[]), :before, "
                    ":between, :after, :every)")


def append_entry(values: dict[str, Any], subjects: list[int]) -> None:
    """Write one entry (``values``: its columns but the chain's) and its ``AuditSubject`` rows, chained like any
    other, without the ORM's unit of work: every page that shows people writes one (``common.reads``).

    Entries the session holds unflushed are chained first, so the order of the chain is the order of the calls.
    On PostgreSQL the entry is one statement (``audit_append_read``): in a request that wrote nothing it runs on
    its own in autocommit, as its own transaction (no BEGIN, no COMMIT: four round trips became one); in one that
    wrote, inside that transaction like any entry.
    """
    session = db.session()
    if session.new or session.dirty or session.deleted:
        session.flush()
    row = {name: None for name in HASHED_FIELDS} | values
    connection = session.connection()  # Core statements, nothing pending: the ORM's layer would only cost CPU
    if connection.dialect.name == "postgresql":
        _append_in_one_statement(session, connection, row, subjects)
        return
    _chain(session, [_EntryAdapter(row)])
    if session.new:
        session.flush()  # an anchor ``_chain`` added
    entry, people = _entry_statements()
    event_id = connection.execute(entry, row).scalar_one()
    connection.execute(people, [{"event_id": event_id, "employee_id": s} for s in subjects])


def _append_in_one_statement(session: Session, connection: Any, row: dict[str, Any], subjects: list[int]) -> None:
    """The entry's canonical text is cut where the previous hash and the entry's number go (marks no value can
    contain: fresh random hex), and the database puts them in once it holds the chain's lock."""
    note_written(session, [row["action"]])
    if row["created_at"] is None:
        row["created_at"] = utcnow()
    if row["summary"] is None:
        row["summary"] = ""
    row["subject_count"] = len(row["subject_ids"]) if isinstance(row["subject_ids"], list) else None
    previous, number = secrets.token_hex(32), secrets.token_hex(16)  # the previous hash's 64 characters, quoted
    whole = canonical_text(row | {"seq": number}, previous)
    before, found_previous, rest = whole.partition(previous)
    between, found_number, after = rest.partition(f'"{number}"')
    if not (found_previous and found_number):
        raise RuntimeError("The audit entry's canonical text lost its marks.")
    entry = {name: value for name, value in row.items() if name not in ("seq", "prev_hash", "entry_hash")}
    entry["created_at"] = row["created_at"].isoformat(sep=" ", timespec="microseconds")
    connection.execute(_APPEND_READ, {"key": CHAIN_LOCK_KEY, "entry": json.dumps(entry), "subjects": subjects,
                                      "before": before, "between": between, "after": after,
                                      "every": _anchor_every()})
