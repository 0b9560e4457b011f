"""The actions the audit log holds (the auditor's filter), kept per process rather than found at every view.

Finding them walks an index (one probe per distinct action, ``_ACTIONS``): cheap for the database, but a statement
on every view of the auditor's page for a list that changes only when an action is written for the first time
ever. Each process keeps the list per database for ``KEEP_SECONDS``. An entry written by this process whose action
the kept list lacks (``note_written``, called as every entry is chained) forgets it at once and again when the
transaction ends, so this process's next view shows the new action; another process shows it within
``KEEP_SECONDS``, its list expiring. ``common.cache.clear`` forgets every list (tests: a new database each time).

Here rather than in ``common.auditlog``: the writer (``common.audit``) calls it, and that package loads its views.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from common import cache
from common.extensions import db

KEEP_SECONDS = 60  # how late another process's list may show an action written for the first time
_PENDING = "audit_new_actions"  # session.info: this transaction wrote an action some kept list lacks

# The distinct actions, one index probe each (``ix_audit_event_action``): a loose index scan, which PostgreSQL
# does not plan by itself; a plain DISTINCT would read the whole log.
_ACTIONS = text("""
    WITH RECURSIVE actions(action) AS (
        SELECT min(action) FROM audit_event
        UNION ALL
        SELECT (SELECT min(action) FROM audit_event WHERE action > actions.action) FROM actions
        WHERE actions.action IS NOT NULL
    )
    SELECT action FROM actions WHERE action IS NOT NULL
""")

_lock = threading.Lock()
_kept: dict[Any, tuple[float, frozenset[str], tuple[str, ...]]] = {}  # engine -> (kept until, as a set, sorted)


def known_actions() -> tuple[str, ...]:
    """Every action the log holds, sorted (the filter's choices): kept, or read (one statement) when too old."""
    engine = db.engine
    now = time.monotonic()
    found = _kept.get(engine)
    if found is not None and found[0] > now:
        return found[2]
    actions = tuple(sorted(db.session.execute(_ACTIONS).scalars()))
    with _lock:
        _kept[engine] = (now + KEEP_SECONDS, frozenset(actions), actions)
    return actions


def note_written(session: Session, actions: Iterable[Any]) -> None:
    """Entries of ``actions`` are being written in ``session``: forget the kept lists if one lacks any of them."""
    if not _kept:
        return
    kept = list(_kept.values())  # another thread may keep or forget a list meanwhile
    new = {action for action in actions if any(action not in found[1] for found in kept)}
    if new:
        session.info.setdefault(_PENDING, set()).update(new)
        forget()


def forget() -> None:
    """Drop every kept list: the next view reads the actions again."""
    with _lock:
        _kept.clear()


def _transaction_over(session: Session, *_args: Any) -> None:
    # Forgotten again once the entry is committed (or not): a view between the write and the commit read the list
    # without it and may have kept that.
    if session.info.pop(_PENDING, None):
        forget()


def _listen() -> None:
    if not event.contains(Session, "after_commit", _transaction_over):
        event.listen(Session, "after_commit", _transaction_over)
        event.listen(Session, "after_soft_rollback", _transaction_over)
    cache.on_clear(forget)


_listen()
