"""What the summary tables kept by the session's own writes share (``hrms.counts``, ``monitoring.submitted``).

A summary is a few rows per key, changed by the flush that changes the rows it counts, inside the writing
transaction: a rollback takes it back, and concurrent writers add to the same rows atomically. What every
such summary needs is here:

- ``stored_rows``: the summarised columns of the objects a flush changes or deletes, as the database has them
  before the flush (an expired object's attribute history lacks the old value);
- ``recount_after`` (``follow_bulk_statements`` listens with it): a bulk ORM statement cannot be followed row by
  row, so the keys its rows name (all keys when it names none) are recounted right after it, in the same
  transaction;
- ``recount``: the rows replaced by a grouped count of the source, whole or for some keys (a rebuild);
- ``add``: one upsert per chunk that adds deltas to counting columns (``n = n + delta``) and keeps the latest of
  time columns, in key order, so that two writers touching the same keys lock them in the same order and never
  deadlock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Row, Select, Table, delete, event, func, insert, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session

CHUNK = 500  # rows per upsert statement and ids per look-up: well under SQLite's limit on bound parameters


def changed(obj: Any, names: Iterable[str]) -> bool:
    """Whether any of the attributes ``names`` of ``obj`` changed since it was loaded."""
    attrs = inspect(obj).attrs
    return any(getattr(attrs, name).history.has_changes() for name in names)


def stored_rows(session: Session, model: Any, objects: Mapping[int, Any], columns: Sequence[Any]) -> Iterable[Row]:
    """``model.id`` and ``columns`` of the rows of ``objects`` (id -> object) as the database has them now."""
    ids = sorted(objects)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        yield from session.connection().execute(select(model.id, *columns).where(model.id.in_(chunk)))


def recount(connection: Connection, table: Table, counted: Select, *, by: Any,
            keys: Iterable[Any] | None = None) -> None:
    """Replace ``table``'s rows with ``counted`` (a grouped SELECT of its columns, in their order): all of them,
    or only those whose column named like the source column ``by`` is in ``keys``."""
    cleared = delete(table)
    if keys is not None:
        wanted = sorted(set(keys))
        if not wanted:
            return
        counted, cleared = counted.where(by.in_(wanted)), cleared.where(table.c[by.key].in_(wanted))
    connection.execute(cleared)
    connection.execute(insert(table).from_select([column.name for column in table.columns], counted))


def add(connection: Connection, table: Table, rows: Sequence[dict[str, Any]], *, counts: Sequence[str],
        latest: Sequence[str] = ()) -> None:
    """Upsert ``rows`` (each the whole primary key and every column in ``counts`` and ``latest``) into ``table``:
    a new key is inserted as given; an existing one has the ``counts`` added and keeps the later of each ``latest``
    column. Rows go in primary-key order."""
    keys = [column.name for column in table.primary_key.columns]
    ordered = sorted(rows, key=lambda row: tuple(row[name] for name in keys))
    postgres = connection.dialect.name == "postgresql"
    dialect = postgresql if postgres else sqlite
    later = func.greatest if postgres else func.max  # SQLite's max() of two arguments is the scalar one
    for start in range(0, len(ordered), CHUNK):
        stmt = dialect.insert(table).values(ordered[start:start + CHUNK])
        fresh = stmt.excluded
        connection.execute(stmt.on_conflict_do_update(
            index_elements=[table.c[name] for name in keys],
            set_={**{name: table.c[name] + fresh[name] for name in counts},
                  **{name: later(table.c[name], fresh[name]) for name in latest}}))


def recount_after(state: ORMExecuteState, model: Any, named: str,
                  rebuild: Callable[[Session, set[Any] | None], None]) -> Any:
    """For a ``do_orm_execute`` listener: run a bulk INSERT, UPDATE or DELETE on ``model`` (by class or table),
    then ``rebuild(session, keys)``: the values of column ``named`` in the INSERT's rows, or ``None`` (all of it)
    when the statement does not say. Any other statement is left alone (``None``: the session runs it)."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    mapper = state.bind_mapper
    if not ((mapper is not None and issubclass(mapper.class_, model))
            or getattr(state.statement, "table", None) is model.__table__):
        return None
    params = state.parameters
    rows = [params] if isinstance(params, dict) else list(params or [])
    keys = None
    if state.is_insert and rows and all(row.get(named) is not None for row in rows):
        keys = {row[named] for row in rows}
    result = state.invoke_statement()
    rebuild(state.session, keys)
    return result


def follow_bulk_statements(model: Any, named: str, rebuild: Callable[[Session, set[Any] | None], None],
                           pending: str) -> None:
    """Listen to every session: bulk statements on ``model`` recount (``recount_after``), and a rollback drops
    what its flush noted under ``session.info[pending]``."""

    def bulk_statement(state: ORMExecuteState) -> Any:
        return recount_after(state, model, named, rebuild)

    def rolled_back(session: Session, _previous: Any) -> None:
        session.info.pop(pending, None)

    event.listen(Session, "do_orm_execute", bulk_statement)
    event.listen(Session, "after_soft_rollback", rolled_back)
