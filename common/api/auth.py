"""Who is calling the API: a bearer token, checked on every call, and nothing else.

``/api/v1`` never looks at the session cookie, so a page a user has open cannot be made to call it (no CSRF
exposure): a call carries ``Authorization: Bearer <token>``. A token is found by the SHA-256 of its value and refused
at once when it is revoked or expired, when its service client is revoked, or when its person's account is no
longer active (an administrator or SCIM deactivated it). The older ``/api/me`` still uses the session (with CSRF on
POST) but answers 401 problem details instead of sending a signed-out caller to the sign-in page.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Response, current_app, g, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from common.api.problems import problem
from common.extensions import db
from common.models import ApiClient, ApiToken, User
from common.models.base import utcnow
from common.permissions import client_roles

V1 = "/api/v1/"
PUBLIC_V1 = ("/api/v1/openapi.json", "/api/v1/docs", "/api/v1/oauth/token")


def new_secret(prefix: str) -> str:
    """A random token or secret (256 bits), with a readable prefix (``suite_pat_``) that secret scanners can match."""
    return f"{prefix}{secrets.token_urlsafe(32)}"


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass
class ClientPrincipal:
    """A service client acting through the API: ``current_user`` for the request, with the roles its scopes stand
    for. It has no account, so it owns nothing and manages nobody; the audit log names it ``client:<name>``."""

    client: ApiClient
    roles: list[Any] = field(default_factory=list)
    id: None = None
    employee_id: None = None
    employee: None = None
    locale: None = None
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    @property
    def email(self) -> str:
        return f"client:{self.client.name}"

    @property
    def display_name(self) -> str:
        return self.email

    def get_id(self) -> None:
        return None


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def find_token(value: str, now: datetime | None = None) -> ApiToken | None:
    """The live token with this value, its client or person still allowed to call, or ``None``."""
    now = now or utcnow()
    token = db.session.execute(select(ApiToken).options(joinedload(ApiToken.client), joinedload(ApiToken.user))
                               .where(ApiToken.token_hash == digest(value))).scalar_one_or_none()
    if token is None or token.revoked_at is not None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.kind == "client" and (token.client is None or token.client.revoked_at is not None):
        return None
    if token.kind == "personal" and (token.user is None or not token.user.active):
        return None
    return token


def request_token() -> ApiToken | None:
    """The live token this request carries, looked up once per request (the rate limit asks before the guard)."""
    if "suite.api_token" not in request.environ:  # the request's own, never another request's (not ``g``)
        value = _bearer()
        request.environ["suite.api_token"] = find_token(value) if value else None
    return request.environ["suite.api_token"]


def authenticate() -> Response | None:
    """``before_request``, ahead of the route guard: put the token's caller in ``current_user`` for ``/api/v1``,
    and answer 401 problem details where a call needs a caller and has none."""
    path = request.path
    if not path.startswith("/api/"):
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    needs_caller = view is not None and getattr(view, "access", None) not in ("public", None)
    if not path.startswith(V1):
        # The older /api/me: the session as before, but a signed-out call gets JSON, not the sign-in page.
        if needs_caller and not current_user.is_authenticated:
            return problem(401, "Sign in first.")
        return None
    g._login_user = current_app.login_manager.anonymous_user()  # the session is never read here
    for name in ("api_token", "api_scopes", "api_caller"):
        g.pop(name, None)
    value = _bearer()
    if value is None:
        return problem(401, "Send a bearer token: Authorization: Bearer <token>.") if needs_caller else None
    token = request_token()
    if token is None:
        return problem(401, "The token is not valid: unknown, expired, revoked, or its account is disabled.")
    if token.kind == "client":
        g._login_user = ClientPrincipal(token.client, client_roles(token.scope_list, token.client.org_unit))
        g.api_caller = f"client:{token.client.name}"
    else:
        g._login_user = token.user
        g.api_caller = f"token:{token.prefix}"
    g.api_scopes = token.scope_list
    g.api_token = token
    return None


def rate_key() -> str:
    """The rate limit's key: the client, or the person behind a personal token; the address without a token."""
    token = request_token() if request.path.startswith(V1) else None
    if token is None:
        return f"ip:{request.remote_addr}"
    return f"client:{token.client_id}" if token.kind == "client" else f"user:{token.user_id}"


def log_call(response: Response) -> Response:
    """``after_request``: every authenticated call is one ``api`` entry in the audit log, naming the caller (the
    client's name, or the person and which of their tokens)."""
    from common.audit import record_api_call

    token = g.get("api_token")
    if token is not None and request.path.startswith(V1):
        actor = current_user if isinstance(current_user._get_current_object(), User) else None
        record_api_call(f"{request.method} {request.full_path.rstrip('?')}"[:400] + f" -> {response.status_code}",
                        caller=g.api_caller, actor=actor)
        token.last_used_at = utcnow()
    return response
