"""The reports home: what this user may open, and their recent report jobs."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from common.permissions import require
from reports import bp
from reports.dashboards import visible_pages
from reports.queries import recent_jobs


@bp.route("/")
@require("signed_in")
def index() -> str:
    return render_template("reports/index.html", dashboards=visible_pages(current_user),
                           jobs=recent_jobs(current_user))
