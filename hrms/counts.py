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

from sqlalchemy import Row, delete, event, func, insert, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session

from common import cache
from common.cache_events import KeyedVersions, note_write
from hrms.models import Appraisal, AppraisalCount

_TABLE = AppraisalCount.__table__
_BEFORE = "appraisal_counts_before"
_MOVES = ("state", "org_unit_id", "evaluator_id", "cycle_id", "org_unit", "evaluator", "cycle")
_CHUNK = 500  # rows per upsert statement and ids per look-up: well under SQLite's limit on bound parameters

Key = tuple[int, int, str]  # cycle, unit, state
Deltas = dict[Key, list[int]]  # key -> [appraisals, of which without an evaluator]

NAMESPACE = "hr-counts"
# Raised only through ``note`` (by this module), never for the objects a flush writes: hence no watched models.
VERSIONS = KeyedVersions(NAMESPACE, "cycle", (), lambda _session, _objects: set())
VERSIONS.connect()  # so the versions raised at a flush are raised again when the transaction ends


def rebuild(connection: Connection, cycle_ids: Iterable[int] | None = None) -> None:
    """Recount the summary from the appraisals: every cycle, or only ``cycle_ids``. One grouped INSERT ... SELECT."""
    counted = select(Appraisal.cycle_id, Appraisal.org_unit_id, Appraisal.state, func.count(),
                     func.count() - func.count(Appraisal.evaluator_id))
    cleared = delete(_TABLE)
    ids: list[int] | None = None
    if cycle_ids is not None:
        ids = sorted(set(cycle_ids))
        if not ids:
            return
        counted, cleared = counted.where(Appraisal.cycle_id.in_(ids)), cleared.where(_TABLE.c.cycle_id.in_(ids))
    connection.execute(cleared)
    connection.execute(insert(_TABLE).from_select(
        ["cycle_id", "org_unit_id", "state", "total", "without_evaluator"],
        counted.group_by(Appraisal.cycle_id, Appraisal.org_unit_id, Appraisal.state)))
    # Raised now; a caller holding a session raises them again when its transaction ends (``_bulk_statement``).
    cache.bump_many(_recounted(ids))


def _recounted(cycle_ids: Iterable[int] | None) -> set[str]:
    """The versions a recount of ``cycle_ids`` (``None``: every cycle) raises."""
    return {NAMESPACE} if cycle_ids is None else VERSIONS.names(cycle_ids)


def _add(connection: Connection, deltas: Deltas) -> None:
    """Add ``deltas`` to the summary rows (created when missing), in key order so concurrent writers never deadlock."""
    rows = [{"cycle_id": c, "org_unit_id": u, "state": s, "total": n, "without_evaluator": m}
            for (c, u, s), (n, m) in sorted(deltas.items()) if n or m]
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    for start in range(0, len(rows), _CHUNK):
        stmt = dialect.insert(_TABLE).values(rows[start:start + _CHUNK])
        connection.execute(stmt.on_conflict_do_update(
            index_elements=[_TABLE.c.cycle_id, _TABLE.c.org_unit_id, _TABLE.c.state],
            set_={"total": _TABLE.c.total + stmt.excluded.total,
                  "without_evaluator": _TABLE.c.without_evaluator + stmt.excluded.without_evaluator}))


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


def _may_move(obj: Appraisal) -> bool:
    attrs = inspect(obj).attrs
    return any(getattr(attrs, name).history.has_changes() for name in _MOVES)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Note where the appraisals this flush may move or remove were counted, as the database has them."""
    touched = {obj.id: obj for obj in session.deleted if isinstance(obj, Appraisal)}
    touched |= {obj.id: obj for obj in session.dirty
                if isinstance(obj, Appraisal) and obj.id is not None and _may_move(obj)}
    if not touched:
        return
    before = session.info.setdefault(_BEFORE, {})
    ids = sorted(touched)
    for start in range(0, len(ids), _CHUNK):
        rows: Iterable[Row[Any]] = session.connection().execute(
            select(Appraisal.id, Appraisal.cycle_id, Appraisal.org_unit_id, Appraisal.state, Appraisal.evaluator_id)
            .where(Appraisal.id.in_(ids[start:start + _CHUNK])))
        before.update({touched[row.id]: _key(row.cycle_id, row.org_unit_id, row.state, row.evaluator_id)
                       for row in rows})


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


def _named_cycles(state: ORMExecuteState) -> set[int] | None:
    """The cycles a bulk INSERT's rows belong to; ``None`` when the statement does not say (recount them all)."""
    if not state.is_insert:
        return None
    params = state.parameters
    rows = [params] if isinstance(params, dict) else list(params or [])
    if not rows or any(row.get("cycle_id") is None for row in rows):
        return None
    return {row["cycle_id"] for row in rows}


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state: ORMExecuteState) -> Any:
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    mapper = state.bind_mapper
    if not ((mapper is not None and issubclass(mapper.class_, Appraisal))
            or getattr(state.statement, "table", None) is Appraisal.__table__):
        return None
    cycles = _named_cycles(state)
    result = state.invoke_statement()
    rebuild(state.session.connection(), cycles)
    note_write(state.session, _recounted(cycles))
    return result


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, _previous: Any) -> None:
    session.info.pop(_BEFORE, None)


def cycle_counts(connection: Connection, cycle_id: int) -> list[Row[tuple[int, str, int, int]]]:
    """The cycle's (unit, state, appraisals, without an evaluator) with at least one appraisal, in no set order."""
    return list(connection.execute(
        select(_TABLE.c.org_unit_id, _TABLE.c.state, _TABLE.c.total, _TABLE.c.without_evaluator)
        .where(_TABLE.c.cycle_id == cycle_id, _TABLE.c.total > 0)))
