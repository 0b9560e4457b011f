"""Sign-in and session operations: the rules of lock-out, session revocation and password change.

Failures are counted on the account row in the database, so the lock holds however many server
processes answer requests.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from common.audit import log_auth
from common.auth.passwords import hash_password, policy_problems, verify_password
from common.errors import OperationError
from common.extensions import db
from common.models import User, UserSession
from common.models.base import utcnow


@dataclass
class SignInResult:
    user: User | None
    error: str | None = None


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def authenticate(email: str, password: str) -> SignInResult:
    """Check a sign-in attempt, counting failures and locking the account after too many."""
    email = (email or "").strip().lower()
    user = db.session.execute(select(User).where(func.lower(User.email) == email)).scalar_one_or_none()
    now = utcnow()
    generic = str(_l("The e-mail address or password is not correct."))
    if user is None:
        verify_password(None, password)
        log_auth("login_failed", "Sign-in with an unknown address", email=email)
        return SignInResult(None, generic)
    if user.locked_until and user.locked_until > now:
        log_auth("login_refused_locked", "Sign-in refused: account locked", user=user)
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        return SignInResult(None, str(_l("Too many failed attempts. Try again in %(m)d minutes.", m=minutes)))
    if not verify_password(user.password_hash, password):
        # Increment in SQL so that two processes counting at once do not lose a failure.
        db.session.execute(update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1))
        db.session.refresh(user, ["failed_logins"])
        log_auth("login_failed", f"Wrong password (failure {user.failed_logins})", user=user)
        if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
            user.locked_until = now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
            user.failed_logins = 0
            log_auth("account_locked", f"Account locked until {user.locked_until:%Y-%m-%d %H:%M} UTC", user=user)
            return SignInResult(None, str(_l("Too many failed attempts. The account is locked for a while.")))
        return SignInResult(None, generic)
    if not user.active:
        log_auth("login_refused_disabled", "Sign-in refused: account disabled", user=user)
        return SignInResult(None, generic)
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

    Runs on every signed-in request, so it is one round trip: the session, the account, its role assignments (with
    their scope units) and the employee record the page shell names, joined together instead of three lazy loads.
    """
    row = db.session.execute(
        select(UserSession, User).join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == _hash_token(token), UserSession.revoked_at.is_(None))
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
    if now - session_row.last_seen_at > timedelta(minutes=1):
        session_row.last_seen_at = now
    user.session_token = token
    return user


def end_session(user: User) -> None:
    """Revoke the current session, so its cookie is worthless even if someone copied it."""
    if user.session_token:
        db.session.execute(update(UserSession).where(UserSession.token_hash == _hash_token(user.session_token))
                           .values(revoked_at=utcnow()))
    log_auth("logout", "Signed out", user=user)


def revoke_all_sessions(user: User, keep_current: bool = False) -> None:
    stmt = update(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    if keep_current and user.session_token:
        stmt = stmt.where(UserSession.token_hash != _hash_token(user.session_token))
    db.session.execute(stmt.values(revoked_at=utcnow()))


def change_password(user: User, current: str, new: str) -> None:
    """Change the password and end every other session of the account."""
    if not verify_password(user.password_hash, current):
        raise OperationError(_l("The current password is not correct."), field="current")
    problems = policy_problems(new, user.email)
    if problems:
        raise OperationError(" ".join(problems), field="new")
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    revoke_all_sessions(user, keep_current=True)
    log_auth("password_changed", "Password changed; other sessions ended", user=user)


def set_active(user: User, active: bool, *, actor: User | None = None) -> None:
    """Enable or disable an account; disabling ends all its sessions at once."""
    user.active = active
    if not active:
        revoke_all_sessions(user)
    log_auth("account_enabled" if active else "account_disabled",
             f"Account {'enabled' if active else 'disabled'} by {actor.email if actor else 'system'}", user=user)


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
