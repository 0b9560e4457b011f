"""Pages of the appraisal module, one file per area. Thin: load, check access, call one operation."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from common.audit import log_access
from common.permissions import can_view_appraisal
from hrms import queries as q
from hrms.models import Appraisal


def load_appraisal(appraisal_id: int) -> Appraisal:
    """The appraisal if the user may open it; 403 for anyone else."""
    appraisal = q.appraisal_for_page(appraisal_id)
    if appraisal is None:
        abort(404)
    if not can_view_appraisal(current_user, appraisal):
        abort(403)
    return appraisal


def log_view(appraisal: Appraisal) -> None:
    if appraisal.employee_id != current_user.employee_id:
        log_access("hrms", appraisal, f"Opened appraisal {appraisal.id}", subject_employee_id=appraisal.employee_id)


from hrms.views import appeals, appraisals, cycles, home, templates  # noqa: E402,F401
