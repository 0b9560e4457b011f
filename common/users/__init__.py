"""Account administration: creating users, scoped roles, disabling, password resets (administrators only)."""

from flask import Blueprint

bp = Blueprint("users", __name__, url_prefix="/directory/accounts")

from common.users import bulk_views, views  # noqa: E402,F401
