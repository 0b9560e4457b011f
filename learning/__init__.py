"""The ``learning`` blueprint, under ``/learn/``."""

from flask import Blueprint

bp = Blueprint("learning", __name__, url_prefix="/learn", template_folder="templates")

from learning import views  # noqa: E402,F401
