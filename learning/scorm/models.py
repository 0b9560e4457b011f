"""Tables of SCORM lessons: package versions and their SCOs (the catalogue side), attempts and the journal of
commits (the learners' side).

A new upload adds a version and never changes an earlier one: a learner's attempt points at the SCO of the
version it was started with, whose files stay on disk (``learning.scorm.storage``), so an attempt in progress
resumes on the content it began with. ``ScoAttempt.cmi`` holds what the SCO wrote (the writable elements of the
data model, as the server accepted them); the columns beside it are the results other pages read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.extensions import db
from common.models.base import utcnow
from learning.models.catalogue import Lesson
from learning.models.progress import Enrolment

DONE_STATUSES = ("completed", "passed")  # a SCO in one of these counts as done for the lesson


class PackageVersion(db.Model):
    """One upload of a lesson's package. ``digest`` (SHA-256 of the zip) names its folder on disk."""

    __tablename__ = "learning_scorm_version"
    __table_args__ = (UniqueConstraint("lesson_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("learning_lesson.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64), index=True)
    identifier: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255))
    original_name: Mapped[str] = mapped_column(String(255))
    file_count: Mapped[int] = mapped_column(Integer)
    total_size: Mapped[int] = mapped_column(BigInteger)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The default organisation in manifest order, groups included: [{"id", "title", "depth", "launch"}]. None for
    # versions imported before it was kept (shown as the flat list of their items).
    outline: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # "1.2" or "2004": which run-time API and data model the player offers, and who decides navigation.
    standard: Mapped[str] = mapped_column(String(8), default="1.2", server_default="1.2")
    # SCORM 2004: the activity tree with each activity's sequencing definition (``learning.scorm.manifest2004``).
    sequencing: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    lesson: Mapped[Lesson] = relationship()
    scos: Mapped[list[Sco]] = relationship(back_populates="version", order_by="Sco.position",
                                           cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<PackageVersion {self.id} lesson={self.lesson_id} v{self.number}>"


class Sco(db.Model):
    """An item of the package's default organisation that launches a file: a SCO (tracked) or an asset (counted as
    completed once launched)."""

    __tablename__ = "learning_scorm_sco"
    __table_args__ = (UniqueConstraint("version_id", "identifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("learning_scorm_version.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    identifier: Mapped[str] = mapped_column(String(255))
    resource: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255))
    tracked: Mapped[bool] = mapped_column(Boolean, default=True)  # adlcp:scormtype="sco"; assets are not
    launch: Mapped[str] = mapped_column(String(1000))  # the file's path inside the package, decoded
    launch_query: Mapped[str] = mapped_column(String(1000), default="")  # href query and item parameters
    mastery_score: Mapped[float | None] = mapped_column(Float)
    launch_data: Mapped[str] = mapped_column(Text, default="")
    max_time_allowed: Mapped[str] = mapped_column(String(16), default="")
    time_limit_action: Mapped[str] = mapped_column(String(32), default="")
    prerequisites: Mapped[str] = mapped_column(String(2000), default="", server_default="")  # AICC script

    version: Mapped[PackageVersion] = relationship(back_populates="scos")

    def __repr__(self) -> str:
        return f"<Sco {self.id} {self.identifier} version={self.version_id}>"


class ScoAttempt(db.Model):
    """A learner's attempt at one SCO: the stored run-time data and the results read from it."""

    __tablename__ = "learning_scorm_attempt"
    __table_args__ = (UniqueConstraint("enrolment_id", "sco_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("learning_enrolment.id", ondelete="CASCADE"), index=True)
    sco_id: Mapped[int] = mapped_column(ForeignKey("learning_scorm_sco.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Closed: finished with a result and without ``exit=suspend``; the next launch starts a new attempt.
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    sessions: Mapped[int] = mapped_column(Integer, default=0)
    lesson_status: Mapped[str] = mapped_column(String(16), default="not attempted")
    score_raw: Mapped[float | None] = mapped_column(Float)
    score_min: Mapped[float | None] = mapped_column(Float)
    score_max: Mapped[float | None] = mapped_column(Float)
    total_time: Mapped[str] = mapped_column(String(16), default="0000:00:00.00")
    entry: Mapped[str] = mapped_column(String(16), default="ab-initio")  # what cmi.core.entry says next launch
    exit_mode: Mapped[str] = mapped_column(String(16), default="")  # cmi.core.exit at the last finish
    cmi: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The last journal entry applied: the player's page load and how many of that session's values are stored.
    sync_page: Mapped[str] = mapped_column(String(32), default="")
    sync_seq: Mapped[int] = mapped_column(Integer, default=0)

    enrolment: Mapped[Enrolment] = relationship()
    sco: Mapped[Sco] = relationship()
    commits: Mapped[list[ScoCommit]] = relationship(back_populates="attempt", order_by="ScoCommit.id",
                                                    cascade="all, delete-orphan", passive_deletes=True)

    @property
    def done(self) -> bool:
        return self.lesson_status in DONE_STATUSES

    def __repr__(self) -> str:
        return f"<ScoAttempt {self.id} #{self.number} sco={self.sco_id} {self.lesson_status}>"


class SequencingState(db.Model):
    """A learner's place in a SCORM 2004 package version: the activity delivered now, the one suspended by
    ``suspendAll`` (resumed at the next visit), the global objectives the package's objective maps read and write,
    and the outcome of the last navigation request. Everything else the sequencer needs is read from the attempts."""

    __tablename__ = "learning_scorm_seq_state"
    __table_args__ = (UniqueConstraint("enrolment_id", "version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("learning_enrolment.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("learning_scorm_version.id", ondelete="CASCADE"), index=True)
    current: Mapped[str] = mapped_column(String(255), default="", server_default="")
    suspended: Mapped[str] = mapped_column(String(255), default="", server_default="")
    ended: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    objectives: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # global objective id -> state
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ScoCommit(db.Model):
    """The journal: one row per commit received (LMSCommit, LMSFinish, or the page closing), with the API calls
    the content made since the previous one, what was stored and what was refused and why."""

    __tablename__ = "learning_scorm_commit"
    __table_args__ = (Index("ix_learning_scorm_commit_attempt_page", "attempt_id", "page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("learning_scorm_attempt.id", ondelete="CASCADE"), index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(16))  # commit, finish, close
    accepted: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [[element, value], ...]
    rejected: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [[element, value, error code], ...]
    calls: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [[ms since launch, function, args, result, error]]
    calls_dropped: Mapped[int] = mapped_column(Integer, default=0)
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)  # delivered again: nothing new in it
    # Where it sits in its session's journal: the player's page load, and the session's values [start, stop) it
    # carried. ``gap``: values before ``start`` never arrived, so the session is recorded as incomplete.
    page: Mapped[str] = mapped_column(String(32), default="", server_default="")
    start: Mapped[int | None] = mapped_column(Integer)
    stop: Mapped[int | None] = mapped_column(Integer)
    gap: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    attempt: Mapped[ScoAttempt] = relationship(back_populates="commits")
