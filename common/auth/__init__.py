"""Sign-in, sign-out, password change and the server-side session store."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from common.auth import link_views, oidc, views  # noqa: E402,F401
