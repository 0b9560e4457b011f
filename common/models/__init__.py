"""Tables shared by every module: the staff directory, users and roles, and the audit log."""

from common.models.audit import AuditEvent, AuditSubject
from common.models.directory import Competency, Employee, OrgUnit, Position
from common.models.notifications import Notification, SentReminder
from common.models.users import RoleAssignment, User, UserSession

__all__ = [
    "AuditEvent",
    "AuditSubject",
    "Competency",
    "Employee",
    "Notification",
    "OrgUnit",
    "Position",
    "RoleAssignment",
    "SentReminder",
    "User",
    "UserSession",
]
