"""The start page (my appraisals, feedback to give, interim assessments to record) and "my team"."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from common.permissions import has_capability, is_manager, require
from common.reads import personal_data
from hrms import bp
from hrms import queries as q
from hrms.team_queries import team_rows


@bp.route("/")
@require("signed_in")
def index() -> str:
    return render_template("hrms/index.html", appraisals=q.my_appraisals(current_user),
                           feedback=q.feedback_to_give(current_user), interims=q.pending_interims(current_user),
                           is_manager=is_manager(current_user), is_hr=has_capability(current_user, "hr.manage_cycles"))


@bp.route("/team")
@require("signed_in")
@personal_data("team")
def team() -> str:
    return render_template("hrms/team.html", appraisals=team_rows(current_user))
