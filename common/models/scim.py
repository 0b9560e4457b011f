"""What the government's identity system provisioned through SCIM 2.0, beside the suite's own accounts.

A SCIM user is an ordinary ``User`` (same sign-in, same sessions, same role assignments) plus this record, which
keeps the attributes the identity system sent (so it reads back what it wrote), its ``externalId`` and a version
that changes on every write (the ``ETag``). A SCIM group maps to one of the suite's roles when its display name
says so (``hr_officer`` or ``hr_officer@UNIT-CODE``); its members hold that role, granted and revoked by the
provisioning, audited with the actor "SCIM".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.extensions import db
from common.models.base import utcnow
from common.models.users import User


class ScimUser(db.Model):
    __tablename__ = "scim_user"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    user_name: Mapped[str] = mapped_column(String(255), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(255), index=True)
    # The resource as the identity system last wrote it (never a password: SCIM passwords are refused).
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


class ScimGroup(db.Model):
    __tablename__ = "scim_group"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(255), index=True)
    external_id: Mapped[str | None] = mapped_column(String(255), index=True)
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    members: Mapped[list[ScimGroupMember]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class ScimGroupMember(db.Model):
    __tablename__ = "scim_group_member"

    group_id: Mapped[str] = mapped_column(ForeignKey("scim_group.id", ondelete="CASCADE"), primary_key=True)
    scim_user_id: Mapped[str] = mapped_column(ForeignKey("scim_user.id", ondelete="CASCADE"), primary_key=True,
                                              index=True)
    display: Mapped[str | None] = mapped_column(String(255))
