"""Retiring cached figures whenever the session writes one of the tables behind them.

Figures cached per scope (compliance counts, M&E dashboards) must never outlive the data they were
computed from. Rather than trusting every operation to remember the cache, the session says what it
wrote, and the version numbers of ``common.cache`` are raised at the flush and again once the
transaction ends (commit or rollback), so nothing computed from an unfinished transaction survives it:

* ``retire_on_writes``: any write to a watched model retires a whole namespace;
* ``KeyedVersions``: a version per key (a strategy, an indicator), raised only for the keys a flush
  touched, so a write in one strategy leaves the others' entries in place.

Writes that bypass the ORM (a COPY) say so themselves (``note_write``, ``KeyedVersions.note``). All the
names one flush or one transaction raises go to ``cache.bump_many`` together: one round trip to the
version store, whichever it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from common import cache

_WATCHED: dict[str, tuple[type, ...]] = {}  # namespace -> models behind it
_KEYED: dict[str, KeyedVersions] = {}  # namespace -> its per-key versions
_PENDING = "cache_versions_written"  # session.info: version names to raise again when the transaction ends

# ``keys_written(session, objects)``: the keys whose entries the flushed ``objects`` change; ``None`` when every key's.
KeysWritten = Callable[[Session, list[Any]], "set[int] | None"]


def retire_on_writes(namespace: str, *models: type) -> None:
    """Bump ``namespace`` whenever the session writes one of ``models`` (safe to call again)."""
    _WATCHED[namespace] = tuple(dict.fromkeys(_WATCHED.get(namespace, ()) + models))
    _listen()


def note_write(session: Session, namespaces: set[str]) -> None:
    """Retire ``namespaces`` now and again when ``session``'s transaction ends (for writes that bypass the ORM)."""
    _raise(session, namespaces)


class KeyedVersions:
    """Per-key versions of one cache namespace, raised by the session for the keys its writes touched.

    A key's version is the ``common.cache`` version named ``<namespace>:<kind>:<key>``; it belongs in the keys of
    that key's entries, which ``cache.cached`` also prefixes with the namespace's own version, so raising the
    namespace retires every key at once. That is what happens when a flush cannot say which keys it touched
    (``keys_written`` answers ``None``) and for bulk ORM statements on ``bulk_retires`` models, whose rows are
    not known here.
    """

    def __init__(self, namespace: str, kind: str, watched: tuple[type, ...], keys_written: KeysWritten,
                 bulk_retires: tuple[type, ...] = ()) -> None:
        self.namespace = namespace
        self.kind = kind
        self.watched = watched
        self.keys_written = keys_written
        self.bulk_retires = bulk_retires

    def name(self, key: int) -> str:
        """The version name of ``key`` (``monitoring-overview:document:12``)."""
        return f"{self.namespace}:{self.kind}:{key}"

    def version(self, key: int) -> int:
        """``key``'s current version."""
        return cache.version(self.name(key))

    def versions(self, keys: list[int]) -> list[int]:
        """The current version of each of ``keys``, read together (one round trip to the version store)."""
        return cache.versions([self.name(key) for key in keys])

    def note(self, session: Session, keys: Iterable[int | None]) -> None:
        """Retire ``keys``' entries now and again when ``session``'s transaction ends (writes bypassing the ORM)."""
        _raise(session, self.names(keys))

    def names(self, keys: Iterable[int | None]) -> set[str]:
        return {self.name(key) for key in keys if key is not None}

    def connect(self) -> None:
        """Listen to every session's writes (safe to call again)."""
        _KEYED[self.namespace] = self
        _listen()

    def written(self, session: Session, touched: list[Any]) -> set[str]:
        """The version names a flush of ``touched`` objects raises."""
        objects = [obj for obj in touched if isinstance(obj, self.watched)]
        if not objects:
            return set()
        keys = self.keys_written(session, objects)
        return {self.namespace} if keys is None else self.names(keys)


def _raise(session: Session, names: set[str]) -> None:
    if names:
        session.info.setdefault(_PENDING, set()).update(names)
        cache.bump_many(names)


def _listen() -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _bulk_statement)
        event.listen(Session, "after_commit", _transaction_over)
        event.listen(Session, "after_soft_rollback", _transaction_over)


def _after_flush(session: Session, _context: Any) -> None:
    touched = [*session.new, *session.dirty, *session.deleted]
    names = {namespace for namespace, models in _WATCHED.items() if any(isinstance(obj, models) for obj in touched)}
    for keyed in _KEYED.values():
        names |= keyed.written(session, touched)
    _raise(session, names)


def _bulk_statement(state: ORMExecuteState) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and state.bind_mapper is not None:
        written = state.bind_mapper.class_
        names = {namespace for namespace, models in _WATCHED.items() if issubclass(written, models)}
        names |= {keyed.namespace for keyed in _KEYED.values() if issubclass(written, keyed.bulk_retires)}
        _raise(state.session, names)


def _transaction_over(session: Session, *_args: Any) -> None:
    names = session.info.pop(_PENDING, set())
    if names:
        cache.bump_many(names)
