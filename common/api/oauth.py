"""OAuth 2.0 client credentials (RFC 6749 §4.4) with Authlib's authorization server: ``POST /api/v1/oauth/token``.

A service client sends its id and secret (HTTP Basic, or in the form body) and optionally the scopes it wants (a
subset of its own); it gets a bearer token that lives ``API_TOKEN_SECONDS``. Only the token's hash is stored.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from flask import Blueprint, Flask, current_app
from sqlalchemy import select

from common.api.auth import digest
from common.auth.passwords import verify_password
from common.extensions import csrf, db, limiter
from common.models import ApiClient, ApiToken
from common.models.base import utcnow
from common.permissions import public

bp = Blueprint("api_oauth", __name__, url_prefix="/api/v1/oauth")


class Client(ClientMixin):
    """Authlib's view of an ``ApiClient`` row: confidential, client credentials only, no redirect URIs."""

    def __init__(self, row: ApiClient) -> None:
        self.row = row

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        own = self.row.scope_list
        if not scope:
            return " ".join(own)
        return " ".join(s for s in scope.split() if s in own)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return verify_password(self.row.secret_hash, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"


class ClientCredentials(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


def _query_client(client_id: str) -> Client | None:
    row = db.session.execute(select(ApiClient).where(ApiClient.client_id == client_id)).scalar_one_or_none()
    return Client(row) if row is not None and row.revoked_at is None else None


def _save_token(token: dict[str, Any], request: Any) -> None:
    """Store the issued token's hash, scopes and expiry (the request's one commit stores it)."""
    value = token["access_token"]
    db.session.add(ApiToken(kind="client", token_hash=digest(value), prefix=value[:8], client_id=request.client.row.id,
                            scopes=token.get("scope", ""), name=request.client.row.name,
                            expires_at=utcnow() + timedelta(seconds=int(token["expires_in"]))))


@bp.route("/token", methods=["POST"])
@public
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"])
def issue_token() -> Any:
    """The token endpoint (not part of the OpenAPI paths: its form is OAuth's, see the securitySchemes)."""
    return current_app.extensions["oauth_server"].create_token_response()


def init_app(app: Flask) -> None:
    app.config.setdefault("OAUTH2_TOKEN_EXPIRES_IN", {"client_credentials": app.config["API_TOKEN_SECONDS"]})
    app.config.setdefault("OAUTH2_SCOPES_SUPPORTED", None)
    server = AuthorizationServer()
    server.init_app(app, query_client=_query_client, save_token=_save_token)
    server.register_grant(ClientCredentials)
    app.extensions["oauth_server"] = server
    csrf.exempt(bp)
    app.register_blueprint(bp)
