"""Pages of the appraisal module, one file per area. Thin: load, check access, call one operation."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from common.extensions import db
from common.permissions import can_manage_cycle, can_view_appraisal
from common.reads import shows
from hrms import queries as q
from hrms.models import Appraisal, AppraisalCycle


def load_appraisal(appraisal_id: int) -> Appraisal:
    """The appraisal if the user may open it; 403 for anyone else."""
    appraisal = q.appraisal_for_page(appraisal_id)
    if appraisal is None:
        abort(404)
    if not can_view_appraisal(current_user, appraisal):
        abort(403)
    return appraisal


def load_cycle(cycle_id: int) -> AppraisalCycle:
    """The cycle if the user is HR in scope of its root unit; 403 for anyone else."""
    cycle = db.session.get(AppraisalCycle, cycle_id) or abort(404)
    if not can_manage_cycle(current_user, cycle):
        abort(403)
    return cycle


def log_view(appraisal: Appraisal) -> None:
    """The appraisal page shows its person's appraisal: the request's read entry names them."""
    shows(appraisal.employee_id, about=appraisal)


from hrms.views import (  # noqa: E402,F401
    appeals,
    appraisal_actions,
    appraisal_list,
    appraisals,
    calibration,
    cycle_safety,
    cycles,
    documents,
    home,
    templates,
)
