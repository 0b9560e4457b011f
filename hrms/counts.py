"""Appraisals per cycle, unit and state (``AppraisalCount``), kept right by the session that writes appraisals.

The cycle overview showed a grouped count of the cycle's appraisals, which reads every one of them: a national
ministry's cycle is tens of thousands of rows on every view. The summary holds one row per (cycle, unit, state),
and, as ``common.directory.headcounts`` does for staff, the session says what it wrote rather than every
operation remembering the summary:

- a flush adds and subtracts what each new, moved (state, unit, evaluator, cycle) or deleted ``Appraisal``
  changes (one upsert of a few rows), so a workflow step costs the same whatever the size of the cycle; the
  rows before the change are read from the database, since an expired object's history lacks the old value;
- a bulk ORM statement on appraisals (``insert(Appraisal)`` of ``generate_appraisals`` and the demo) cannot
  be followed row by row: the cycles named in its rows are recounted right after it, in the same transaction
  (any other bulk statement, which names no cycle, recounts them all).

All of it runs inside the writing transaction, so a rollback takes the counts back with the appraisals, and
concurrent writers add to the same rows atomically (``count = count + delta``). Writes that bypass the session
(COPY in ``bench.national``, raw SQL) call ``rebuild`` themselves, or ``flask hr rebuild-counts`` afterwards.

Every change to a cycle's rows also raises that cycle's version (``VERSIONS``, a ``common.cache_events.KeyedVersions``)
at the flush and again when the transaction ends, so what is cached from the counts (the overview's unit table,
``hrms.overview_cache``) is retired by the writes that change them, and only by those; a recount of every cycle
raises the whole namespace.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Row, event, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from common import cache, summary
from common.cache_events import KeyedVersions, note_write
from hrms.models import Appraisal, AppraisalCount

_TABLE = AppraisalCount.__table__
_BEFORE = "appraisal_counts_before"
_MOVES = ("state", "org_unit_id", "evaluator_id", "cycle_id", "org_unit", "evaluator", "cycle")

Key = tuple[int, int, str]  # cycle, unit, state
Deltas = dict[Key, list[int]]  # key -> [appraisals, of which without an evaluator]

NAMESPACE = "hr-counts"
# Raised only through ``note`` (by this module), never for the objects a flush writes: hence no watched models.
VERSIONS = KeyedVersions(NAMESPACE, "cycle", (), lambda _session, _objects: set())
VERSIONS.connect()  # so the versions raised at a flush are raised again when the transaction ends


def rebuild(connection: Connection, cycle_ids: Iterable[int] | None = None) -> None:
    """Recount the summary from the appraisals: every cycle, or only ``cycle_ids``. One grouped INSERT ... SELECT."""
    ids = None if cycle_ids is None else sorted(set(cycle_ids))
    if ids == []:
        return
    a = Appraisal
    summary.recount(connection, _TABLE, select(a.cycle_id, a.org_unit_id, a.state, func.count(),
                                               func.count() - func.count(a.evaluator_id))
                    .group_by(a.cycle_id, a.org_unit_id, a.state), by=a.cycle_id, keys=ids)
    # Raised now; a caller holding a session raises them again when its transaction ends (``_recount_bulk``).
    cache.bump_many(_recounted(ids))


def _recounted(cycle_ids: Iterable[int] | None) -> set[str]:
    """The versions a recount of ``cycle_ids`` (``None``: every cycle) raises."""
    return {NAMESPACE} if cycle_ids is None else VERSIONS.names(cycle_ids)


def _add(connection: Connection, deltas: Deltas) -> None:
    """Add ``deltas`` to the summary rows (created when missing)."""
    summary.add(connection, _TABLE, [{"cycle_id": c, "org_unit_id": u, "state": s, "total": n, "without_evaluator": m}
                                     for (c, u, s), (n, m) in deltas.items() if n or m],
                counts=("total", "without_evaluator"))


def _key(cycle_id: Any, org_unit_id: Any, state: Any, evaluator_id: Any) -> tuple[Key, int] | None:
    if cycle_id is None or org_unit_id is None or state is None:
        return None
    return (cycle_id, org_unit_id, state), int(evaluator_id is None)


def _count(deltas: Deltas, counted: tuple[Key, int] | None, sign: int) -> None:
    if counted is not None:
        key, unevaluated = counted
        delta = deltas.setdefault(key, [0, 0])
        delta[0] += sign
        delta[1] += sign * unevaluated


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Note where the appraisals this flush may move or remove were counted, as the database has them."""
    touched = {obj.id: obj for obj in session.deleted if isinstance(obj, Appraisal)}
    touched |= {obj.id: obj for obj in session.dirty
                if isinstance(obj, Appraisal) and obj.id is not None and summary.changed(obj, _MOVES)}
    if not touched:
        return
    before = session.info.setdefault(_BEFORE, {})
    columns = (Appraisal.cycle_id, Appraisal.org_unit_id, Appraisal.state, Appraisal.evaluator_id)
    before.update({touched[row.id]: _key(row.cycle_id, row.org_unit_id, row.state, row.evaluator_id)
                   for row in summary.stored_rows(session, Appraisal, touched, columns)})


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    before = session.info.pop(_BEFORE, {})
    deltas: Deltas = {}
    for obj in session.new:
        if isinstance(obj, Appraisal):
            _count(deltas, _key(obj.cycle_id, obj.org_unit_id, obj.state, obj.evaluator_id), +1)
    for obj, was in before.items():
        now = None if obj in session.deleted else _key(obj.cycle_id, obj.org_unit_id, obj.state, obj.evaluator_id)
        if now != was:
            _count(deltas, was, -1)
            _count(deltas, now, +1)
    if deltas:
        _add(session.connection(), deltas)
        VERSIONS.note(session, {cycle for cycle, _unit, _state in deltas})


def _recount_bulk(session: Session, cycle_ids: set[int] | None) -> None:
    """After a bulk statement on appraisals: recount the cycles it named (``None``: all), and raise their versions
    again when the transaction ends."""
    rebuild(session.connection(), cycle_ids)
    note_write(session, _recounted(cycle_ids))


summary.follow_bulk_statements(Appraisal, "cycle_id", _recount_bulk, _BEFORE)


def cycle_counts(connection: Connection, cycle_id: int) -> list[Row[tuple[int, str, int, int]]]:
    """The cycle's (unit, state, appraisals, without an evaluator) with at least one appraisal, in no set order."""
    return list(connection.execute(
        select(_TABLE.c.org_unit_id, _TABLE.c.state, _TABLE.c.total, _TABLE.c.without_evaluator)
        .where(_TABLE.c.cycle_id == cycle_id, _TABLE.c.total > 0)))
