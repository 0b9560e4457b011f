"""How the application talks to its database: no round trip that does not carry a query.

Two habits of a textbook setup each cost every request a round trip to PostgreSQL, although the request needs
neither (a profile of the home page found 4 round trips for 1 useful query):

* ``pool_pre_ping`` sends ``SELECT 1`` at every checkout to find connections the server has dropped. Instead, a
  checkout looks at the connection's socket, without sending anything: an idle connection has nothing to read
  unless the server has ended it (``pg_terminate_backend``, a restart, ``idle_session_timeout``, a proxy closing
  it), because PostgreSQL then sends its last error and closes. Such a connection is discarded and the pool opens
  a new one, so the request never sees it. ``pool_recycle`` retires connections before a firewall forgets them
  silently, which no check short of a round trip could see.
* A read-only request paid ``BEGIN`` and ``ROLLBACK`` around its queries. On PostgreSQL the connection runs in
  autocommit until the first statement that is not a plain read; ``BEGIN`` is sent just before that one, and from
  there everything runs in one transaction that the request commits or rolls back as a whole (``common.web``).
  Reads before the first write see what they would have seen inside the transaction: under READ COMMITTED, the
  default here, every statement takes its own snapshot anyway. Whatever needs the transaction although it starts
  with SELECT (row locks, advisory transaction locks, sequences, server-side cursors) opens it too.

SQLite keeps its own transactions: it makes no round trips.
"""

from __future__ import annotations

import logging
import select
from typing import Any

from sqlalchemy import Connection, Engine, event, exc
from sqlalchemy.pool import Pool

log = logging.getLogger(__name__)

WROTE = "suite_wrote"  # connection.info: this transaction ran something other than a plain read
# Execution option set on the application's engines only (``engine_options``): another engine that runs in
# autocommit (a tool's admin connection for CREATE/DROP DATABASE, which no transaction may hold) keeps it.
LAZY_BEGIN = "suite_lazy_begin"

# Markers of a SELECT that needs a transaction: a lock held until commit, or a change that is not a row.
# ``audit_chain_head`` takes the audit chain's advisory lock (migration ``reads_0002``). ``audit_append_read`` (a whole
# read entry, ``reads_0003``) is deliberately not among them: on its own it is its own transaction.
_NEEDS_TRANSACTION = ("FOR UPDATE", "FOR SHARE", "FOR NO KEY UPDATE", "FOR KEY SHARE", "PG_ADVISORY", "NEXTVAL",
                      "SETVAL", "AUDIT_CHAIN_HEAD")


def engine_options(url: str, recycle_seconds: int) -> dict[str, Any]:
    """``SQLALCHEMY_ENGINE_OPTIONS`` for ``url``: autocommit until the first write on PostgreSQL (see above)."""
    options: dict[str, Any] = {"pool_recycle": recycle_seconds}
    if url.startswith("postgresql"):
        options["isolation_level"] = "AUTOCOMMIT"
        options["execution_options"] = {LAZY_BEGIN: True}
    return options


def is_plain_read(statement: str) -> bool:
    """A statement that reads and holds nothing: it may run outside the transaction."""
    head = statement.lstrip()[:6].upper()
    if head != "SELECT":
        return False
    upper = statement.upper()
    return not any(marker in upper for marker in _NEEDS_TRANSACTION)


def _in_autocommit_idle(cursor: Any) -> bool:
    """The psycopg connection runs in autocommit and no transaction is open on the server."""
    dbapi = getattr(cursor, "connection", None)
    info = getattr(dbapi, "info", None)
    if info is None or not getattr(dbapi, "autocommit", False):
        return False
    return info.transaction_status == 0  # psycopg.pq.TransactionStatus.IDLE


def _before_statement(conn: Connection, cursor: Any, statement: str, _parameters: Any, context: Any,
                      _executemany: bool) -> None:
    """Engine hook: note writes (``common.web`` commits only then) and open the transaction before the first one.

    Anything that is not a plain SELECT counts as a write (INSERT/UPDATE/DELETE from a flush or ``execute``, text
    SQL, DDL, CTEs, SAVEPOINT), so a write is never mistaken for a read; at worst a read opens a transaction.
    """
    if conn.info.get(WROTE):
        return
    options = context.execution_options if context is not None else {}
    streams = bool(options.get("stream_results") or options.get("yield_per"))
    if is_plain_read(statement) and not streams:
        return
    conn.info[WROTE] = True
    if (options.get(LAZY_BEGIN) and conn.in_transaction() and "isolation_level" not in options
            and _in_autocommit_idle(cursor)):
        # The engine's autocommit, not one the caller asked for (CREATE INDEX CONCURRENTLY needs none): from here
        # the SQLAlchemy transaction is a real one, which its commit or rollback ends (psycopg then sends
        # COMMIT / ROLLBACK, as it does whenever the server reports a transaction open).
        cursor.connection.execute("BEGIN")


def _forget_writes(conn: Connection) -> None:
    conn.info.pop(WROTE, None)


def _drop_closed_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Pool hook at checkout: a connection the server has already closed is replaced, without a round trip.

    An idle PostgreSQL connection has nothing to read; if its socket is readable, the server has sent its
    goodbye (or the socket is at end of file). Raising ``DisconnectionError`` here makes the pool discard it and
    connect again (up to three times), before anyone runs a statement on it.
    """
    pgconn = getattr(dbapi_connection, "pgconn", None)
    if pgconn is None:  # SQLite: nothing to check
        return
    try:
        fd = pgconn.socket
    except Exception as error:  # psycopg raises when it already knows the connection is closed
        raise exc.DisconnectionError("connection already closed") from error
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
    if poller.poll(0):
        log.info("Discarded a pooled database connection that the server had closed")
        raise exc.DisconnectionError("the server closed this pooled connection")


event.listen(Engine, "before_cursor_execute", _before_statement)
event.listen(Engine, "begin", _forget_writes)
event.listen(Pool, "checkout", _drop_closed_connection)
