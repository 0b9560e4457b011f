"""The cache's versions in Redis (``REDIS_URL`` set): a page's versions read ahead in one round trip serve the rest
of the request, and a write of the request still shows at once."""

from __future__ import annotations

from typing import Any

from common import cache
from common.models import OrgUnit


class _Counted:
    """The real Redis client, its version reads (``MGET``) counted."""

    def __init__(self, client: Any) -> None:
        self.client, self.reads = client, 0

    def mget(self, keys: list[str]) -> list[Any]:
        self.reads += 1
        return self.client.mget(keys)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)


def test_versions_read_ahead_serve_the_request_until_a_write_bumps_them(cache_in_redis, app, db, monkeypatch):
    """``cache.read_ahead`` reads the page's versions in one ``MGET``, later reads in the request take them (as if
    all were read at that moment, even after another worker's bump); a write of the request drops them, so the
    request sees its own writes, and the next request reads afresh."""
    monkeypatch.setitem(app.config, "CACHE_VERSIONS", "auto")  # versions in Redis, as a deployment with Redis has them
    with app.test_request_context():
        assert cache.version_store() == "redis"
        cache.bump_many({"learning", "test:other"})
        learning, other = cache.versions(["learning", "test:other"])
        counted = _Counted(cache.redis_client())
        monkeypatch.setattr(cache, "redis_client", lambda: counted)
        cache.read_ahead(["learning", "test:other"])
        assert cache.versions(["learning"]) == [learning]
        assert cache.versions(["test:other", "learning"]) == [other, learning]
        assert counted.reads == 1
        counted.incr(f"{cache.PREFIX}:version:test:other")  # another worker's bump, after this request read ahead
        assert cache.versions(["test:other"]) == [other]
        db.session.add(OrgUnit(code="RA", name_en="RA", name_ka="RA", kind="ministry"))
        db.session.flush()  # a directory write bumps its namespaces, which drops what the request held
        assert cache.versions(["test:other"]) == [other + 1]
        assert counted.reads == 2
    with app.test_request_context():  # nothing is held from one request to the next
        cache.versions(["learning"])
        assert counted.reads == 3
