"""The groups awaiting approval (``SubmittedGroup``), kept right by the transactions that write values.

The approval queue grouped and sorted every submitted value in the approver's scope on every view: 17,000 values
in 600 groups at national scale, where a page shows 20. The summary holds one row per group with values
submitted (how many, and when the latest was submitted), and is kept the way ``hrms.counts`` keeps appraisal
counts, inside the writing transaction (a rollback takes it back; concurrent writers add to the same rows):

- a flush adds what each new, deleted or changed ``DataValue`` adds to or takes from the submitted groups
  (``submit_group``, ``decide``, ``reopen``, a cleared value); the rows before the change are read from the
  database, since an expired object's history lacks the old status;
- ``store.write_values`` (COPY and Core statements, bypassing the session's events) knows the old status of
  each row it rewrites, and says what it changed itself (``add``);
- a bulk ORM statement on values (``insert(DataValue)`` of the demo and the bench builder) cannot be followed
  row by row: the indicators named in its rows are recounted right after it (any other, all of them).

A group whose count falls to 0 is removed. ``submitted_at`` only moves forward while a group waits (the
latest of its submissions, as the queue's grouped ``max(updated_at)`` had it); a group that loses some of its
values but not all keeps its time. Writes that bypass all of this (COPY in ``bench.national``, raw SQL) call
``rebuild`` themselves, or ``flask monitoring rebuild-queue`` afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, event, func, inspect, select, tuple_
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from common import summary
from common.models.base import utcnow
from monitoring.models import DataValue, SubmittedGroup

_TABLE = SubmittedGroup.__table__
_BEFORE = "submitted_groups_before"
_PLACES = ("status", "indicator_id", "period", "org_unit_id")
_NEVER = datetime(1970, 1, 1)  # the time a decrement brings: never later than the group's own

Key = tuple[int, str, int]  # indicator, period, org unit


class Deltas(dict[Key, list[Any]]):
    """Per group: [change of its number of submitted values, latest submission among the values added]."""

    def count(self, key: Key | None, sign: int, at: datetime | None = None) -> None:
        if key is None:
            return
        delta = self.setdefault(key, [0, _NEVER])
        delta[0] += sign
        if at is not None and at > delta[1]:
            delta[1] = at


def rebuild(connection: Connection, indicator_ids: Iterable[int] | None = None) -> None:
    """Recount the groups from the submitted values: every indicator, or only ``indicator_ids``."""
    v = DataValue
    summary.recount(connection, _TABLE, select(v.indicator_id, v.period, v.org_unit_id, func.count(),
                                               func.max(v.updated_at))
                    .where(v.status == "submitted").group_by(v.indicator_id, v.period, v.org_unit_id),
                    by=v.indicator_id, keys=indicator_ids)


def add(connection: Connection, deltas: Deltas) -> None:
    """Apply ``deltas``: counts added (rows created when missing), the later submission kept, emptied groups
    removed."""
    summary.add(connection, _TABLE, [
        {"indicator_id": i, "period": p, "org_unit_id": u, "value_count": n, "submitted_at": at}
        for (i, p, u), (n, at) in deltas.items() if n or at is not _NEVER], counts=("value_count",),
        latest=("submitted_at",))
    shrunk = sorted(key for key, (n, _at) in deltas.items() if n < 0)
    keys = tuple_(_TABLE.c.indicator_id, _TABLE.c.period, _TABLE.c.org_unit_id)
    for start in range(0, len(shrunk), summary.CHUNK):
        connection.execute(delete(_TABLE).where(keys.in_(shrunk[start:start + summary.CHUNK]),
                                                _TABLE.c.value_count <= 0))


def _key(obj: Any) -> Key | None:
    """The group ``obj`` is counted in: none unless it is submitted."""
    if obj.status != "submitted":
        return None
    return obj.indicator_id, obj.period, obj.org_unit_id


def _may_count(obj: DataValue) -> bool:
    """Whether a change to ``obj`` may move it in or out of a group, or make its group's submission later."""
    return summary.changed(obj, _PLACES) or inspect(obj).dict.get("status", "submitted") == "submitted"


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Note which group the values this flush changes or removes were counted in, as the database has them."""
    touched = {obj.id: obj for obj in session.deleted if isinstance(obj, DataValue)}
    touched |= {obj.id: obj for obj in session.dirty if isinstance(obj, DataValue) and obj.id is not None
                and session.is_modified(obj) and _may_count(obj)}
    if not touched:
        return
    before = session.info.setdefault(_BEFORE, {})
    v = DataValue
    before.update({touched[row.id]: _key(row) for row in summary.stored_rows(
        session, v, touched, (v.status, v.indicator_id, v.period, v.org_unit_id))})


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    before = session.info.pop(_BEFORE, {})
    deltas = Deltas()
    for obj in session.new:
        if isinstance(obj, DataValue):
            deltas.count(_key(obj), +1, _stamp(obj))
    for obj, was in before.items():
        deltas.count(was, -1)
        if obj not in session.deleted:
            deltas.count(_key(obj), +1, _stamp(obj))  # still submitted: -1 +1, and the later time
    if deltas:
        add(session.connection(), deltas)


def _stamp(obj: DataValue) -> datetime:
    """When ``obj`` was written by this flush (its ``updated_at``, or now if the flush left it unloaded)."""
    return inspect(obj).dict.get("updated_at") or utcnow()


summary.follow_bulk_statements(DataValue, "indicator_id", lambda session, ids: rebuild(session.connection(), ids),
                               _BEFORE)
