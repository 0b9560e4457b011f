"""Subtree headcounts per org unit (``OrgUnitHeadcount``), kept right by the session that writes employees.

Rather than trusting every operation (hire, move, leave, SCIM, imports, demo and bench builders) to remember
the summary, the session says what it wrote, as ``common.cache_events`` does for caches:

- a flush adds and subtracts what each new, moved, left or deleted ``Employee`` changes, on its unit and
  every ancestor (one upsert), so a single hire costs a few rows whatever the size of the ministry;
- a bulk ORM statement on employees or units (``insert(Employee)`` of the importer and the demo, a unit
  import that rewrites paths) cannot be followed row by row, so it marks the transaction and the summary is
  rebuilt from scratch just before it commits (one grouped query, done once per transaction).

Writes that bypass the session entirely (raw SQL, COPY) call ``rebuild`` themselves, or ``flask staff
rebuild-headcounts`` afterwards.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import delete, event, func, insert, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session

from common.models import Employee, OrgUnit, OrgUnitHeadcount

_TABLE = OrgUnitHeadcount.__table__
_REBUILD = "headcounts_rebuild"


def _ancestors(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def rebuild(connection: Connection) -> None:
    """Recount every unit's subtree from the employees table (direct counts rolled up along the paths)."""
    direct = dict(connection.execute(
        select(Employee.org_unit_id, func.count()).where(Employee.deleted_at.is_(None))
        .group_by(Employee.org_unit_id)).all())
    totals: Counter[int] = Counter()
    for unit_id, path in connection.execute(select(OrgUnit.id, OrgUnit.path)).all():
        if direct.get(unit_id):
            for ancestor in _ancestors(path):
                totals[ancestor] += direct[unit_id]
    connection.execute(delete(_TABLE))
    if totals:
        connection.execute(insert(_TABLE), [{"org_unit_id": k, "subtree": v} for k, v in totals.items()])


def _add(connection: Connection, deltas: Counter[int]) -> None:
    """Add ``deltas`` (unit id -> change of its own staff) to the unit and all its ancestors."""
    deltas = Counter({k: v for k, v in deltas.items() if v and k is not None})
    if not deltas:
        return
    per_row: Counter[int] = Counter()
    for unit_id, path in connection.execute(select(OrgUnit.id, OrgUnit.path).where(OrgUnit.id.in_(deltas))):
        for ancestor in _ancestors(path):
            per_row[ancestor] += deltas[unit_id]
    rows = [{"org_unit_id": k, "subtree": v} for k, v in sorted(per_row.items()) if v]
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(_TABLE).values(rows)
    connection.execute(stmt.on_conflict_do_update(index_elements=[_TABLE.c.org_unit_id],
                                                  set_={"subtree": _TABLE.c.subtree + stmt.excluded.subtree}))


def _counted(unit_id: Any, deleted_at: Any) -> int | None:
    return unit_id if deleted_at is None else None


def _may_move(obj: Employee) -> bool:
    attrs = inspect(obj).attrs
    return any(getattr(attrs, name).history.has_changes() for name in ("org_unit_id", "org_unit", "deleted_at"))


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Note where the employees this flush may move or remove were counted, from the database itself: the
    attribute history lacks the old value when it was not loaded (an expired object, a move by relationship)."""
    touched = {obj.id: obj for obj in session.deleted if isinstance(obj, Employee)}
    touched |= {obj.id: obj for obj in session.dirty
                if isinstance(obj, Employee) and obj.id is not None and _may_move(obj)}
    if any(isinstance(obj, OrgUnit) and inspect(obj).attrs.path.history.has_changes() for obj in session.dirty):
        session.info[_REBUILD] = True
    if not touched:
        return
    rows = session.connection().execute(select(Employee.id, Employee.org_unit_id, Employee.deleted_at)
                                        .where(Employee.id.in_(touched)))
    before = session.info.setdefault("headcounts_before", {})
    before.update({touched[row.id]: _counted(row.org_unit_id, row.deleted_at) for row in rows})


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    before = session.info.pop("headcounts_before", {})
    deltas: Counter[int] = Counter()
    for obj in session.new:
        if isinstance(obj, Employee):
            deltas[_counted(obj.org_unit_id, obj.deleted_at)] += 1
    for obj, was in before.items():
        now = None if obj in session.deleted else _counted(obj.org_unit_id, obj.deleted_at)
        if now != was:
            deltas[was] -= 1
            deltas[now] += 1
    _add(session.connection(), deltas)


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state: ORMExecuteState) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and state.bind_mapper is not None \
            and issubclass(state.bind_mapper.class_, (Employee, OrgUnit)):
        state.session.info[_REBUILD] = True


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.info.get(_REBUILD):
        session.flush()
        session.info.pop(_REBUILD, None)
        rebuild(session.connection())


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, _previous: Any) -> None:
    session.info.pop(_REBUILD, None)
    session.info.pop("headcounts_before", None)


def subtree_counts(connection: Connection, unit_ids: list[int]) -> dict[int, int]:
    """Active staff under each of ``unit_ids`` (0 for a unit nobody works in)."""
    if not unit_ids:
        return {}
    rows = connection.execute(select(_TABLE.c.org_unit_id, _TABLE.c.subtree)
                              .where(_TABLE.c.org_unit_id.in_(unit_ids))).all()
    return {unit_id: 0 for unit_id in unit_ids} | dict(rows)
