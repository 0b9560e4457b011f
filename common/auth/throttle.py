"""Counting failed password attempts so that guessing is slow and nobody can lock someone else out.

Two counters answer two threats. Per address and account: a few wrong passwords are free (typos), then
each further one makes that address wait twice as long for that account, up to a maximum; the account's
owner, from their own address, is not slowed down at all. Per account: only after far more failures than
one address can make in a day (``LOGIN_MAX_FAILURES``, 100 by default) is the account locked for a while,
which stops a guessing attack spread over many addresses. Both count whatever was typed, an existing
account or not, so the answers and their timing are the same for both: nothing reveals who has an account.

Counts are rows of ``login_throttle`` (a hash of the key, never the address or e-mail in clear), so they
hold across every server process; increments are done in SQL so two processes counting at once lose none.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, select, update

from common.extensions import db
from common.models import LoginThrottle
from common.models.base import utcnow

FORGET_AFTER = timedelta(days=1)  # a day without a failure and the count starts again


def key(*parts: object) -> str:
    """The stored key for ``parts`` (``"pair", address, email`` or ``"account", email``): a SHA-256 hash."""
    return hashlib.sha256("\x1f".join(str(part).strip().lower() for part in parts).encode()).hexdigest()


def wait_seconds(keys: list[str]) -> int:
    """How long, in whole seconds, before any of ``keys`` may try again (0: now)."""
    now = utcnow()
    until = db.session.execute(select(LoginThrottle.blocked_until).where(
        LoginThrottle.key.in_(keys), LoginThrottle.blocked_until > now)).scalars().all()
    return max((int((moment - now).total_seconds()) + 1 for moment in until), default=0)


def _count(throttle_key: str, now: datetime) -> int:
    """Add one failure to ``throttle_key`` (creating its row) and return the count."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    db.session.execute(insert(LoginThrottle).values(key=throttle_key, failures=0, last_failed_at=now)
                       .on_conflict_do_nothing(index_elements=["key"]))
    stale = LoginThrottle.last_failed_at < now - FORGET_AFTER
    db.session.execute(update(LoginThrottle).where(LoginThrottle.key == throttle_key).values(
        failures=case((stale, 1), else_=LoginThrottle.failures + 1), last_failed_at=now)
        .execution_options(synchronize_session=False))
    return db.session.execute(select(LoginThrottle.failures).where(LoginThrottle.key == throttle_key)).scalar_one()


def _block(throttle_key: str, until: datetime, *, restart: bool = False) -> None:
    values: dict[str, object] = {"blocked_until": until}
    if restart:
        values["failures"] = 0
    db.session.execute(update(LoginThrottle).where(LoginThrottle.key == throttle_key).values(**values)
                       .execution_options(synchronize_session=False))


def delay_after(failures: int) -> int:
    """Seconds to wait after the ``failures``-th failure from one address on one account: 0, then 2, 4, 8 ..."""
    free = current_app.config["LOGIN_FREE_FAILURES"]
    if failures <= free:
        return 0
    return min(current_app.config["LOGIN_MAX_DELAY_SECONDS"], 2 ** min(failures - free, 30))


def record_failure(pair_key: str, account_key: str | None = None) -> datetime | None:
    """Count a failure on ``pair_key`` (and ``account_key``); returns when the account got locked, if it did."""
    now = utcnow()
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.last_failed_at < now - FORGET_AFTER,
                                                   (LoginThrottle.blocked_until.is_(None))
                                                   | (LoginThrottle.blocked_until < now))
                       .execution_options(synchronize_session=False))
    delay = delay_after(_count(pair_key, now))
    if delay:
        _block(pair_key, now + timedelta(seconds=delay))
    if account_key is None:
        return None
    if _count(account_key, now) >= current_app.config["LOGIN_MAX_FAILURES"]:
        until = now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
        _block(account_key, until, restart=True)
        return until
    return None


def forget(*keys: str) -> None:
    """Clear the counts of ``keys`` (after a successful sign-in, or a password reset by an administrator)."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(keys))
                       .execution_options(synchronize_session=False))
