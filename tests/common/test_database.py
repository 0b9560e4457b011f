"""The connection to the database: no round trip without a query, yet a connection the server dropped is never
handed to a request, and writes still commit together or not at all (common/database.py)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import text

from common.database import is_plain_read
from common.extensions import db as _db


def _pooled_backend_pids() -> set[int]:
    """The server processes of this database: the pool's connections, the one asking included (PostgreSQL)."""
    return set(_db.session.execute(text(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()")).scalars())


def _terminate(pids: set[int]) -> None:
    """End ``pids`` from a connection of our own, outside the pool, and wait until they are gone."""
    import psycopg

    url = _db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as killer:
        for pid in pids:
            killer.execute("SELECT pg_terminate_backend(%s)", (pid,))
        for _ in range(100):
            alive = killer.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)",
                                   (list(pids),)).fetchone()
            if not alive or not alive[0]:
                return
            time.sleep(0.02)


def test_a_request_after_the_server_dropped_the_pooled_connection_succeeds(app: Any, factory: Any,
                                                                           login_as: Any) -> None:
    client = login_as(factory.user(employee=factory.employee(factory.unit())))
    assert client.get("/").status_code == 200  # the pool now holds a connection that served a request
    _db.session.remove()
    if _db.engine.dialect.name != "postgresql":
        # SQLite has no server to drop a connection: the same requests run on its file, one after another.
        assert client.get("/").status_code == 200
        assert client.get("/health").json == {"status": "ok", "database": "ok"}
        return
    pids = _pooled_backend_pids()
    _db.session.remove()
    assert pids, "the pool should hold the connection of the first request"
    _terminate(pids)
    for _ in range(3):  # every pooled connection was dropped: each request still gets a live one
        response = client.get("/")
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert client.get("/health").json == {"status": "ok", "database": "ok"}
    assert not pids & _pooled_backend_pids()  # the dropped connections were replaced, not reused


def test_a_read_only_request_opens_no_transaction(app: Any, factory: Any, login_as: Any) -> None:
    """On PostgreSQL the home page's queries run in autocommit: no BEGIN, no ROLLBACK, no ping."""
    if _db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite makes no round trips: its transactions cost nothing to leave as they are")
    from psycopg._connection_base import BaseConnection

    client = login_as(factory.user(employee=factory.employee(factory.unit())))
    client.get("/")
    commands: list[bytes] = []
    original = BaseConnection._exec_command

    def recording(self: Any, command: Any, *args: Any, **kwargs: Any) -> Any:
        commands.append(bytes(command) if isinstance(command, bytes | bytearray) else str(command).encode())
        return original(self, command, *args, **kwargs)

    BaseConnection._exec_command = recording  # type: ignore[method-assign]
    try:
        assert client.get("/").status_code == 200
    finally:
        BaseConnection._exec_command = original  # type: ignore[method-assign]
    assert commands == []


def test_writes_of_a_request_commit_together_or_not_at_all(app: Any, factory: Any) -> None:
    """The first write opens the transaction; a failure after it leaves nothing behind, a success keeps all."""
    from common.models import OrgUnit

    unit = factory.unit("KEEP")
    _db.session.commit()
    _db.session.execute(text("SELECT 1"))  # a read before the first write, outside the transaction on PostgreSQL
    unit.name_en = "Renamed"
    _db.session.flush()
    _db.session.add(OrgUnit(code="GONE", name_ka="x", name_en="x", kind="ministry"))
    _db.session.flush()
    _db.session.rollback()
    assert _db.session.execute(text("SELECT count(*) FROM org_unit WHERE code = 'GONE'")).scalar() == 0
    assert _db.session.get(OrgUnit, unit.id).name_en != "Renamed"
    unit.name_en = "Renamed"
    _db.session.add(OrgUnit(code="KEPT", name_ka="x", name_en="x", kind="ministry"))
    _db.session.commit()
    _db.session.remove()
    assert _db.session.execute(text("SELECT count(*) FROM org_unit WHERE code IN ('KEEP', 'KEPT')")).scalar() == 2


@pytest.mark.parametrize(("statement", "plain"), [
    ("SELECT a FROM t", True),
    ("  select a from t", True),
    ("SELECT a FROM t FOR UPDATE", False),
    ("SELECT a FROM t FOR NO KEY UPDATE OF t", False),
    ("SELECT pg_advisory_xact_lock(1)", False),
    ("SELECT seq, entry_hash FROM audit_chain_head(1)", False),  # takes the audit chain's advisory lock
    ("SELECT nextval(pg_get_serial_sequence('t', 'id'))", False),
    ("WITH x AS (DELETE FROM t RETURNING a) SELECT a FROM x", False),
    ("INSERT INTO t VALUES (1)", False),
    ("SAVEPOINT sa_savepoint_1", False),
])
def test_only_plain_selects_run_outside_the_transaction(statement: str, plain: bool) -> None:
    assert is_plain_read(statement) is plain


def test_another_engine_in_autocommit_keeps_it(db: Any) -> None:
    """Only the application's engines open a transaction before a write: a tool's own autocommit engine (the
    benchmark's admin connection that drops and creates its scratch database) runs what no transaction may hold."""
    from sqlalchemy import create_engine

    if _db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite keeps its own transactions: there is no autocommit to keep")
    engine = create_engine(_db.engine.url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("VACUUM org_unit"))  # "cannot run inside a transaction block" if one were opened
    finally:
        engine.dispose()
