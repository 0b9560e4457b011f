"""Tables of professional development: training needs, development plans and their actions, the CPD
record, and the rank-based basic programmes.

Courses live in ``learning``; these tables keep a course's id (a foreign key, the one direction the
architecture allows) and copy what they show, so that a plan and a record read the same after a
course is renamed. A need keeps the unit and rank the person had when it was recorded: the needs
analysis counts where the need arose, not where the person works today.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.extensions import db
from common.models import Competency, Employee, OrgUnit
from common.models.base import localized, utcnow

NEED_SOURCES = ("appraisal", "manager", "employee", "hr")
PRIORITIES = ("high", "medium", "low")
NEED_STATUSES = ("open", "planned", "addressed", "dismissed")
ACTION_KINDS = ("course", "mentoring", "secondment", "external")
ACTION_STATUSES = ("planned", "in_progress", "done", "cancelled")
OPEN_ACTION_STATUSES = ("planned", "in_progress")


class TrainingNeed(db.Model):
    __tablename__ = "hr_training_need"
    # One need per competency per appraisal: the receiver of a repeated signal creates nothing new.
    __table_args__ = (UniqueConstraint("appraisal_id", "competency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    source: Mapped[str] = mapped_column(String(16))
    appraisal_id: Mapped[int | None] = mapped_column(ForeignKey("hr_appraisal.id"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("hr_cycle.id"), index=True)
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_max: Mapped[int | None] = mapped_column(Integer)
    priority: Mapped[str] = mapped_column(String(8), default="medium")
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    note: Mapped[str | None] = mapped_column(Text)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)  # where it was recorded
    rank: Mapped[int | None] = mapped_column(Integer)  # the person's rank then
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    employee: Mapped[Employee] = relationship()
    competency: Mapped[Competency] = relationship(lazy="joined")
    org_unit: Mapped[OrgUnit] = relationship()

    def __repr__(self) -> str:
        return f"<TrainingNeed {self.id} employee={self.employee_id} competency={self.competency_id} {self.status}>"


class DevelopmentPlan(db.Model):
    """The individual development plan of one employee for one appraisal cycle (none: outside a cycle)."""

    __tablename__ = "hr_development_plan"
    __table_args__ = (UniqueConstraint("employee_id", "cycle_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("hr_cycle.id"), index=True)
    goals: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | closed
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    employee: Mapped[Employee] = relationship()
    actions: Mapped[list[DevelopmentAction]] = relationship(back_populates="plan", order_by="DevelopmentAction.id")

    def __repr__(self) -> str:
        return f"<DevelopmentPlan {self.id} employee={self.employee_id} cycle={self.cycle_id}>"


class DevelopmentAction(db.Model):
    """A course from the catalogue (enrols the person), mentoring, a secondment or external training."""

    __tablename__ = "hr_development_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("hr_development_plan.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("hr_training_need.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("learning_course.id"), index=True)
    title_ka: Mapped[str] = mapped_column(String(255))
    title_en: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned", index=True)
    evidence: Mapped[str | None] = mapped_column(Text)  # for external training: certificate, provider, reference
    hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # External hours the person declared count as CPD only once their manager or HR approved them.
    hours_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    hours_approved_at: Mapped[datetime | None] = mapped_column(DateTime)

    plan: Mapped[DevelopmentPlan] = relationship(back_populates="actions")
    need: Mapped[TrainingNeed | None] = relationship()

    @property
    def title(self) -> str:
        return localized(self.title_ka, self.title_en)

    def __repr__(self) -> str:
        return f"<DevelopmentAction {self.id} {self.kind} {self.status}>"


class CpdEntry(db.Model):
    """One line of the professional-development record: a completed course or external training, with hours.

    ``source_ref`` (``enrolment:12``, ``action:5``) makes recording idempotent: the same completion
    is never counted twice, whatever sends it again.
    """

    __tablename__ = "hr_cpd_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # course | external
    course_id: Mapped[int | None] = mapped_column(ForeignKey("learning_course.id"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("hr_development_action.id"))
    title_ka: Mapped[str] = mapped_column(String(255))
    title_en: Mapped[str] = mapped_column(String(255))
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    completed_on: Mapped[date] = mapped_column(Date, index=True)
    evidence: Mapped[str | None] = mapped_column(Text)
    source_ref: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def title(self) -> str:
        return localized(self.title_ka, self.title_en)

    def __repr__(self) -> str:
        return f"<CpdEntry {self.id} employee={self.employee_id} {self.kind} {self.hours}h>"


class BasicProgramme(db.Model):
    """The basic programme a rank group completes within a year of first appointment.

    It is carried out by learning's mandatory-training engine: one new-hires rule per rank of the
    group (``rule_ids``), due 365 days after appointment, synchronised by ``flask learning sync``.
    """

    __tablename__ = "hr_basic_programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_ka: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    rank_min: Mapped[int] = mapped_column(Integer)  # rank I is the highest, IV the lowest
    rank_max: Mapped[int] = mapped_column(Integer)
    course_id: Mapped[int] = mapped_column(ForeignKey("learning_course.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)  # none: government-wide
    starts_on: Mapped[date] = mapped_column(Date)  # people appointed on or after this day are covered
    rule_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    unit: Mapped[OrgUnit | None] = relationship()

    @property
    def name(self) -> str:
        return localized(self.name_ka, self.name_en)

    @property
    def ranks(self) -> range:
        return range(self.rank_min, self.rank_max + 1)

    def __repr__(self) -> str:
        return f"<BasicProgramme {self.id} ranks {self.rank_min}-{self.rank_max}>"
