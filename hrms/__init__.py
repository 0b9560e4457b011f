"""The ``hrms`` blueprint, under ``/hr/``."""

from flask import Blueprint

bp = Blueprint("hrms", __name__, url_prefix="/hr", template_folder="templates")

from hrms import views  # noqa: E402,F401
