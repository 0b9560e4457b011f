"""Single-use, expiring sign-in links: how a new account gets its first password, and how a password is reset.

The token travels only in the e-mail; the database keeps its SHA-256 hash (``SignInLink``). A link works once,
until ``SIGN_IN_LINK_HOURS`` have passed, and issuing a new link for an account retires its unused older ones.
Using it sets the password the person chose (policy checked), ends every session of the account and lifts a
lock-out. Mail is sent after the caller committed the links, so a failed send never leaves a link nobody has.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select, update

from common.audit import log_action, log_auth
from common.auth import throttle
from common.auth.passwords import hash_password, policy_problems
from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.i18n import lazy_gettext as _l
from common.mail import send_mail
from common.models import SignInLink, User
from common.models.base import utcnow
from common.models.signin_links import INVITE, RESET

UNUSABLE_PASSWORD = "!unset"  # not an Argon2 hash: no password verifies against it until the link sets one


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user: User, purpose: str, *, actor: Any = None) -> str:
    """A new link for ``user``; returns the token (only ever put in the e-mail). Older unused links stop working."""
    now = utcnow()
    db.session.execute(update(SignInLink).where(SignInLink.user_id == user.id, SignInLink.used_at.is_(None))
                       .values(used_at=now))
    token = secrets.token_urlsafe(32)
    db.session.add(SignInLink(user_id=user.id, token_hash=_hash(token), purpose=purpose, created_at=now,
                              expires_at=now + timedelta(hours=current_app.config["SIGN_IN_LINK_HOURS"]),
                              created_by_id=getattr(actor, "id", None)))
    log_action("users", f"sign_in_link_{purpose}", user, f"Sign-in link ({purpose}) issued for {user.email}",
               actor=actor, subject_employee_id=user.employee_id)
    return token


def link_url(token: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + f"/auth/link/{token}"


def send(user: User, token: str, purpose: str) -> None:
    """E-mail the link, in the person's language (Georgian unless they chose otherwise)."""
    hours = current_app.config["SIGN_IN_LINK_HOURS"]
    with force_locale(user.locale or current_app.config.get("BABEL_DEFAULT_LOCALE", "ka")):
        if purpose == INVITE:
            subject = _("Your account in the Civil Service Suite")
            intro = _("An account has been created for you (%(email)s). Open this link to choose your password:",
                      email=user.email)
        else:
            subject = _("Reset your password for the Civil Service Suite")
            intro = _("A password reset was asked for your account (%(email)s). Open this link to choose a new "
                      "password:", email=user.email)
        rule = _("The link works once and expires in %(hours)d hours. If you did not expect this message, ignore "
                 "it.", hours=hours)
    send_mail(user.email, subject, f"{intro}\n\n{link_url(token)}\n\n{rule}\n")


def valid_link(token: str) -> SignInLink | None:
    """The link if it is unused and not expired; ``None`` otherwise (the page says the same in every case)."""
    link = db.session.execute(select(SignInLink).where(SignInLink.token_hash == _hash(token))).scalar_one_or_none()
    if link is None or link.used_at is not None or link.expires_at < utcnow() or not link.user.active:
        return None
    return link


def redeem(token: str, password: str) -> User:
    """Set the account's password from a valid link, once. Refused: a used, expired or unknown link."""
    from common.auth.operations import revoke_all_sessions

    link = valid_link(token)
    if link is None:
        raise OperationError(_l("This link has expired or was already used. Ask HR for a new one."))
    user = link.user
    problems = policy_problems(password, user.email)
    if problems:
        raise OperationError(" ".join(problems), field="new")
    # Claim the link with a conditional update, so two simultaneous uses cannot both succeed.
    claimed = db.session.execute(update(SignInLink).where(SignInLink.id == link.id, SignInLink.used_at.is_(None))
                                 .values(used_at=utcnow())).rowcount
    if claimed != 1:
        raise OperationError(_l("This link has expired or was already used. Ask HR for a new one."))
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    user.failed_logins = 0
    user.locked_until = None
    throttle.forget(throttle.key("account", user.email))
    revoke_all_sessions(user)
    log_auth("password_set_by_link", f"Password set with a sign-in link ({link.purpose})", user=user)
    return user


__all__ = ["INVITE", "RESET", "UNUSABLE_PASSWORD", "issue", "redeem", "send", "valid_link"]
