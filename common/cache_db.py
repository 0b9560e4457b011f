"""The cache's version numbers kept in the database (``cache_version``), shared by every process without Redis.

``common.cache`` keeps its entries in each process's memory when there is no Redis, and its namespace versions
used to live there too: a write retired the entries of the process that made it, while another gunicorn worker
kept showing, say, a strategy overview from before an approval for up to ``CACHE_SECONDS``. Here the versions are
rows that every process reads, so each sees a write at its next request; the entries themselves stay in memory,
keyed by the shared version.

* A bump is committed at once on a connection of its own, as a Redis ``INCR`` would be: one upsert for all the
  names a flush or a transaction retires, whatever the writer's transaction does next (``common.cache_events``
  bumps at the flush and again when the transaction ends, so nothing computed from an unfinished transaction
  survives it). While a session writes, its process therefore holds a second pooled connection for a moment.
* Reads go through the request's own connection, one statement for all the names a page asks for.

PostgreSQL only: on SQLite a bump on another connection would wait for the lock the writing session holds, so
there the versions stay in memory (one process). Restoring a database backup brings older version numbers back,
and a process may still hold entries it cached under those numbers before the restore (until ``CACHE_SECONDS``
has passed): restart the application's processes after a restore.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.dialects.postgresql import insert

from common.extensions import db
from common.models import CacheVersion

_table = CacheVersion.__table__


def available() -> bool:
    """Whether the versions can be kept in this application's database (PostgreSQL)."""
    return db.engine.dialect.name == "postgresql"


def versions(names: list[str]) -> list[int]:
    """The version of each of ``names`` (0 for a name never bumped), in one statement on the session's connection."""
    if not names:
        return []
    flush_pending()
    session = db.session()
    # The connection, not ``session.execute``: the ORM's layer cost more CPU than the statement (every cached page).
    rows = session.connection().execute(_versions_statement(), {"names": list(set(names))})
    found = dict(rows.tuples().all())
    return [found.get(name, 0) for name in names]


def flush_pending() -> None:
    """Flush what the session holds, as ``session.execute`` would: a version raised by pending writes (they bump at
    their flush) is then read as raised."""
    session = db.session()
    if session.autoflush:
        session.flush()


@functools.cache
def _versions_statement() -> Select[Any]:
    """Built once per process: building it cost more CPU than running it."""
    return select(_table.c.name, _table.c.version).where(_table.c.name.in_(bindparam("names", expanding=True)))


def bump(names: set[str]) -> None:
    """Raise each of ``names`` by one, committed at once on a connection of its own (one statement for all)."""
    if not names:
        return
    # Rows in one order in every process: two processes bumping overlapping sets cannot wait on each other.
    statement = insert(_table).values([{"name": name, "version": 1} for name in sorted(names)])
    statement = statement.on_conflict_do_update(index_elements=[_table.c.name], set_={"version": _table.c.version + 1})
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(statement)
