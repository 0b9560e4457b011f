"""Pages of ``learning``. A placeholder until the module's own issue lands."""

from __future__ import annotations

from flask import render_template

from common.permissions import require
from learning import bp


@bp.route("/")
@require("signed_in")
def index() -> str:
    return render_template("learning/index.html")
