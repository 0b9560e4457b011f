"""The ``reports`` blueprint, under ``/reports/``."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")

from reports import views  # noqa: E402,F401
