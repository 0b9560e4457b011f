"""A short-lived copy, per session token, of the signed-in identity (account, roles with their units, employee).

Every signed-in request used to load that graph with a joined query. Here a process keeps, for
``IDENTITY_CACHE_SECONDS``, a detached copy of it (made by pickling the loaded graph once, in this process's memory
only, so nothing pickled ever crosses a network) together with the identity versions (``identity_versions``) read
*before* the copy was loaded. The copy itself is never attached to a session: each request merges it, which makes
the request its own objects (``merge`` copies the attributes, whose values are immutable: strings, numbers, dates),
so it no longer unpickles the graph at every request (a fifth of a light page's CPU).
A request trusts the copy only while the versions are unchanged, so signing out, a password change, a disabled
account or a new role take effect at the next request in every process; the copy is attached to the request's
session with ``merge(load=False)``, so it is an ordinary persistent object: lazy loads work and writes persist.

The first request of a token only learns whose it is: its versions could not be read before the load, and a copy
stored under versions read afterwards could hide a change made in between.
"""

from __future__ import annotations

import pickle
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import inspect

from common.auth import identity_versions
from common.extensions import db
from common.models import User, UserSession
from common.models.base import utcnow

MAX_ENTRIES = 20_000
TOUCH_EVERY = timedelta(minutes=1)


@dataclass
class _Entry:
    user_id: int
    expires: float
    version: identity_versions.Version | None = None
    graph: User | None = None  # the detached copy, never attached to a session (only with a version)
    keys: tuple[Any, ...] = ()  # identity keys of the graph's objects
    created_at: datetime | None = None
    last_seen_at: datetime | None = None


class _Store:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: OrderedDict[str, _Entry] = OrderedDict()

    def get(self, key: str) -> _Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None and entry.expires < time.monotonic():
                del self.entries[key]
                return None
            return entry

    def put(self, key: str, entry: _Entry) -> None:
        """Keep ``entry``, dropping the expired ones first: every entry lives ``IDENTITY_CACHE_SECONDS`` from its
        ``put``, so the oldest are at the front. Only the sessions of the last seconds stay in memory (a kept graph
        is some 6-8 KB of objects), not ``MAX_ENTRIES`` of them waiting for their own token to come back."""
        with self.lock:
            entries, now = self.entries, time.monotonic()
            while entries:
                oldest = next(iter(entries.values()))
                if oldest.expires >= now:
                    break
                entries.popitem(last=False)
            entries[key] = entry
            entries.move_to_end(key)
            while len(entries) > MAX_ENTRIES:
                entries.popitem(last=False)

    def drop(self, key: str) -> None:
        with self.lock:
            self.entries.pop(key, None)

    def forget_users(self, user_ids: set[int]) -> None:
        with self.lock:
            if identity_versions.EPOCH in user_ids:
                self.entries.clear()
                return
            for key in [k for k, e in self.entries.items() if e.user_id in user_ids]:
                del self.entries[key]


def _ttl() -> int:
    return int(current_app.config.get("IDENTITY_CACHE_SECONDS") or 0)


def _store() -> _Store:
    return current_app.extensions.setdefault("identity_cache", _Store())


def enabled() -> bool:
    return _ttl() > 0


def forget_users(user_ids: set[int]) -> None:
    """Drop this process's copies for ``user_ids`` (the versions retire the other processes' copies)."""
    store = current_app.extensions.get("identity_cache")
    if store is not None:
        store.forget_users(user_ids)


def cached_user(token_hash: str) -> User | None:
    """The identity for ``token_hash`` from the copy, attached to this request's session, or ``None`` to load it."""
    store = _store()
    entry = store.get(token_hash)
    if entry is None or entry.graph is None:
        return None
    identity_map = db.session.identity_map
    if any(key in identity_map for key in entry.keys):
        return None  # the session already holds some of these rows (possibly changed): load them properly
    now = utcnow()
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    if (entry.created_at + lifetime < now or entry.last_seen_at + idle < now
            or now - entry.last_seen_at > TOUCH_EVERY):
        return None  # expired, idle or due a touch: the database path decides and writes
    if identity_versions.current(entry.user_id) != entry.version:
        store.drop(token_hash)
        return None
    return db.session.merge(entry.graph, load=False)  # new objects of this session; the copy stays detached


def version_before_load(token_hash: str) -> identity_versions.Version | None:
    """The versions of the token's account read before loading it, when the account is already known."""
    entry = _store().get(token_hash)
    return None if entry is None else identity_versions.current(entry.user_id)


def remember(token_hash: str, session_row: UserSession, user: User,
             version: identity_versions.Version | None) -> None:
    """Keep a copy of the just loaded ``user`` (call before anything in the request changes it)."""
    entry = _Entry(user_id=user.id, expires=time.monotonic() + _ttl())
    if version is not None and not db.session.is_modified(user):
        state = inspect(user)
        # Exactly the objects ``merge`` will attach later: their rows must not already be in a request's session.
        related = [obj for obj, *_ in state.mapper.cascade_iterator("merge", state)]
        entry.version, entry.graph = version, pickle.loads(pickle.dumps(user))  # our own bytes, this process only
        entry.keys = tuple(inspect(obj).identity_key for obj in [user, *related])
        entry.created_at, entry.last_seen_at = session_row.created_at, session_row.last_seen_at
    _store().put(token_hash, entry)
