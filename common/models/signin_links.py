"""Single-use sign-in links: a new account's first password, and password resets.

Only a SHA-256 hash of the token is stored (like sessions), so a copy of the database opens no account. A link is
refused once used or past ``expires_at`` (``SIGN_IN_LINK_HOURS``); issuing a new one retires the older ones.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.extensions import db
from common.models.base import utcnow
from common.models.users import User

INVITE, RESET = "invite", "reset"


class SignInLink(db.Model):
    __tablename__ = "sign_in_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<SignInLink {self.id} user={self.user_id} {self.purpose}>"
