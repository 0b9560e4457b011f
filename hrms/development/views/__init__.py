"""Pages of professional development, under ``/hr/development/``, one file per area. Thin: load, check, call."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from common.audit import log_access
from common.extensions import db
from common.models import Employee
from common.permissions import can_view_development


def load_person(employee_id: int, *, log: str | None = None) -> Employee:
    """The employee whose development the user may see (self, manager, HR in scope); 403 for anyone else."""
    employee = db.session.get(Employee, employee_id)
    if employee is None or employee.deleted_at is not None:
        abort(404)
    if not can_view_development(current_user, employee):
        abort(403)
    if log and employee.id != current_user.employee_id:
        log_access("hrms", employee, log, subject_employee_id=employee.id)
    return employee


from hrms.development.views import analysis, people, plans, programmes, record  # noqa: E402,F401
