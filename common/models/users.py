"""Accounts, role assignments with a scope, and server-side sessions.

Sessions live in the database, not only in the signed cookie: signing out, changing the
password or disabling an account revokes the row, so a copied cookie stops working at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.extensions import db
from common.models.base import utcnow
from common.models.directory import Employee, OrgUnit

ADMIN = "admin"
HR_OFFICER = "hr_officer"
ME_OFFICER = "me_officer"
ME_APPROVER = "me_approver"
LEARNING_ADMIN = "learning_admin"
AUDITOR = "auditor"
ROLES = (ADMIN, HR_OFFICER, ME_OFFICER, ME_APPROVER, LEARNING_ADMIN, AUDITOR)


class User(db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), unique=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Set when an administrator chose the password: its owner must replace it before doing anything else.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Raised by every write that changes who this account is or may do (``common.auth.identity_versions``): a
    # process holding a cached identity compares it before trusting the copy.
    auth_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    employee: Mapped[Employee | None] = relationship()
    roles: Mapped[list[RoleAssignment]] = relationship(back_populates="user", lazy="selectin",
                                                       cascade="all, delete-orphan")

    # Set by the user loader: the token of the session this request runs in.
    session_token = None

    # Flask-Login's interface.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def display_name(self) -> str:
        return self.employee.full_name if self.employee else self.email

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class RoleAssignment(db.Model):
    """A role held by a user, limited to an org unit and its subtree (no unit: government-wide)."""

    __tablename__ = "role_assignment"
    __table_args__ = (UniqueConstraint("user_id", "role", "org_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")
    org_unit: Mapped[OrgUnit | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<RoleAssignment {self.role} unit={self.org_unit_id}>"


class UserSession(db.Model):
    """One signed-in browser. Only a hash of the token is kept, so a database leak is no key."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(255))

    user: Mapped[User] = relationship()


class LoginThrottle(db.Model):
    """Failed password attempts counted per key: one address on one account, or one account as a whole.

    Keys are hashes of what was typed, whether or not such an account exists, so an unknown address is
    throttled exactly like a known one and the answers cannot tell them apart. Kept in the database, like
    the sessions, so the count holds however many server processes answer.
    """

    __tablename__ = "login_throttle"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime)

    def __repr__(self) -> str:
        return f"<LoginThrottle {self.key[:8]} failures={self.failures} until={self.blocked_until}>"


class IdentityEpoch(db.Model):
    """One row whose version retires every cached identity at once: raised when organisation units move or the
    directory is rewritten in bulk, which changes the scope of many accounts' roles together."""

    __tablename__ = "identity_epoch"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CacheVersion(db.Model):
    """The shared version of a cache namespace or key (``common.cache_db``): raised by every write behind it and read
    by each process before it trusts a figure it keeps in memory, so without Redis an approval shows in every worker
    at its next request (``CACHE_VERSIONS``). A name without a row is at version 0."""

    __tablename__ = "cache_version"

    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    def __repr__(self) -> str:
        return f"<CacheVersion {self.name} v{self.version}>"
