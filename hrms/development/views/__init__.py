"""Pages of professional development, under ``/hr/development/``, one file per area. Thin: load, check, call."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from common.extensions import db
from common.models import Employee
from common.permissions import can_view_development
from common.reads import shows


def load_person(employee_id: int) -> Employee:
    """The employee whose development the user may see (self, manager, HR in scope); 403 for anyone else.
    A page that then shows it logs the read (``common.reads``); a redirect after a change logs nothing."""
    employee = db.session.get(Employee, employee_id)
    if employee is None or employee.deleted_at is not None:
        abort(404)
    if not can_view_development(current_user, employee):
        abort(403)
    shows(employee, about=employee)
    return employee


from hrms.development.views import analysis, people, plans, programmes, record  # noqa: E402,F401
