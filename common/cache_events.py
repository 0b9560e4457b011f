"""Retiring a cache namespace whenever the session writes one of the tables behind it.

Figures cached per scope (compliance counts, M&E dashboards) must never outlive the data they were
computed from. Rather than trusting every operation to remember the cache, the session says what it
wrote: any flush or bulk ORM statement touching a watched model bumps the namespace, and it is bumped
again once the transaction ends (commit or rollback), so nothing computed from an unfinished
transaction survives it. Writes that bypass the ORM (a COPY) call ``note_write`` themselves.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from common import cache

_WATCHED: dict[str, tuple[type, ...]] = {}  # namespace -> models behind it
_DIRTY = "cache_namespaces_written"


def retire_on_writes(namespace: str, *models: type) -> None:
    """Bump ``namespace`` whenever the session writes one of ``models`` (safe to call again)."""
    _WATCHED[namespace] = tuple(dict.fromkeys(_WATCHED.get(namespace, ()) + models))
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _bulk_statement)
        event.listen(Session, "after_commit", _transaction_over)
        event.listen(Session, "after_soft_rollback", _transaction_over)


def note_write(session: Session, namespaces: set[str]) -> None:
    """Retire ``namespaces`` now and again when ``session``'s transaction ends (for writes that bypass the ORM)."""
    if namespaces:
        session.info.setdefault(_DIRTY, set()).update(namespaces)
        for namespace in namespaces:
            cache.bump(namespace)


def _after_flush(session: Session, _context: Any) -> None:
    touched = [*session.new, *session.dirty, *session.deleted]
    note_write(session, {namespace for namespace, models in _WATCHED.items()
                       if any(isinstance(obj, models) for obj in touched)})


def _bulk_statement(state: ORMExecuteState) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and state.bind_mapper is not None:
        written = state.bind_mapper.class_
        note_write(state.session, {namespace for namespace, models in _WATCHED.items()
                                 if issubclass(written, models)})


def _transaction_over(session: Session, *_args: Any) -> None:
    for namespace in session.info.pop(_DIRTY, set()):
        cache.bump(namespace)
