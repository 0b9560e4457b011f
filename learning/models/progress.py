"""The learners' side: enrolments (with their history), lesson progress, quiz attempts, certificates and the
mandatory-training rules that create enrolments on their own.

An employee has at most one *current* enrolment per course (a partial unique index says so, so two
sync runs at once cannot both create one). Recertification closes the current enrolment (it stays, as
history, with its completion and certificate) and opens the next ``cycle``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.extensions import db
from common.models import Employee, OrgUnit, Position, User
from common.models.base import localized, utcnow
from learning.models.catalogue import Course, Lesson

ENROLMENT_SOURCES = ("self", "assigned", "rule")
# Stored states; what a person sees (overdue, expiring, expired) is derived from them and the dates.
STATES = ("requested", "assigned", "in_progress", "completed", "failed", "exempt", "rejected")
EXPIRING_DAYS = 30  # a completion this close to its expiry shows as "expiring"


def status_of(state: str, due_date: date | None, expires_on: date | None, today: date) -> str:
    """What the person sees of an enrolment in ``state`` with these dates (``Enrolment.status``), for pages that read
    the columns rather than the entity."""
    if state in ("exempt", "requested", "rejected", "failed"):
        return state
    if state == "completed":
        if expires_on is not None and expires_on < today:
            return "expired"
        if expires_on is not None and expires_on <= today + timedelta(days=EXPIRING_DAYS):
            return "expiring"
        return "completed"
    if due_date is not None and due_date < today:
        return "overdue"
    return state


class Rule(db.Model):
    """Mandatory training: everyone matching the rule must complete ``course``.

    The target is an org-unit subtree (none: the whole government), narrowed by rank and position
    when given. A new-hires rule covers only people hired on or after ``starts_on``. The due date is
    ``due_days`` after the later of ``starts_on`` and the hire date, so running the sync again never
    moves it. ``recert_months`` makes a completion expire and the course be assigned again.
    """

    __tablename__ = "learning_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("learning_course.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    rank: Mapped[int | None] = mapped_column(Integer)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"))
    new_hires_only: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_on: Mapped[date] = mapped_column(Date)
    due_days: Mapped[int] = mapped_column(Integer, default=30)
    recert_months: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    course: Mapped[Course] = relationship()
    unit: Mapped[OrgUnit | None] = relationship()
    position: Mapped[Position | None] = relationship()

    def due_for(self, hire_date: date | None) -> date:
        start = max(self.starts_on, hire_date or self.starts_on)
        return start + timedelta(days=self.due_days)

    def __repr__(self) -> str:
        return f"<Rule {self.id} course={self.course_id} unit={self.unit_id}>"


class Enrolment(db.Model):
    __tablename__ = "learning_enrolment"
    __table_args__ = (
        UniqueConstraint("employee_id", "course_id", "cycle"),
        Index("uq_learning_enrolment_current", "employee_id", "course_id", unique=True,
              sqlite_where=text("is_current"), postgresql_where=text("is_current")),
        Index("ix_learning_enrolment_course_state", "course_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("learning_course.id", ondelete="CASCADE"))
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(16), default="self")
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("learning_rule.id", ondelete="SET NULL"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    state: Mapped[str] = mapped_column(String(16), default="assigned")
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    score_percent: Mapped[float | None] = mapped_column(Float)
    exemption_state: Mapped[str | None] = mapped_column(String(16))  # requested, approved, rejected
    exemption_reason: Mapped[str | None] = mapped_column(Text)
    exemption_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    exemption_decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    employee: Mapped[Employee] = relationship()
    course: Mapped[Course] = relationship()
    rule: Mapped[Rule | None] = relationship()
    certificate: Mapped[Certificate | None] = relationship(back_populates="enrolment", uselist=False)

    def status(self, today: date) -> str:
        """What the person sees; the same rule as ``learning.queries.status_expression`` in SQL."""
        return status_of(self.state, self.due_date, self.expires_on, today)

    @property
    def active(self) -> bool:
        """May the learner open lessons and take quizzes?"""
        return self.is_current and self.state in ("assigned", "in_progress", "completed", "failed")

    def __repr__(self) -> str:
        return f"<Enrolment {self.id} employee={self.employee_id} course={self.course_id} {self.state}>"


class LessonProgress(db.Model):
    __tablename__ = "learning_lesson_progress"
    __table_args__ = (UniqueConstraint("enrolment_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("learning_enrolment.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("learning_lesson.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Where the completion came from: "learner" (marked done), "quiz" (passed) or an external player ("scorm").
    source: Mapped[str] = mapped_column(String(16), default="learner")
    score_percent: Mapped[float | None] = mapped_column(Float)


class Attempt(db.Model):
    """One try at a quiz. ``draw`` is the questions drawn (and the order of matching options) for this try."""

    __tablename__ = "learning_attempt"
    __table_args__ = (UniqueConstraint("enrolment_id", "lesson_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("learning_enrolment.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("learning_lesson.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deadline_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    draw: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    percent: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)

    enrolment: Mapped[Enrolment] = relationship()
    lesson: Mapped[Lesson] = relationship()

    def __repr__(self) -> str:
        return f"<Attempt {self.id} #{self.number} lesson={self.lesson_id}>"


class Certificate(db.Model):
    """Issued on completion. Names and title are copied, so the certificate says what it said when issued."""

    __tablename__ = "learning_certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("learning_enrolment.id"), unique=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("learning_course.id"), index=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    holder_name_ka: Mapped[str] = mapped_column(String(255))
    holder_name_en: Mapped[str] = mapped_column(String(255))
    course_title_ka: Mapped[str] = mapped_column(String(255))
    course_title_en: Mapped[str] = mapped_column(String(255))
    cpd_hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    enrolment: Mapped[Enrolment] = relationship(back_populates="certificate")
    employee: Mapped[Employee] = relationship()
    revoked_by: Mapped[User | None] = relationship()

    @property
    def holder_name(self) -> str:
        return localized(self.holder_name_ka, self.holder_name_en)

    @property
    def course_title(self) -> str:
        return localized(self.course_title_ka, self.course_title_en)

    def validity(self, today: date) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_on is not None and self.expires_on < today:
            return "expired"
        return "valid"

    def __repr__(self) -> str:
        return f"<Certificate {self.serial}>"
