"""A prebuilt read run on the driver's cursor: the one statement every signed-in request sends.

The identity's version check (``common.auth.identity_versions``) runs before every signed-in page. Through
SQLAlchemy's ``Connection.execute`` its execution context, result and row objects cost about 0.23 ms of CPU for a
statement the driver itself sends and reads in 0.14 ms (national data, PostgreSQL); the difference was 5 % of the
instructions of the dashboard page (4.31 -> 4.10 M) and 2 % of home's (6.61 -> 6.45 M).
Here the statement is compiled once per process and dialect, and each run goes to the cursor of the request's own
connection (the session's, so it sees what the request sees and adds no checkout).

Two things SQLAlchemy did still happen: the engine's ``before_cursor_execute`` listeners hear the statement, and
may rewrite it as they could through SQLAlchemy (the lazy ``BEGIN`` of ``common.database``, and every statement
count of the tests and the benchmark, which stay true), and an error from the driver is not reported raw: the
statement is run again through SQLAlchemy, which raises its own error and invalidates a broken connection as
everywhere else.

Only for reads whose parameters the driver takes as they are (integers, strings): no type processing is applied.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Executable
from sqlalchemy.orm import Session

_COMPILED: dict[tuple[int, str], tuple[Executable, str, dict[str, Any], tuple[str, ...] | None]] = {}


def _compiled(statement: Executable, conn: Connection) -> tuple[str, dict[str, Any], tuple[str, ...] | None]:
    """(SQL text, default parameters, parameter order when the driver takes them by position)."""
    key = (id(statement), conn.dialect.name)
    entry = _COMPILED.get(key)
    if entry is None or entry[0] is not statement:  # the statement is kept, so an id is never reused under it
        compiled = statement.compile(dialect=conn.dialect)
        order = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
        entry = _COMPILED[key] = (statement, str(compiled), dict(compiled.params), order)
    return entry[1], entry[2], entry[3]


def first_row(session: Session, statement: Executable, params: dict[str, Any]) -> tuple[Any, ...] | None:
    """The first row of ``statement`` (a plain read) run on ``session``'s connection, as a tuple, or ``None``."""
    conn = session.connection()
    sql, defaults, order = _compiled(statement, conn)
    values: Any = {**defaults, **params}
    if order is not None:
        values = tuple(values[name] for name in order)
    cursor = conn.connection.cursor()
    try:
        for listener in conn.dispatch.before_cursor_execute:
            # As SQLAlchemy does: each listener returns the statement and parameters (a ``retval=True`` one may
            # rewrite them; the others are wrapped to hand them on unchanged).
            sql, values = listener(conn, cursor, sql, values, None, False)
        cursor.execute(sql, values)
        row = cursor.fetchone()
    except conn.dialect.loaded_dbapi.Error:
        cursor.close()
        return _through_sqlalchemy(conn, statement, params)
    cursor.close()
    return None if row is None else tuple(row)


def _through_sqlalchemy(conn: Connection, statement: Executable, params: dict[str, Any]) -> tuple[Any, ...] | None:
    """The same read through SQLAlchemy: its error handling (a dropped connection is invalidated) and messages."""
    row = conn.execute(statement, params).first()
    return None if row is None else tuple(row)
