"""Test harness: one app per session on SQLite or PostgreSQL, a clean database per test.

``TEST_DATABASE_URL`` selects PostgreSQL; without it a SQLite file in a temporary folder is used
(a file, not memory, so that the browser tests' live server sees the same data). The schema is
built by running the Alembic migrations, so every test run also proves the migrations work.
"""

from __future__ import annotations

import contextvars
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

os.environ.setdefault("SUITE_ENV", "testing")
_TMP = Path(tempfile.mkdtemp(prefix="suite-tests-"))
os.environ.setdefault("INSTANCE_PATH", str(_TMP / "instance"))

from app import create_app  # noqa: E402
from common import cache  # noqa: E402
from common.extensions import db as _db  # noqa: E402
from tests.factories import Factory  # noqa: E402

TEST_CONFIG: dict[str, Any] = {
    "SUITE_ENV": "testing",
    "TESTING": True,
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    "BABEL_DEFAULT_LOCALE": "en",
    "SESSION_COOKIE_SECURE": False,
    "SERVER_NAME": None,
    # The signed-in identity's cache makes a token's first, second and later requests run different statements, so
    # the query-count tests would measure the cache instead of the page: off here, on in test_identity_cache.py
    # (both version stores), which shows that sign-out, disabling and role changes still act at the next request.
    "IDENTITY_CACHE_SECONDS": 0,
    # The cache's versions in this process, as on SQLite: tests of the shared store (the database) set it themselves.
    "CACHE_VERSIONS": "memory",
}


def database_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        from common.config import _database_url

        return _database_url(url)
    return f"sqlite:///{_TMP / 'test.db'}"


def _reset_schema(app: Flask) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        engine = _db.engine
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        else:
            _db.drop_all()
            with engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    Without this, a request would reuse the test's app context, and with it the test's database
    session and ``g`` (where Flask-Login caches the user): a revoked session would look alive.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    application = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url()})
    application.test_client_class = IsolatedClient
    _reset_schema(application)
    yield application


def _truncate_postgresql(tables: list[str]) -> None:
    """Empty every table, even while a browser test's last request (a SCORM beacon sent as its tab closed) is
    still running on the live server's thread: that request's locks can deadlock with TRUNCATE, which then
    waits ``lock_timeout`` at most and tries again; a connection of this database still in the way after that
    (a request left in a transaction) is ended, since its test is over."""
    statement = "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
    for attempt in range(6):
        try:
            with _db.engine.begin() as conn:
                if attempt == 5:
                    conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                      "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
                # Test-only path: the audit tables refuse TRUNCATE (a trigger). The harness connects as a
                # superuser and switches triggers off for its own session while it empties the database.
                conn.execute(text("SET LOCAL session_replication_role = replica"))
                conn.execute(text("SET LOCAL lock_timeout = '3s'"))
                conn.execute(text(statement))
            return
        except OperationalError as error:
            if attempt == 5 or getattr(error.orig, "sqlstate", None) not in ("40P01", "55P03"):
                raise
            time.sleep(0.2 * (attempt + 1))


def _truncate_all(app: Flask) -> None:
    with app.app_context():
        _db.session.remove()
        tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
        if _db.engine.dialect.name == "postgresql":
            _truncate_postgresql(tables)
            return
        with _db.engine.begin() as conn:
            # The audit log refuses DELETE (a trigger); lift it for the clean-up only, then put it back.
            triggers = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
            for name, _sql in triggers:
                conn.execute(text(f'DROP TRIGGER "{name}"'))
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))
            for _name, sql in triggers:
                conn.execute(text(sql))


@pytest.fixture()
def db(app: Flask) -> Iterator[Any]:
    """The database, empty at the start of each test; an app context is pushed for the test."""
    with app.app_context():
        yield _db
        _db.session.remove()
        cache.clear()  # ids and versions restart in the next test's empty database: nothing cached here may answer
    _truncate_all(app)


@pytest.fixture()
def client(app: Flask, db: Any) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def factory(db: Any) -> Factory:
    return Factory()


@pytest.fixture()
def login_as(app: Flask, db: Any) -> Any:
    """``login_as(user)`` returns a test client signed in as ``user`` through a real server session."""
    from common.auth.operations import start_session

    def _login(user: Any, client: FlaskClient | None = None) -> FlaskClient:
        client = client or app.test_client()
        token = start_session(user)
        _db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = token
            session["_fresh"] = True
            session["lang"] = "en"
        return client

    return _login


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture()
def count_queries(app: Flask, db: Any) -> Any:
    """``with count_queries() as counter: ...`` counts the SQL statements run inside the block."""

    @contextmanager
    def _count() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            counter.statements.append(statement)

        engine = _db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return _count


class _Inbox:
    """Messages received by the test SMTP server, as ``email.message.EmailMessage`` objects."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Any]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture()
def smtp_server(app: Flask) -> Iterator[_Inbox]:
    """A real SMTP server on 127.0.0.1 (aiosmtpd); the app sends its mail there during the test."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    saved = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield inbox
    finally:
        app.config.update(MAIL_SERVER=saved[0], MAIL_PORT=saved[1])
        controller.stop()


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
_redis_answers: dict[str, bool] = {}


def _what_is_tested(request: pytest.FixtureRequest) -> str:
    """For a skip reason: the first line of the test's docstring, or its name in words."""
    doc = (request.function.__doc__ or "").strip().split("\n")[0]
    return doc or request.function.__name__.removeprefix("test_").replace("_", " ")


@pytest.fixture()
def redis_url(request: pytest.FixtureRequest) -> str:
    """The Redis the tests may use (``TEST_REDIS_URL``, database 15 of the local one by default; ``make test`` and
    ``.ci/run`` start a throwaway ``redis-server`` when none answers). Without one the test is skipped, and the
    reason says what was not tested."""
    if REDIS_URL not in _redis_answers:
        import redis

        try:
            _redis_answers[REDIS_URL] = bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1,
                                                                  socket_connect_timeout=1).ping())
        except redis.RedisError:
            _redis_answers[REDIS_URL] = False
    if not _redis_answers[REDIS_URL]:
        what = _what_is_tested(request)
        pytest.skip(f"no Redis answers at {REDIS_URL} (set TEST_REDIS_URL, or run `make test`, which starts one): "
                    f"not tested: {what}")
    return REDIS_URL


@pytest.fixture()
def cache_in_redis(app: Flask, redis_url: str) -> Iterator[None]:
    """The cache kept in the tests' Redis for this test (``REDIS_URL`` set), as a deployment with Redis keeps it.

    The tests' Redis database is emptied first: its entries and versions outlive a test, while the tables are
    emptied and their ids start again, so an earlier test's entry could stand under this test's key."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    saved, app.config["REDIS_URL"] = app.config.get("REDIS_URL"), redis_url
    yield
    app.config["REDIS_URL"] = saved


@pytest.fixture()
def versions_in_database(app: Flask, db: Any, monkeypatch: pytest.MonkeyPatch,
                         request: pytest.FixtureRequest) -> None:
    """The cache's versions kept in the database (PostgreSQL without Redis), as every process of a deployment
    reads them then. On SQLite the test is skipped, and the reason says what was not tested."""
    if db.engine.dialect.name != "postgresql":
        what = _what_is_tested(request)
        pytest.skip(f"the cache's versions are kept in the database on PostgreSQL only: not tested: {what}")
    monkeypatch.setitem(app.config, "CACHE_VERSIONS", "database")


# The browser harness (live server, Chromium, axe), defined once for every folder's test_browser_*.py.
from tests.browser.harness import *  # noqa: E402,F403

