"""Writing checked values in bulk: new rows inserted at once (COPY on PostgreSQL), changed rows updated by id.

``values.record_values`` decides what may be written; this module only writes it, without building an
ORM object per value, so that a file of a million values is written in seconds. Values of these rows
that the session already holds are expired, so that whoever reads them next sees what was written. The
statements bypass the session's events, so the approval queue's summary is told here what they changed
(``submitted.add``, from the status each row had).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, insert, update

from common.cache_events import note_write
from common.extensions import db
from common.models.base import utcnow
from monitoring import overview_cache, submitted
from monitoring.models import CACHE_NAMESPACE, DataValue
from monitoring.operations.checks import Entry, Key
from monitoring.progress_cache import note_indicators

Group = tuple[int, str, int]  # indicator, period, org unit
COLUMNS = ("indicator_id", "period", "org_unit_id", "cell", "cell_depth", "component", "value", "comment", "status",
           "review_comment", "evidence_id", "entered_by_id", "submitted_by_id", "updated_at")
CHANGED = ("value", "comment", "status", "entered_by_id", "submitted_by_id")


def write_values(entries: list[Entry], stored: dict[Key, Any], *, status: str, actor_id: int | None,
                 cleared: Iterable[Key] = (), describe: bool = True) -> dict[Group, dict[str, list[Any]]]:
    """Write ``entries`` over the ``stored`` rows (``checks.STORED_COLUMNS``) and remove the ``cleared`` keys.

    Returns the changes per group, label -> [old, new], for the audit log; with ``describe`` false only the
    groups are listed (an import logs counts, not a million old/new pairs)."""
    db.session.flush()  # targets, baselines and evidence added before must be in the database first
    now, changes = utcnow(), {}
    submitter = actor_id if status == "submitted" else None
    new: dict[Key, tuple[Any, ...]] = {}  # rows in the order of COLUMNS
    updates: dict[int, dict[str, Any]] = {}
    waiting = submitted.Deltas()  # what the rows written add to and take from the approval queue's groups
    for entry in entries:
        key = entry.key
        old = stored.get(key)
        found = changes.setdefault(key[:3], {})
        if describe:
            found[f"{entry.cell or 'total'}:{entry.component}"] = [None if old is None else old.value, entry.value]
        evidence_id = entry.evidence.id if entry.evidence is not None else None
        if old is None:
            new[key] = (key[0], key[1], key[2], key[3], entry.depth, key[4], entry.value, entry.comment, status, "",
                        evidence_id, actor_id, submitter, now)
            waiting.count(key[:3] if status == "submitted" else None, +1, now)
            continue
        row = {"value": entry.value, "comment": entry.comment, "status": status, "entered_by_id": actor_id,
               "submitted_by_id": submitter}
        if evidence_id is not None and evidence_id != old.evidence_id:
            row["evidence_id"] = evidence_id
        # As the ORM did: a row whose fields all stay the same is not written (its updated_at stays too).
        if "evidence_id" in row or any(getattr(old, name) != row[name] for name in CHANGED):
            updates[old.id] = row
            waiting.count(key[:3] if old.status == "submitted" else None, -1)
            waiting.count(key[:3] if status == "submitted" else None, +1, now)
    entered = {e.key for e in entries} if cleared else set()
    for key in cleared:
        if (old := stored.get(key)) is not None and key not in entered:
            changes.setdefault(key[:3], {})[f"{key[3] or 'total'}:{key[4]}"] = [old.value, None]
            db.session.delete(db.session.get(DataValue, old.id))  # a few emptied form fields, never an import
    db.session.flush()
    _insert(list(new.values()))
    _update(updates, now)
    submitted.add(db.session.connection(), waiting)
    _expire(set(updates))
    note_write(db.session(), {CACHE_NAMESPACE})  # the COPY and Core statements above bypass the ORM's events
    written = {group[0] for group in changes}  # every written group is listed there
    note_indicators(db.session(), written)
    overview_cache.note_indicators(db.session(), written)
    return changes


def _insert(rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        # COPY is several times faster than even multi-row INSERTs, and runs in the session's transaction.
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {DataValue.__tablename__} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    connection.execute(insert(DataValue.__table__), [dict(zip(COLUMNS, row, strict=True)) for row in rows])


def _update(updates: dict[int, dict[str, Any]], now: Any) -> None:
    """One executemany per shape of change (with or without a new evidence file), on the session's connection:
    through the session, the statement would recount the approval queue's groups (``submitted``)."""
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for value_id, row in updates.items():
        shapes.setdefault(tuple(row), []).append({"value_id": value_id, **{f"new_{k}": v for k, v in row.items()}})
    table, connection = DataValue.__table__, db.session.connection()
    for names, params in shapes.items():
        stmt = update(table).where(table.c.id == bindparam("value_id")).values(
            updated_at=now, **{name: bindparam(f"new_{name}") for name in names})
        connection.execute(stmt, params)


def _expire(value_ids: set[int]) -> None:
    """Objects of rewritten rows in the session reload on their next use."""
    if not value_ids:
        return
    for instance in list(db.session.identity_map.values()):
        if isinstance(instance, DataValue) and instance.id in value_ids:
            db.session.expire(instance)
