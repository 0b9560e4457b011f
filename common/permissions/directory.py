"""The staff directory: who may open a person's profile and import staff into a unit."""

from __future__ import annotations

from typing import Any

from common.models import Employee, OrgUnit
from common.permissions.core import unit_in_scope


def can_view_employee(user: Any, employee: Employee) -> bool:
    """Self, the direct manager, HR in scope and administrators may open a profile."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.employee_id == employee.id or (user.employee_id and employee.manager_id == user.employee_id):
        return True
    return unit_in_scope(user, "directory.browse", employee.org_unit)


def can_import_into(user: Any, unit: OrgUnit) -> bool:
    return unit_in_scope(user, "directory.import_staff", unit)
