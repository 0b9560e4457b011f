"""The cache's versions in the database (``common.cache_db``): a bump is committed at once on its own connection,
so every process sees it, and a page reads all the versions it needs in one statement."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from common import cache, cache_db
from common.config import load_config
from common.models import CacheVersion, OrgUnit
from common.models.users import LEARNING_ADMIN


@pytest.fixture()
def database_store(app, db, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip(
            "the cache's versions are kept in the database on PostgreSQL only (on SQLite a bump on its own "
            "connection would wait for the writer's lock): not tested: versions shared through the database"
        )
    monkeypatch.setitem(app.config, "CACHE_VERSIONS", "database")
    assert cache.version_store() == "database"


def test_a_bump_is_committed_at_once_and_seen_on_other_connections(database_store, db):
    db.session.add(OrgUnit(code="X", name_en="X", name_ka="X", kind="ministry"))
    db.session.flush()  # the session's transaction is open, holding a write
    cache.bump_many({"test:a", "test:b"})
    cache.bump("test:a")
    db.session.rollback()  # the writer's transaction does not take the bumps with it
    with db.engine.connect() as other:  # another process's connection
        seen = dict(other.execute(select(CacheVersion.name, CacheVersion.version)).tuples().all())
    assert seen["test:a"] == 2 and seen["test:b"] == 1
    assert cache.versions(["test:a", "test:b", "test:never"]) == [2, 1, 0]


def test_one_statement_reads_the_versions_of_every_name_asked(database_store, db, count_queries):
    names = [f"test:indicator:{i}" for i in range(300)]
    cache_db.bump(set(names[::3]))
    with count_queries() as counter:
        held = cache.versions(names)
    assert counter.count == 1
    assert held == [1 if i % 3 == 0 else 0 for i in range(300)]
    with count_queries() as counter:
        assert cache.cached("test", "figure", lambda: 42, depends=names[:50]) == 42
    assert counter.count == 1  # the namespace's version and the 50 it follows, together


def test_auto_means_redis_with_redis_url_else_the_database_on_postgresql_else_memory(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "CACHE_VERSIONS", "auto")
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    assert cache.version_store() == ("database" if db.engine.dialect.name == "postgresql" else "memory")
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:6379/10")
    assert cache.version_store() == "redis"
    monkeypatch.setitem(app.config, "CACHE_VERSIONS", "memory")
    assert cache.version_store() == "memory"


def test_an_unknown_setting_is_refused_at_start(monkeypatch):
    monkeypatch.setenv("CACHE_VERSIONS", "disk")
    with pytest.raises(RuntimeError, match="CACHE_VERSIONS"):
        load_config({"SUITE_ENV": "testing"})


def test_an_object_kept_built_in_one_process_is_retired_by_a_bump_from_another(database_store, app, db):
    """``cache.cached_object`` hands back the same built object while the versions hold, and builds it again once
    another process (a bump written straight to the table) has retired the key it depends on."""
    computed: list[int] = []

    def compute() -> dict[str, int]:
        computed.append(1)
        return {"n": len(computed)}

    def kept() -> tuple[int, ...]:
        with app.test_request_context():
            return cache.cached_object("test-objects", "k", compute, lambda found: (found["n"],),
                                       depends=["test-objects:document:1"])

    first = kept()
    assert kept() is first and computed == [1]
    cache_db.bump({"test-objects:document:1"})  # another worker's write: this process's memory knows nothing of it
    assert kept() == (2,) and computed == [1, 1]


def test_versions_read_ahead_serve_the_request_until_a_write_bumps_them(database_store, app, db, count_queries):
    """``cache.read_ahead`` reads a page's versions in one statement and later reads in the request take them (as
    if all were read at that moment); a write of the request, pending or flushed, drops them, so the request still
    sees its own writes, and the next request reads afresh."""
    with app.test_request_context():
        cache_db.bump({"learning", "test:other"})
        learning, other = cache.versions(["learning", "test:other"])
        with count_queries() as counter:
            cache.read_ahead(["learning", "test:other"])
            assert cache.versions(["learning"]) == [learning]
            assert cache.versions(["test:other", "learning"]) == [other, learning]
        assert counter.count == 1
        cache_db.bump({"test:other"})  # another worker's bump, after this request read its versions
        assert cache.versions(["test:other"]) == [other]
        db.session.add(OrgUnit(code="RA", name_en="RA", name_ka="RA", kind="ministry"))  # retires ``learning``
        assert cache.versions(["learning"])[0] > learning  # flushed first: its bump dropped what was held
        assert cache.versions(["test:other"]) == [other + 1]
    with app.test_request_context():  # nothing is held from one request to the next
        cache.read_ahead(["test:other"])
    with app.test_request_context(), count_queries() as counter:
        cache.versions(["test:other"])
    assert counter.count == 1


def test_the_compliance_page_reads_its_versions_in_one_statement(database_store, app, db, factory, login_as,
                                                                   count_queries):
    ministry = factory.unit("MOF")
    client = login_as(factory.user(roles=[(LEARNING_ADMIN, ministry)]))
    assert client.get("/learn/admin/compliance").status_code == 200
    with count_queries() as counter:
        assert client.get("/learn/admin/compliance").status_code == 200
    assert sum("cache_version" in statement for statement in counter.statements) == 1
