"""Tables shared by every module: the staff directory, users and roles, and the audit log."""

from common.models.audit import AuditEvent
from common.models.directory import Competency, Employee, OrgUnit, Position
from common.models.users import RoleAssignment, User, UserSession

__all__ = [
    "AuditEvent",
    "Competency",
    "Employee",
    "OrgUnit",
    "Position",
    "RoleAssignment",
    "User",
    "UserSession",
]
