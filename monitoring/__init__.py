"""The ``monitoring`` blueprint, under ``/me/``."""

from flask import Blueprint

bp = Blueprint("monitoring", __name__, url_prefix="/me", template_folder="templates")

from monitoring import views  # noqa: E402,F401
