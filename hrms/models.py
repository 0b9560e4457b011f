"""Tables of the performance appraisal: templates, cycles, appraisals and what hangs off them.

A template is never edited in place once saved: a change makes a new version (same ``family``),
and a cycle points at the version it was run under, so a past cycle's weights and scale never
move. An appraisal carries a ``version`` column (SQLAlchemy's optimistic locking): two people
saving the same appraisal cannot silently overwrite each other.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.extensions import db
from common.models import Competency, Employee, OrgUnit
from common.models.base import localized, utcnow

# The workflow, in order. Transitions live in ``hrms.operations.workflow``.
DRAFT, AGREED, SELF_ASSESSED, CALIBRATION = "objectives_draft", "objectives_agreed", "self_assessed", "calibration"
RELEASED, ACKNOWLEDGED, APPEALED, FINAL = "released", "acknowledged", "appealed", "final"
STATES = (DRAFT, AGREED, SELF_ASSESSED, CALIBRATION, RELEASED, ACKNOWLEDGED, APPEALED, FINAL)
RELEASED_STATES = (RELEASED, ACKNOWLEDGED, APPEALED, FINAL)  # the employee may see the manager's ratings
LABELS = ("excellent", "good", "satisfactory", "unsatisfactory")
DEFAULT_SCALE = [{"code": "excellent", "min": 4.5}, {"code": "good", "min": 3.5},
                 {"code": "satisfactory", "min": 2.5}, {"code": "unsatisfactory", "min": 0.0}]
DEFAULT_RULES = {"excellent": ["promotion_or_incentive"], "unsatisfactory": ["training_need"],
                 "unsatisfactory_twice": ["dismissal_review"]}
SECTION_KINDS = ("objectives", "competencies")
FEEDBACK_MIN_ANSWERS = 3  # feedback results are shown only from this many answers up
FEEDBACK_TOP = 5  # the feedback questionnaire is rated 1..5, whatever the appraisal's own scale


class AppraisalTemplate(db.Model):
    __tablename__ = "hr_template"
    __table_args__ = (UniqueConstraint("family", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family: Mapped[str] = mapped_column(String(32), index=True)  # shared by every version of one template
    version: Mapped[int] = mapped_column(Integer, default=1)
    name_ka: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    methodology_ref: Mapped[str] = mapped_column(String(255), default="")  # the legal act the method follows
    methodology_ref_ka: Mapped[str] = mapped_column(String(255), default="", server_default="")  # the same in Georgian
    rating_max: Mapped[int] = mapped_column(Integer, default=5)  # criteria are rated 1..rating_max
    scale: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=lambda: list(DEFAULT_SCALE))
    # What each level 1..rating_max means, shown beside every rating; none: the default descriptions.
    anchors: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime)

    sections: Mapped[list[TemplateSection]] = relationship(order_by="TemplateSection.position",
                                                           cascade="all, delete-orphan", lazy="selectin")

    @property
    def name(self) -> str:
        return localized(self.name_ka, self.name_en)

    @property
    def methodology(self) -> str:
        """The legal reference in the reader's language (``methodology_ref`` is the English one)."""
        return localized(self.methodology_ref_ka, self.methodology_ref)

    def section(self, kind: str) -> TemplateSection | None:
        return next((s for s in self.sections if s.kind == kind), None)

    def __repr__(self) -> str:
        return f"<AppraisalTemplate {self.family} v{self.version}>"


class TemplateSection(db.Model):
    __tablename__ = "hr_template_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("hr_template.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # objectives | competencies
    weight: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)

    criteria: Mapped[list[TemplateCriterion]] = relationship(order_by="TemplateCriterion.position",
                                                             cascade="all, delete-orphan", lazy="selectin")


class TemplateCriterion(db.Model):
    """A competency of the shared framework, weighted inside its section."""

    __tablename__ = "hr_template_criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("hr_template_section.id"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    weight: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)

    competency: Mapped[Competency] = relationship(lazy="joined")


class AppraisalCycle(db.Model):
    __tablename__ = "hr_cycle"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_ka: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    track: Mapped[str] = mapped_column(String(16), default="annual")  # annual | probation (quarterly)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    template_id: Mapped[int] = mapped_column(ForeignKey("hr_template.id"), index=True)
    methodology_ref: Mapped[str] = mapped_column(String(255), default="")  # copied: the act it was run under
    methodology_ref_ka: Mapped[str] = mapped_column(String(255), default="", server_default="")  # the same in Georgian
    root_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    employment_types: Mapped[list[str]] = mapped_column(JSON)
    unused_sections: Mapped[list[str]] = mapped_column(JSON, default=list)
    objectives_due: Mapped[date] = mapped_column(Date)
    midyear_due: Mapped[date | None] = mapped_column(Date)
    self_assessment_due: Mapped[date] = mapped_column(Date)
    manager_assessment_due: Mapped[date] = mapped_column(Date)
    calibration_due: Mapped[date] = mapped_column(Date)
    release_due: Mapped[date] = mapped_column(Date)
    appeal_days: Mapped[int] = mapped_column(Integer, default=14)  # window after release
    appeal_decision_days: Mapped[int] = mapped_column(Integer, default=30)
    guideline: Mapped[dict[str, int]] = mapped_column(JSON, default=lambda: {"excellent": 20})  # max % per label
    rules: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=lambda: dict(DEFAULT_RULES))
    # A competency rated below this becomes a training need; none: at or below half the scale (the ``weak`` flag).
    need_below: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | final | cancelled
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)  # why HR cancelled it before release
    overlap_reason: Mapped[str | None] = mapped_column(Text)  # why HR ran it beside an overlapping open cycle
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    finalised_at: Mapped[datetime | None] = mapped_column(DateTime)

    template: Mapped[AppraisalTemplate] = relationship(lazy="joined")
    root_unit: Mapped[OrgUnit] = relationship(lazy="joined")

    @property
    def name(self) -> str:
        return localized(self.name_ka, self.name_en)

    @property
    def methodology(self) -> str:
        """The legal reference in the reader's language (``methodology_ref`` is the English one)."""
        return localized(self.methodology_ref_ka, self.methodology_ref)

    def uses(self, kind: str) -> bool:
        return kind not in (self.unused_sections or []) and self.template.section(kind) is not None

    def __repr__(self) -> str:
        return f"<AppraisalCycle {self.id} {self.track} {self.period_start}>"


class Appraisal(db.Model):
    """One employee in one cycle. ``label`` is the manager's proposal, then calibrated, then final."""

    __tablename__ = "hr_appraisal"
    __table_args__ = (UniqueConstraint("cycle_id", "employee_id"),
                      Index("ix_hr_appraisal_cycle_state", "cycle_id", "state"),
                      # The cycle overview's count per unit and state reads this index alone (cyc_0001).
                      Index("ix_hr_appraisal_cycle_unit", "cycle_id", "org_unit_id", "state", "evaluator_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("hr_cycle.id"))  # indexed with the state, see __table_args__
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    evaluator_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)  # where the person worked
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"))
    state: Mapped[str] = mapped_column(String(24), index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    employee_agreed_at: Mapped[datetime | None] = mapped_column(DateTime)
    manager_agreed_at: Mapped[datetime | None] = mapped_column(DateTime)
    midyear_comment: Mapped[str | None] = mapped_column(Text)
    midyear_at: Mapped[datetime | None] = mapped_column(DateTime)
    self_comment: Mapped[str | None] = mapped_column(Text)
    self_submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    manager_comment: Mapped[str | None] = mapped_column(Text)
    manager_private_note: Mapped[str | None] = mapped_column(Text)  # never shown to the employee
    manager_submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    score: Mapped[float | None] = mapped_column(Float)
    computed_label: Mapped[str | None] = mapped_column(String(16))
    label: Mapped[str | None] = mapped_column(String(16), index=True)
    label_justification: Mapped[str | None] = mapped_column(Text)
    released_at: Mapped[datetime | None] = mapped_column(DateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    acknowledgement_comment: Mapped[str | None] = mapped_column(Text)
    finalised_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}

    cycle: Mapped[AppraisalCycle] = relationship(lazy="joined")
    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    evaluator: Mapped[Employee | None] = relationship(foreign_keys=[evaluator_id])
    org_unit: Mapped[OrgUnit] = relationship()
    objectives: Mapped[list[Objective]] = relationship(order_by="Objective.position", back_populates="appraisal",
                                                      cascade="all, delete-orphan")
    competency_ratings: Mapped[list[CompetencyRating]] = relationship(cascade="all, delete-orphan")
    interims: Mapped[list[InterimAssessment]] = relationship(order_by="InterimAssessment.requested_at")
    appeal: Mapped[Appeal | None] = relationship(back_populates="appraisal", uselist=False)
    # Read only: the appraisal page reads the round in the appraisal's own statement (``hrms.queries``), not in one
    # more. A round is created through ``FeedbackRound.appraisal_id`` (``hrms.operations.feedback``), which this
    # does not follow within a session: only ``appraisal_for_page`` uses it, right after reading it.
    feedback_round: Mapped[FeedbackRound | None] = relationship(viewonly=True, uselist=False)

    @property
    def interim_evaluator_ids(self) -> set[int]:
        """Outgoing managers who still have an interim assessment to record (read by the permissions)."""
        return {i.evaluator_id for i in self.interims if i.recorded_at is None}

    @property
    def appeal_reviewer_id(self) -> int | None:
        return self.appeal.reviewer_id if self.appeal and self.appeal.decided_at is None else None

    def __repr__(self) -> str:
        return f"<Appraisal {self.id} cycle={self.cycle_id} employee={self.employee_id} {self.state}>"


class AppraisalCount(db.Model):
    """How many appraisals of a cycle are in each state in each unit, and how many of those lack an evaluator.

    Kept by ``hrms.counts`` as appraisals are written (``flask hr rebuild-counts`` after writes that bypass the
    session): the cycle overview reads these few rows instead of counting a national cycle's appraisals.
    """

    __tablename__ = "hr_appraisal_count"

    cycle_id: Mapped[int] = mapped_column(ForeignKey("hr_cycle.id", ondelete="CASCADE"), primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(24), primary_key=True)
    total: Mapped[int] = mapped_column(Integer, default=0)
    without_evaluator: Mapped[int] = mapped_column(Integer, default=0)


class Objective(db.Model):
    __tablename__ = "hr_objective"

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("hr_appraisal.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(255))
    measure: Mapped[str] = mapped_column(Text, default="")  # how success is measured
    weight: Mapped[int] = mapped_column(Integer)
    self_rating: Mapped[int | None] = mapped_column(Integer)
    manager_rating: Mapped[int | None] = mapped_column(Integer)

    appraisal: Mapped[Appraisal] = relationship(back_populates="objectives")
    notes: Mapped[list[ObjectiveNote]] = relationship(order_by="ObjectiveNote.noted_on", cascade="all, delete-orphan")


class ObjectiveNote(db.Model):
    """Evidence through the year: a dated note on an objective, by the employee or the manager."""

    __tablename__ = "hr_objective_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("hr_objective.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    author_role: Mapped[str] = mapped_column(String(16))  # employee | manager
    noted_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CompetencyRating(db.Model):
    """The ratings of one competency in one appraisal: what issue 7 reads to find training needs."""

    __tablename__ = "hr_competency_rating"
    __table_args__ = (UniqueConstraint("appraisal_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("hr_appraisal.id"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("hr_template_criterion.id"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    self_rating: Mapped[int | None] = mapped_column(Integer)
    manager_rating: Mapped[int | None] = mapped_column(Integer)


class FeedbackRound(db.Model):
    """One round of multi-rater feedback on an appraisal, closed on a date (or earlier by HR or the manager).

    Nothing of a round is shown before it closes. On closing, the results are computed once and
    stored in ``results`` (``None`` below three answers); they never change afterwards, because
    answers after closing are refused. So nobody can learn one colleague's rating by watching an
    average move ("3 answers: 3.0, 4 answers: 2.5"). Who was asked is never shown to the person appraised.
    """

    __tablename__ = "hr_feedback_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("hr_appraisal.id"), unique=True)
    closes_on: Mapped[date] = mapped_column(Date)  # answers are accepted up to and including this day
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))  # none: closed by its date
    answered: Mapped[int | None] = mapped_column(Integer)  # frozen on closing
    # Frozen on closing, from three answers up: {"overall": mean, "competencies": [{"criterion_id",
    # "competency_id", "mean", "answers"}], "comments": [unsigned, shuffled]}.
    results: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    appraisal: Mapped[Appraisal] = relationship()
    requests: Mapped[list[FeedbackRequest]] = relationship(back_populates="round", order_by="FeedbackRequest.id")

    def is_open(self, today: date) -> bool:
        return self.closed_at is None and today <= self.closes_on

    def __repr__(self) -> str:
        return f"<FeedbackRound {self.id} appraisal={self.appraisal_id} closes={self.closes_on}>"


class FeedbackRequest(db.Model):
    """One colleague asked in a round. Answers are only ever shown aggregated, from three answers up."""

    __tablename__ = "hr_feedback_request"
    __table_args__ = (UniqueConstraint("appraisal_id", "respondent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("hr_appraisal.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("hr_feedback_round.id"), index=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    relation: Mapped[str] = mapped_column(String(16))  # peer | report | manager_manager
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    rating: Mapped[int | None] = mapped_column(Integer)  # overall, when the cycle rates no competencies
    # Until the round closes; then copied, unsigned, into the round's results and cleared here.
    comment: Mapped[str | None] = mapped_column(Text)

    appraisal: Mapped[Appraisal] = relationship()
    round: Mapped[FeedbackRound] = relationship(back_populates="requests")
    respondent: Mapped[Employee] = relationship()
    answers: Mapped[list[FeedbackAnswer]] = relationship(cascade="all, delete-orphan")


class FeedbackAnswer(db.Model):
    """One colleague's 1–5 answer on one competency of the appraisal's template."""

    __tablename__ = "hr_feedback_answer"
    __table_args__ = (UniqueConstraint("request_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("hr_feedback_request.id"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("hr_template_criterion.id"))
    rating: Mapped[int] = mapped_column(Integer)


class InterimAssessment(db.Model):
    """The outgoing manager's assessment when the evaluator or the position changes mid-cycle."""

    __tablename__ = "hr_interim_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("hr_appraisal.id"), index=True)
    evaluator_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    reason: Mapped[str] = mapped_column(String(24))  # manager_change | position_change
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime)
    label: Mapped[str | None] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)

    evaluator: Mapped[Employee] = relationship()


class CalibrationSession(db.Model):
    __tablename__ = "hr_calibration_session"
    __table_args__ = (UniqueConstraint("cycle_id", "org_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("hr_cycle.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    changes: Mapped[list[CalibrationChange]] = relationship(order_by="CalibrationChange.changed_at")


class CalibrationChange(db.Model):
    __tablename__ = "hr_calibration_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("hr_calibration_session.id"), index=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("hr_appraisal.id"), index=True)
    label_before: Mapped[str | None] = mapped_column(String(16))
    label_after: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    appraisal: Mapped[Appraisal] = relationship()


class Appeal(db.Model):
    __tablename__ = "hr_appeal"

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("hr_appraisal.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decision_due: Mapped[date] = mapped_column(Date, index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    committee: Mapped[str | None] = mapped_column(String(255))
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))  # upheld | changed
    label_before: Mapped[str | None] = mapped_column(String(16))
    label_after: Mapped[str | None] = mapped_column(String(16))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    appraisal: Mapped[Appraisal] = relationship(back_populates="appeal")
    reviewer: Mapped[Employee | None] = relationship()


class ConsequenceProposal(db.Model):
    """What the cycle's rule set proposes for one person. A person decides; nothing is applied."""

    __tablename__ = "hr_consequence"
    __table_args__ = (UniqueConstraint("appraisal_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("hr_cycle.id"), index=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("hr_appraisal.id"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # promotion_or_incentive | training_need | dismissal_review
    status: Mapped[str] = mapped_column(String(16), default="proposed")  # proposed | confirmed | rejected
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    appraisal: Mapped[Appraisal] = relationship()
    employee: Mapped[Employee] = relationship()
