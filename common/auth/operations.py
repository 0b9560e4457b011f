"""Sign-in and session operations: the rules of lock-out, session revocation and password change.

Failed attempts are counted in the database (``throttle``), so the counts hold however many server
processes answer requests.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from common.audit import log_auth
from common.auth import identity_cache, identity_versions, throttle
from common.auth.passwords import hash_password, needs_rehash, policy_problems, verify_password
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import User, UserSession
from common.models.base import utcnow
from common.signals import account_deactivated


@dataclass
class SignInResult:
    user: User | None
    error: str | None = None


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _client_address() -> str:
    return (request.remote_addr or "") if has_request_context() else ""


def _wait_message(seconds: int) -> str:
    if seconds < 60:
        return str(_l("Too many failed attempts. Try again in %(s)d seconds.", s=seconds))
    return str(_l("Too many failed attempts. Try again in %(m)d minutes.", m=(seconds + 59) // 60))


def authenticate(email: str, password: str) -> SignInResult:
    """Check a sign-in attempt; wrong passwords slow down that address for that account (see ``throttle``).

    Every path does the same work whether or not the account exists (one query, one Argon2 verification,
    the same counters), and says the same thing, so neither the answer nor its timing tells a stranger
    which addresses have an account. A throttled attempt is refused before the password is checked.
    """
    email = (email or "").strip().lower()
    pair_key, account_key = throttle.key("pair", _client_address(), email), throttle.key("account", email)
    user = db.session.execute(select(User).where(func.lower(User.email) == email)).scalar_one_or_none()
    generic = str(_l("The e-mail address or password is not correct."))
    wait = throttle.wait_seconds([pair_key, account_key])
    if wait:
        log_auth("login_throttled", f"Sign-in refused for {wait} s after repeated failures", user=user, email=email)
        return SignInResult(None, _wait_message(wait))
    if not verify_password(user.password_hash if user else None, password):
        locked_until = throttle.record_failure(pair_key, account_key)
        log_auth("login_failed", "Wrong password" if user else "Sign-in with an unknown address", user=user,
                 email=email)
        if locked_until is not None:
            if user is not None:
                user.locked_until = locked_until  # shown to administrators on the account's page
            log_auth("account_locked", f"Account locked until {locked_until:%Y-%m-%d %H:%M} UTC", user=user,
                     email=email)
        return SignInResult(None, generic)
    if not user.active:
        log_auth("login_refused_disabled", "Sign-in refused: account disabled", user=user)
        return SignInResult(None, generic)
    throttle.forget(pair_key, account_key)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    return SignInResult(user)


def start_session(user: User) -> str:
    """Open a server-side session for ``user`` and return its token (kept in the cookie only)."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(
        token_hash=_hash_token(token), user_id=user.id,
        ip=request.remote_addr if has_request_context() else None,
        user_agent=(request.user_agent.string or "")[:255] if has_request_context() else None,
    ))
    user.session_token = token
    log_auth("login", "Signed in", user=user)
    return token


def load_session_user(token: str) -> User | None:
    """The user of a live session, or ``None`` when the session was revoked, expired or idle.

    Runs on every signed-in request: a copy kept for a few seconds (``identity_cache``) answers when the account's
    versions say nothing changed; otherwise one round trip loads the session, the account, its role assignments
    (with their scope units) and the employee record the page shell names, joined together.
    """
    token_hash = _hash_token(token)
    user = identity_cache.cached_user(token_hash) if identity_cache.enabled() else None
    if user is None:
        version = identity_cache.version_before_load(token_hash) if identity_cache.enabled() else None
        row = _live_session(token_hash)
        if row is None:
            return None
        session_row, user = row
        if identity_cache.enabled():
            identity_cache.remember(token_hash, session_row, user, version)
    user.session_token = token
    return user


def _live_session(token_hash: str) -> tuple[UserSession, User] | None:
    row = db.session.execute(
        select(UserSession, User).join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == token_hash, UserSession.revoked_at.is_(None))
        .options(joinedload(User.roles), joinedload(User.employee))
    ).unique().first()
    if row is None:
        return None
    session_row, user = row
    now = utcnow()
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    if not user.active or session_row.created_at + lifetime < now or session_row.last_seen_at + idle < now:
        return None
    # Touch at most once a minute: a write on every page would cost more than it tells.
    if now - session_row.last_seen_at > identity_cache.TOUCH_EVERY:
        session_row.last_seen_at = now
    return session_row, user


def end_session(user: User) -> None:
    """Revoke the current session, so its cookie is worthless even if someone copied it."""
    if user.session_token:
        db.session.execute(update(UserSession).where(UserSession.token_hash == _hash_token(user.session_token))
                           .values(revoked_at=utcnow()).execution_options(**{identity_versions.BUMPED: True}))
        identity_versions.bumped_users(db.session, {user.id})
    log_auth("logout", "Signed out", user=user)


def revoke_all_sessions(user: User, keep_current: bool = False) -> None:
    """End the account's sessions (all, or all but this request's); cached copies of them retire with the commit."""
    stmt = update(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    if keep_current and user.session_token:
        stmt = stmt.where(UserSession.token_hash != _hash_token(user.session_token))
    db.session.execute(stmt.values(revoked_at=utcnow()).execution_options(**{identity_versions.BUMPED: True}))
    identity_versions.bumped_users(db.session, {user.id})


def change_password(user: User, current: str, new: str) -> None:
    """Change the password and end every other session of the account.

    Wrong current passwords are throttled like sign-ins (per account: the session already says whose), so a
    borrowed or stolen session cannot be used to guess the password at leisure.
    """
    attempt_key = throttle.key("password", user.id)
    wait = throttle.wait_seconds([attempt_key])
    if wait:
        raise OperationError(_wait_message(wait), field="current")
    if not verify_password(user.password_hash, current):
        throttle.record_failure(attempt_key)
        log_auth("password_change_failed", "Password change refused: wrong current password", user=user)
        raise OperationError(_l("The current password is not correct."), field="current")
    if new == current:
        raise OperationError(_l("Choose a password different from the current one."), field="new")
    problems = policy_problems(new, user.email)
    if problems:
        raise OperationError(" ".join(problems), field="new")
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    throttle.forget(attempt_key)
    revoke_all_sessions(user, keep_current=True)
    log_auth("password_changed", "Password changed; other sessions ended", user=user)


def set_active(user: User, active: bool, *, actor: User | None = None) -> None:
    """Enable or disable an account; disabling ends all its sessions at once and sends ``account_deactivated``, so
    other modules end what else the account holds (API tokens) in the same transaction."""
    user.active = active
    if not active:
        revoke_all_sessions(user)
        account_deactivated.send(actor.email if actor else "system", user_id=user.id)
    log_auth("account_enabled" if active else "account_disabled",
             f"Account {'enabled' if active else 'disabled'} by {actor.email if actor else 'system'}", user=user)


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
