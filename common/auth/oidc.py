"""Single sign-on with OpenID Connect: the government's identity provider says who someone is, the suite decides
what they may do.

Authorization code flow with PKCE (S256), through Authlib's client: ``state`` binds the provider's answer to the
browser that asked, ``nonce`` binds the ID token to this sign-in, and the ID token's signature is checked against
the keys the provider publishes (its JWKS, found through discovery), as are its issuer, audience and expiry. The
person is then matched to an existing, active account by e-mail or by personal number (``OIDC_MATCH``); roles are
the suite's own role assignments, never claims of the provider. Nothing is created here: accounts come from an
administrator or from SCIM.
"""

from __future__ import annotations

from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.flask_client import OAuth
from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_login import login_user
from joserfc.errors import JoseError
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from common.audit import log_auth
from common.auth import bp
from common.auth import operations as ops
from common.extensions import db, limiter
from common.i18n import gettext as _
from common.models import Employee, User
from common.permissions import public
from common.redirects import safe_next

CLIENT_NAME = "government_id"


def enabled() -> bool:
    """Whether sign-in through the identity provider is configured (issuer and client id set)."""
    return bool(current_app.config.get("OIDC_ISSUER") and current_app.config.get("OIDC_CLIENT_ID"))


def _client() -> Any:
    """Authlib's client for the configured provider, made once per issuer and client (settings can change in
    tests; in production they are fixed at start)."""
    config = current_app.config
    issuer = config["OIDC_ISSUER"].rstrip("/")
    key = (issuer, config["OIDC_CLIENT_ID"], config.get("OIDC_CLIENT_SECRET"))
    clients = current_app.extensions.setdefault("suite_oidc", {})
    if key not in clients:
        oauth = OAuth(current_app._get_current_object())  # type: ignore[attr-defined]
        clients[key] = oauth.register(
            CLIENT_NAME, client_id=config["OIDC_CLIENT_ID"], client_secret=config.get("OIDC_CLIENT_SECRET"),
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs={"scope": config["OIDC_SCOPES"], "code_challenge_method": "S256",
                           "token_endpoint_auth_method": "client_secret_basic", "timeout": 10},
        )
    return clients[key]


def find_account(claims: dict[str, Any]) -> User | None:
    """The active account the ID token's claims name, by the claim ``OIDC_MATCH`` chooses; ``None`` if none."""
    config = current_app.config
    if config["OIDC_MATCH"] == "personal_number":
        number = str(claims.get(config["OIDC_PERSONAL_NUMBER_CLAIM"]) or "").strip()
        if not number:
            return None
        stmt = select(User).join(Employee, User.employee_id == Employee.id).where(Employee.personal_number == number)
    else:
        email = str(claims.get(config["OIDC_EMAIL_CLAIM"]) or "").strip().lower()
        if not email or claims.get("email_verified") is False:
            return None
        stmt = select(User).where(func.lower(User.email) == email)
    user = db.session.execute(stmt).scalar_one_or_none()
    return user if user is not None and user.active else None


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


@bp.route("/oidc/start")
@limiter.limit(_login_limit)
@public
def oidc_start() -> Response:
    """Send the browser to the identity provider (a link, not a form: the page's CSP allows forms only here)."""
    if not enabled():
        abort(404)
    session["oidc_next"] = safe_next(request.args.get("next", ""))
    try:
        return _client().authorize_redirect(url_for("auth.oidc_callback", _external=True))
    except (requests.RequestException, AuthlibBaseError, ValueError):
        current_app.logger.exception("identity provider unreachable")
        flash(_("The identity provider could not be reached. Try again later."), "error")
        return redirect(url_for("auth.login"))


def _refuse(message: str, reason: str) -> Response:
    log_auth("login_sso_refused", f"Single sign-on refused: {reason}")  # committed by the request's one commit
    flash(message, "error")
    return redirect(url_for("auth.login"))


@bp.route("/oidc/callback")
@limiter.limit(_login_limit)
@public
def oidc_callback() -> Response:
    """The provider's answer: check it all, then open a session for the matching account."""
    if not enabled():
        abort(404)
    issuer = current_app.config["OIDC_ISSUER"].rstrip("/")
    try:
        token = _client().authorize_access_token(claims_options={"iss": {"essential": True, "values": [issuer]}})
    except MismatchingStateError:
        return _refuse(_("Sign-in through the identity provider was refused: its answer does not belong to the "
                         "sign-in this browser started (state). Start again."), "state does not match")
    except (JoseError, AuthlibBaseError) as error:
        return _refuse(_("Sign-in through the identity provider was refused: its identity token could not be "
                         "verified. You have not been signed in."), f"ID token refused ({type(error).__name__})")
    except requests.RequestException:
        return _refuse(_("The identity provider could not be reached. Try again later."), "provider unreachable")
    claims = token.get("userinfo")
    if not claims:
        return _refuse(_("Sign-in through the identity provider was refused: its identity token could not be "
                         "verified. You have not been signed in."), "no ID token")
    user = find_account(dict(claims))
    if user is None:
        return _refuse(_("Your identity was confirmed, but no active account of the suite is yours. Ask your HR "
                         "office or system administrator."), f"no active account for subject {claims.get('sub')}")
    target = session.pop("oidc_next", None)
    chosen = session.get("lang")
    session.clear()
    ops.start_session(user)
    log_auth("login_sso", f"Signed in through {issuer}", user=user)
    login_user(user)
    session.permanent = True
    if chosen or user.locale:
        session["lang"] = chosen or user.locale
    return redirect(safe_next(target or ""))
