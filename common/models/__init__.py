"""Tables shared by every module: the staff directory, users and roles, and the audit log."""

from common.models.api import ApiClient, ApiToken
from common.models.audit import AuditAnchor, AuditEvent, AuditSubject
from common.models.directory import Competency, Employee, OrgUnit, OrgUnitHeadcount, Position
from common.models.notifications import Notification, SentReminder
from common.models.scim import ScimGroup, ScimGroupMember, ScimUser
from common.models.signin_links import SignInLink
from common.models.users import CacheVersion, IdentityEpoch, LoginThrottle, RoleAssignment, User, UserSession

__all__ = [
    "ApiClient",
    "ApiToken",
    "AuditAnchor",
    "AuditEvent",
    "AuditSubject",
    "CacheVersion",
    "Competency",
    "Employee",
    "IdentityEpoch",
    "LoginThrottle",
    "Notification",
    "OrgUnit",
    "OrgUnitHeadcount",
    "Position",
    "RoleAssignment",
    "ScimGroup",
    "ScimGroupMember",
    "ScimUser",
    "SentReminder",
    "SignInLink",
    "User",
    "UserSession",
]
