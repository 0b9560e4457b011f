"""Tables of cmi5 lessons: the imported course structure (a version per upload, its AUs and blocks) and the
learners' side (a registration per enrolment and version, each AU's results in it, each launch's session).

A new upload adds a version and never changes an earlier one: a registration stays on the version it began with.
``Cmi5Session`` ties a launch to the xAPI credential handed out through its fetch URL (``client_id``), which is
how a statement arriving at the LRS is traced back to its registration, AU and session.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.extensions import db
from common.models.base import utcnow
from learning.models.catalogue import Lesson
from learning.models.progress import Enrolment


class Cmi5Version(db.Model):
    """One upload of a lesson's cmi5 course structure. ``digest`` (SHA-256 of the zip) names its folder on disk;
    ``blocks`` are the structure's blocks in document order, each with the publisher ids of every AU inside it."""

    __tablename__ = "cmi5_version"
    __table_args__ = (UniqueConstraint("lesson_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("learning_lesson.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64), index=True)
    publisher_id: Mapped[str] = mapped_column(String(512))  # the course's id in cmi5.xml
    title: Mapped[str] = mapped_column(String(255))
    original_name: Mapped[str] = mapped_column(String(255))
    file_count: Mapped[int] = mapped_column(Integer)
    total_size: Mapped[int] = mapped_column(BigInteger)
    blocks: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{"id", "title", "aus": [...]}]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    lesson: Mapped[Lesson] = relationship()
    aus: Mapped[list[Cmi5Au]] = relationship(back_populates="version", order_by="Cmi5Au.position",
                                             cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Cmi5Version {self.id} lesson={self.lesson_id} v{self.number}>"


class Cmi5Au(db.Model):
    """An assignable unit as ``cmi5.xml`` describes it. ``url`` is a path inside the package, or an absolute URL
    (``remote``) on a host the administrator allowed at import. ``mastery_score`` is scaled (0 to 1)."""

    __tablename__ = "cmi5_au"
    __table_args__ = (UniqueConstraint("version_id", "publisher_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("cmi5_version.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    publisher_id: Mapped[str] = mapped_column(String(512))
    title: Mapped[str] = mapped_column(String(255))
    url: Mapped[str] = mapped_column(String(2000))
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    launch_method: Mapped[str] = mapped_column(String(16), default="AnyWindow")
    move_on: Mapped[str] = mapped_column(String(24), default="NotApplicable")
    mastery_score: Mapped[float | None] = mapped_column(Float)
    launch_parameters: Mapped[str] = mapped_column(Text, default="")
    entitlement_key: Mapped[str] = mapped_column(String(512), default="")

    version: Mapped[Cmi5Version] = relationship(back_populates="aus")

    def __repr__(self) -> str:
        return f"<Cmi5Au {self.id} {self.publisher_id} {self.move_on}>"


class Cmi5Registration(db.Model):
    """A learner's registration in a version of the course structure (the ``registration`` of every statement).
    ``satisfied_at``: when the suite issued the course's ``satisfied`` statement."""

    __tablename__ = "cmi5_registration"
    __table_args__ = (UniqueConstraint("enrolment_id", "version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration: Mapped[str] = mapped_column(String(36), unique=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("learning_enrolment.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("cmi5_version.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    satisfied_at: Mapped[datetime | None] = mapped_column(DateTime)
    satisfied_blocks: Mapped[list[str]] = mapped_column(JSON, default=list)  # publisher ids of satisfied blocks

    enrolment: Mapped[Enrolment] = relationship()
    version: Mapped[Cmi5Version] = relationship()


class Cmi5AuStatus(db.Model):
    """What a registration's statements established for one AU (never undone: cmi5 results only accumulate)."""

    __tablename__ = "cmi5_au_status"
    __table_args__ = (UniqueConstraint("registration_id", "au_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("cmi5_registration.id", ondelete="CASCADE"),
                                                 index=True)
    au_id: Mapped[int] = mapped_column(ForeignKey("cmi5_au.id", ondelete="CASCADE"), index=True)
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    failed: Mapped[bool] = mapped_column(Boolean, default=False)
    waived: Mapped[bool] = mapped_column(Boolean, default=False)
    score_scaled: Mapped[float | None] = mapped_column(Float)
    satisfied_at: Mapped[datetime | None] = mapped_column(DateTime)

    au: Mapped[Cmi5Au] = relationship()


class Cmi5Session(db.Model):
    """One launch of an AU. ``fetch_key`` is the secret part of the fetch URL; ``fetched_at`` is set by its one
    use, which creates the session's credential (``client_id``)."""

    __tablename__ = "cmi5_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(String(36), unique=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("cmi5_registration.id", ondelete="CASCADE"),
                                                 index=True)
    au_id: Mapped[int] = mapped_column(ForeignKey("cmi5_au.id", ondelete="CASCADE"), index=True)
    fetch_key: Mapped[str] = mapped_column(String(64), unique=True)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("xapi_client.id"), index=True)
    launch_mode: Mapped[str] = mapped_column(String(16), default="Normal")
    launched_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    initialized_at: Mapped[datetime | None] = mapped_column(DateTime)
    terminated_at: Mapped[datetime | None] = mapped_column(DateTime)
    abandoned: Mapped[bool] = mapped_column(Boolean, default=False)  # ended by the LMS without ``terminated``

    registration: Mapped[Cmi5Registration] = relationship()
    au: Mapped[Cmi5Au] = relationship()

    def __repr__(self) -> str:
        return f"<Cmi5Session {self.session_id} au={self.au_id}>"


__all__ = ["Cmi5Au", "Cmi5AuStatus", "Cmi5Registration", "Cmi5Session", "Cmi5Version"]
