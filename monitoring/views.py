"""Pages of ``monitoring``. A placeholder until the module's own issue lands."""

from __future__ import annotations

from flask import render_template

from common.permissions import require
from monitoring import bp


@bp.route("/")
@require("monitoring.use")
def index() -> str:
    return render_template("monitoring/index.html")
