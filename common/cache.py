"""A small cache for computed figures: Redis when ``REDIS_URL`` is set, else this process's memory.

Entries live in a *namespace* (``"directory"``) whose version number is part of every key.
Bumping the version (``bump``, done when the data behind the namespace changes) makes every old
entry unreachable at once, on every machine sharing the version, without scanning for keys; the old
entries expire by their TTL. The versions live where ``CACHE_VERSIONS`` says: by default in Redis
when ``REDIS_URL`` is set, else in the database on PostgreSQL (``common.cache_db``: entries stay in
each process's memory, but every process sees a bump at its next request), else in memory (SQLite:
one process). Values are stored as JSON, never pickled, so a cache server that was
tampered with cannot make the application run code. If Redis is unreachable the value is computed
afresh: a cache outage slows reports down but never breaks them.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from flask import current_app, has_app_context, has_request_context, request

log = logging.getLogger(__name__)
PREFIX = "suite:cache"
MEMORY_ENTRIES = 4096  # per-indicator progress of a national strategy is ~2,000 entries
# And at most this much text: a dashboard view is kept whole (~60 kB), so entries alone do not bound a worker.
MEMORY_CHARACTERS = 48_000_000
OBJECTS = 16  # built values kept by ``cached_object``: up to ~1 MB each (a national overview), so ~16 MB at most

_lock = threading.Lock()
_memory: OrderedDict[str, tuple[float, str]] = OrderedDict()
_memory_size = [0]  # characters of text held in ``_memory``
_objects: OrderedDict[str, tuple[float, Any]] = OrderedDict()
_versions: dict[str, int] = {}
_seen: set[str] = set()
_clients: dict[str, Any] = {}
_forgetters: list[Callable[[], None]] = []  # other per-process caches keyed by these versions (``on_clear``)


def redis_client() -> Any | None:
    """The Redis client for ``REDIS_URL`` (one per URL and process), or ``None`` for the in-process cache."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    if url not in _clients:
        import redis

        _clients[url] = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return _clients[url]


def _ttl() -> int:
    return int(current_app.config["CACHE_SECONDS"])


def version_store() -> str:
    """Where the versions live now: ``"redis"``, ``"database"`` or ``"memory"`` (``CACHE_VERSIONS``, see the README)."""
    if not has_app_context():
        return "memory"
    setting = current_app.config.get("CACHE_VERSIONS", "auto")
    if setting == "memory":
        return "memory"
    if setting == "auto" and current_app.config.get("REDIS_URL"):
        return "redis"
    from common import cache_db

    return "database" if cache_db.available() else "memory"


def version(namespace: str) -> int:
    """The current version of ``namespace``: part of each key, so bumping it retires every entry."""
    return versions([namespace])[0]


def bump(namespace: str) -> None:
    """Invalidate every entry of ``namespace`` (call it when the data behind it changes)."""
    bump_many({namespace})


def cached(namespace: str, key: str, compute: Callable[[], Any], ttl: int | None = None,
           depends: Sequence[str] = ()) -> Any:
    """The value stored under ``key`` in ``namespace``, computing and storing it when missing.

    ``compute`` must return something JSON can hold (dicts, lists, strings, numbers, ``None``); the
    value handed back is always the JSON round trip, so a hit and a miss return equal things.
    ``depends`` names further versions the entry follows (a strategy's: ``cache_events.KeyedVersions``),
    read with the namespace's in one round trip and made part of the key.
    """
    ttl = ttl or _ttl()
    _seen.add(namespace)
    client = redis_client()
    try:
        held = ".".join(map(str, versions([namespace, *depends])))
        full_key = f"{PREFIX}:{namespace}:v{held}:{key}"
        stored = client.get(full_key) if client is not None else _memory_get(full_key)
    except Exception:  # noqa: BLE001 - a cache outage must not break the page
        log.warning("Cache unavailable, computing %s:%s directly", namespace, key, exc_info=True)
        return json.loads(json.dumps(compute()))
    if stored is not None:
        return json.loads(stored)
    text = json.dumps(compute(), separators=(",", ":"))
    try:
        if client is not None:
            client.set(full_key, text, ex=ttl)
        else:
            _memory_set(full_key, text, ttl)
    except Exception:  # noqa: BLE001
        log.warning("Could not store %s:%s in the cache", namespace, key, exc_info=True)
    return json.loads(text)


def versions(namespaces: list[str]) -> list[int]:
    """The current version of each of ``namespaces`` (one round trip to Redis or the database for all of them;
    none for those ``read_ahead`` read for this request)."""
    store = version_store()
    if store == "memory" or not namespaces:
        with _lock:
            return [_versions.get(name, 0) for name in namespaces]
    if store == "database":
        from common import cache_db

        cache_db.flush_pending()  # writes pending now bump at their flush, which drops what the request holds
        held = _held()
        if held is not None and all(name in held for name in namespaces):
            return [held[name] for name in namespaces]
        return cache_db.versions(namespaces)
    held = _held()
    if held is not None and all(name in held for name in namespaces):
        return [held[name] for name in namespaces]
    return [int(found or 0) for found in redis_client().mget([f"{PREFIX}:version:{name}" for name in namespaces])]


_HELD = "suite.cache_versions"  # the request's ``environ`` key: versions ``read_ahead`` read for this request


def read_ahead(namespaces: list[str]) -> None:
    """Read the versions a page will ask for, one after the other, in one round trip now (the compliance page's
    figures and course filter: two reads were two statements). Later reads of them in this request take these
    numbers, as if all had been read at this moment; a bump in this process (a write flushed, a transaction's end)
    drops them, so the request's own writes are seen as before."""
    if not has_request_context() or version_store() == "memory":
        return
    request.environ.pop(_HELD, None)
    request.environ[_HELD] = dict(zip(namespaces, versions(namespaces), strict=True))


def _held() -> dict[str, int] | None:
    return request.environ.get(_HELD) if has_request_context() else None


def bump_many(namespaces: set[str]) -> None:
    """``bump`` each of ``namespaces`` (one round trip to Redis or the database for all of them)."""
    with _lock:
        for name in namespaces:
            _versions[name] = _versions.get(name, 0) + 1
    if has_request_context():
        request.environ.pop(_HELD, None)
    store = version_store()
    if store == "memory" or not namespaces:
        return
    try:
        if store == "database":
            from common import cache_db

            cache_db.bump(namespaces)
            return
        pipe = redis_client().pipeline(transaction=False)
        for name in namespaces:
            pipe.incr(f"{PREFIX}:version:{name}")
        pipe.execute()
    except Exception:  # noqa: BLE001 - store down: entries held elsewhere expire by TTL
        log.warning("Could not bump %d cache namespaces (%s)", len(namespaces), store, exc_info=True)


def cached_many(namespace: str, keys: list[str], compute: Callable[[list[str]], dict[str, Any]],
                depends: list[str] | None = None) -> dict[str, Any]:
    """``cached`` for many keys at once: one read for all of them, and ``compute`` called once with the missing ones.

    For per-item figures (an indicator's progress) where a page needs hundreds and only a few change at a time:
    ``depends`` names, for each key, the version it follows (the indicator's), read with the namespace's in one
    round trip and made part of that key.
    """
    _seen.add(namespace)
    client = redis_client()
    try:
        held = versions([namespace, *(depends or [])])
        prefix = f"{PREFIX}:{namespace}:v{held[0]}:"
        full = {key: prefix + key + (f":v{held[i + 1]}" if depends else "") for i, key in enumerate(keys)}
        if client is not None:
            stored = client.mget(list(full.values())) if keys else []
        else:
            stored = [_memory_get(full_key) for full_key in full.values()]
    except Exception:  # noqa: BLE001 - a cache outage must not break the page
        log.warning("Cache unavailable, computing %d %s entries directly", len(keys), namespace, exc_info=True)
        return json.loads(json.dumps(compute(keys)))
    found = {key: json.loads(text) for key, text in zip(keys, stored, strict=True) if text is not None}
    missing = [key for key in keys if key not in found]
    if not missing:
        return found
    texts = {key: json.dumps(value, separators=(",", ":")) for key, value in compute(missing).items()}
    try:
        if client is not None:
            pipe = client.pipeline(transaction=False)
            for key, text in texts.items():
                pipe.set(full[key], text, ex=_ttl())
            pipe.execute()
        else:
            for key, text in texts.items():
                _memory_set(full[key], text, _ttl())
    except Exception:  # noqa: BLE001
        log.warning("Could not store %d %s entries in the cache", len(texts), namespace, exc_info=True)
    found.update({key: json.loads(text) for key, text in texts.items()})
    return found


def cached_object(namespace: str, key: str, compute: Callable[[], Any], build: Callable[[Any], Any],
                  depends: Sequence[str] = ()) -> Any:
    """``build(cached(namespace, key, compute, depends=depends))``, the built object kept in this process's memory.

    For large entries read at every view: a national strategy overview's HTML is 800 KB of JSON, 2.5 ms to decode
    at each request (a third of the page's CPU), and as much again to fetch from Redis. The versions are read first,
    as ``cached`` reads them (one round trip), and name the object, so a write seen by the version store retires
    the object in every process at its next request, as it retires the entry. On a miss the entry is read (or
    computed) and built once. ``build`` must return something nobody changes (a frozen dataclass of strings): every
    request of this process is handed the same object.
    """
    try:
        held = ".".join(map(str, versions([namespace, *depends])))
    except Exception:  # noqa: BLE001 - a cache outage must not break the page: ``cached`` computes it directly
        return build(cached(namespace, key, compute, depends=depends))
    full_key = f"{namespace}:v{held}:{key}"
    now = time.monotonic()
    with _lock:
        found = _objects.get(full_key)
        if found is not None and found[0] >= now:
            _objects.move_to_end(full_key)
            return found[1]
    # Read at the same or a later version than ``held``: never an older value under a newer name.
    built = build(cached(namespace, key, compute, depends=depends))
    with _lock:
        _objects[full_key] = (now + _ttl(), built)
        while len(_objects) > OBJECTS:
            _objects.popitem(last=False)
    return built


def scope_key(user: Any, capability: str) -> str:
    """The part of a cache key that says whose figures these are: the units ``user`` sees with ``capability``."""
    from common.permissions import scope_paths

    paths = scope_paths(user, capability)
    return "all" if paths is None else ",".join(sorted(paths))


def on_clear(forget: Callable[[], None]) -> None:
    """Have ``clear`` call ``forget`` too: for a module that keeps built values of its own under these versions."""
    if forget not in _forgetters:
        _forgetters.append(forget)


def clear() -> None:
    """Forget this process's entries and retire every namespace (tests; after a restore from backup)."""
    with _lock:
        _memory.clear()
        _memory_size[0] = 0
        _objects.clear()
        namespaces = set(_versions) | _seen
    for forget in _forgetters:
        forget()
    for namespace in namespaces:
        bump(namespace)


def _memory_get(key: str) -> str | None:
    with _lock:
        entry = _memory.get(key)
        if entry is None:
            return None
        expires, text = entry
        if expires < time.monotonic():
            del _memory[key]
            _memory_size[0] -= len(text)
            return None
        _memory.move_to_end(key)
        return text


def _memory_set(key: str, text: str, ttl: int) -> None:
    with _lock:
        replaced = _memory.get(key)
        _memory_size[0] += len(text) - (len(replaced[1]) if replaced else 0)
        _memory[key] = (time.monotonic() + ttl, text)
        _memory.move_to_end(key)
        while len(_memory) > MEMORY_ENTRIES or (_memory_size[0] > MEMORY_CHARACTERS and len(_memory) > 1):
            _memory_size[0] -= len(_memory.popitem(last=False)[1][1])
