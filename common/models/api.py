"""Service clients and API tokens (``api_0001``).

Secrets are never stored: a client secret is kept as an Argon2 hash, an access token (a service client's, from the
OAuth 2.0 client-credentials grant, or a person's own personal access token) as the SHA-256 of its value, which is
random and long enough that a fast hash is safe and lets the token be looked up by its hash on every call.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.extensions import db
from common.models.base import utcnow
from common.models.directory import OrgUnit
from common.models.users import User


class ApiClient(db.Model):
    """A system that calls the API on its own behalf (payroll, another ministry's analytics).

    ``scopes`` is space-separated (``directory:read me:write``); ``org_unit`` limits every scope to that unit's
    subtree (none: government-wide)."""

    __tablename__ = "api_client"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(255))
    scopes: Mapped[str] = mapped_column(Text, default="")
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    org_unit: Mapped[OrgUnit | None] = relationship()

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def __repr__(self) -> str:
        return f"<ApiClient {self.name}>"


class ApiToken(db.Model):
    """A bearer token: ``kind`` is ``client`` (issued to an ``ApiClient``, short-lived) or ``personal`` (a
    person's own, named, until it expires or is revoked)."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16), default="")
    name: Mapped[str] = mapped_column(String(100), default="")
    scopes: Mapped[str] = mapped_column(Text, default="")
    client_id: Mapped[int | None] = mapped_column(ForeignKey("api_client.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    client: Mapped[ApiClient | None] = relationship()
    user: Mapped[User | None] = relationship()

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def __repr__(self) -> str:
        return f"<ApiToken {self.kind} {self.prefix}>"
