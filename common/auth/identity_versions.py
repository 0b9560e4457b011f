"""Version numbers that say whether a cached signed-in identity (``identity_cache``) may still be trusted.

Every account has a counter (``user_account.auth_version``) and one global epoch row retires every account at once.
Rather than trusting each operation to remember the cache, the session says what it wrote: any flush that changes an
account, its role assignments, its employee record, a session's revocation or an organisation unit raises the
counters in the same transaction, so another process sees the new number exactly when it sees the new data. Bulk
ORM statements on those tables raise the epoch unless the caller raised the accounts itself (``bumped_users``).

With ``REDIS_URL`` set the counters are read from Redis (no database round trip for a signed-in request) and are
raised there after the commit: raising them before would let another process cache the old rows under the new
number. The database counters are raised too, so switching Redis off never resurrects an old copy.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import Select, bindparam, event, func, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from common import prebuilt
from common.auth import shell_facts
from common.extensions import db
from common.models import Employee, IdentityEpoch, OrgUnit, RoleAssignment, User, UserSession

log = logging.getLogger(__name__)
PREFIX = "suite:identity"
EPOCH = 0  # the "user id" that stands for every account in pending sets and Redis keys
_PENDING = "identity_versions_pending"
BUMPED = "identity_bumped"  # execution option: the statement's accounts were already bumped by the caller
Version = tuple[int, int]


def current(user_id: int) -> Version | None:
    """(epoch, account counter) now, or ``None`` when it cannot be known (then nothing is cached or trusted).

    From the database, the same statement reads what the page shell shows (``shell_facts``)."""
    client = _redis()
    if client is not None:
        try:
            epoch, own = client.mget(f"{PREFIX}:{EPOCH}", f"{PREFIX}:{user_id}")
        except Exception:  # noqa: BLE001 - Redis down: load from the database, cache nothing
            log.warning("Identity versions unavailable on Redis", exc_info=True)
            return None
        return int(epoch or 0), int(own or 0)
    # On the session's connection's cursor, not through ``session.execute``: the ORM's layer around a prebuilt Core
    # statement cost more CPU than the statement (0.41 -> 0.24 ms), and Core's more than the driver (-> 0.14 ms,
    # ``common.prebuilt``). Nothing is pending when a request loads its user.
    row = prebuilt.first_row(db.session, _versions_and_facts(), {"user_id": user_id})
    if row is None:
        return None
    shell_facts.keep(user_id, row[2], row[3])
    return int(row[0]), int(row[1])


@functools.cache
def _versions_and_facts() -> Select[Any]:
    """The version check, built once per process: every signed-in request runs it, and building it (a scalar
    subquery, two correlated ones) cost four times what executing it did (1.0-1.4 ms of CPU, 0.25 ms prebuilt).

    The page shell's facts ride along: the round trip is paid anyway, they would cost two more (``shell_facts``)."""
    epoch = select(IdentityEpoch.version).where(IdentityEpoch.id == 1).scalar_subquery()
    return (select(func.coalesce(epoch, 0), User.auth_version, *shell_facts.columns())
            .where(User.id == bindparam("user_id")))


def bumped_users(session: Session, user_ids: set[int]) -> None:
    """Retire the cached identities of ``user_ids`` (``EPOCH`` in the set: every account), in this transaction."""
    if not user_ids:
        return
    conn = session.connection()
    accounts = user_ids - {EPOCH}
    if accounts:
        conn.execute(update(User.__table__).where(User.__table__.c.id.in_(accounts))
                     .values(auth_version=User.__table__.c.auth_version + 1))
    if EPOCH in user_ids:
        table = IdentityEpoch.__table__
        if conn.execute(update(table).where(table.c.id == 1).values(version=table.c.version + 1)).rowcount == 0:
            conn.execute(table.insert().values(id=1, version=1))
    session.info.setdefault(_PENDING, set()).update(user_ids)


def _redis() -> Any | None:
    if not has_app_context() or not current_app.config.get("REDIS_URL"):
        return None
    from common.cache import redis_client as client

    return client()


def _touched_users(session: Session) -> set[int]:
    """The accounts whose cached identity this flush made wrong (``EPOCH`` when it cannot tell which)."""
    ids: set[int] = set()
    employees: set[int] = set()
    for obj in [*session.dirty, *session.deleted]:
        if isinstance(obj, User):
            ids.add(obj.id)
        elif isinstance(obj, UserSession) and _changed(obj, "revoked_at", "user_id"):
            ids.add(obj.user_id)
        elif isinstance(obj, Employee):
            employees.add(obj.id)
        elif isinstance(obj, OrgUnit):
            ids.add(EPOCH)
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, RoleAssignment):
            ids.update(i for i in (obj.user_id,) if i)
            ids.update(_history_values(obj, "user_id"))
    if employees:
        ids.update(session.connection().execute(
            select(User.__table__.c.id).where(User.__table__.c.employee_id.in_(employees))).scalars())
    return ids


def _changed(obj: Any, *names: str) -> bool:
    state = db.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _history_values(obj: Any, name: str) -> set[int]:
    history = db.inspect(obj).attrs[name].history
    return {v for v in (*history.deleted, *history.added) if v}


def _after_flush(session: Session, _context: Any) -> None:
    bumped_users(session, _touched_users(session))


def _bulk_statement(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return
    if state.execution_options.get(BUMPED):
        return
    if issubclass(state.bind_mapper.class_, (User, RoleAssignment, UserSession, Employee, OrgUnit)):
        bumped_users(state.session, {EPOCH})


def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, set())
    if not pending or not has_app_context():
        return
    from common.auth import identity_cache

    identity_cache.forget_users(pending)
    client = _redis()
    if client is not None:
        try:
            pipe = client.pipeline()
            for user_id in pending:
                pipe.incr(f"{PREFIX}:{user_id}")
            pipe.execute()
        except Exception:  # copies elsewhere then live until IDENTITY_CACHE_SECONDS at most
            log.error("Could not retire cached identities %s on Redis", sorted(pending), exc_info=True)


def register() -> None:
    """Listen to every session (safe to call again)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _bulk_statement)
        event.listen(Session, "after_commit", _after_commit)
