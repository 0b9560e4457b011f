"""Tables of the M&E platform: policy documents, results trees, indicators, targets and data values.

Values are kept per indicator × period × org unit × disaggregation cell × component (a plain
value, or the numerator and denominator of a computed indicator), each with its own status, so
that a percentage can always be re-derived from its parts when units or regions are combined.
Periods are stored as text (``2024``, ``2024S1``, ``2024Q3``, ``2024-07``): see ``periods``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from common.extensions import db
from common.models import OrgUnit, User
from common.models.base import localized, utcnow

DOCUMENT_KINDS = ("strategy", "action_plan")
DEFAULT_LEVELS = ["goal", "objective", "output"]
UNITS = ("number", "percentage", "currency", "yes_no")
DIRECTIONS = ("increase", "decrease")
AGGREGATIONS = ("sum", "average", "last")
FREQUENCIES = ("monthly", "quarterly", "semiannual", "annual")
INDICATOR_LEVELS = ("outcome", "output")
VALUE_STATUSES = ("draft", "submitted", "approved", "returned")
COMPONENTS = ("value", "numerator", "denominator")
IMPLEMENTATION = ("fully", "mostly", "partially", "not")


# Figures computed from these tables (dashboards, reports) are cached under this namespace; every write
# retires it (reports.data_events watches the ORM; operations.store bumps it after its COPY).
CACHE_NAMESPACE = "monitoring"


class PolicyDocument(db.Model):
    """A strategy or action plan; every change of its passport makes a new version (``DocumentRevision``)."""

    __tablename__ = "me_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="strategy")
    title_ka: Mapped[str] = mapped_column(String(255))
    title_en: Mapped[str] = mapped_column(String(255))
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    legal_act: Mapped[str] = mapped_column(String(255), default="")  # in English; Georgian in legal_act_ka
    legal_act_ka: Mapped[str] = mapped_column(String(255), default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    levels: Mapped[list[str]] = mapped_column(JSON, default=lambda: list(DEFAULT_LEVELS))
    # Data entry for a period closes this many days after it ends; a historical load may need a wider window.
    entry_window_days: Mapped[int] = mapped_column(Integer, default=30)
    green_threshold: Mapped[float] = mapped_column(Float, default=0.9)
    amber_threshold: Mapped[float] = mapped_column(Float, default=0.7)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    owner_unit: Mapped[OrgUnit] = relationship()

    @property
    def title(self) -> str:
        return localized(self.title_ka, self.title_en)

    def __repr__(self) -> str:
        return f"<PolicyDocument {self.id} {self.code} v{self.version}>"


class DocumentRevision(db.Model):
    """The passport of a document as it was at one version, and why it changed."""

    __tablename__ = "me_document_revision"
    __table_args__ = (UniqueConstraint("document_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("me_document.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    created_by: Mapped[User | None] = relationship()


activity_partner = Table(
    "me_activity_partner", db.Model.metadata,
    Column("result_id", ForeignKey("me_result.id"), primary_key=True),
    Column("org_unit_id", ForeignKey("org_unit.id"), primary_key=True),
)


class ResultNode(db.Model):
    """One node of a results tree (goal → objective → output/activity); ``level`` indexes the document's levels.

    A node at the last level is an activity: it may carry the responsible and partner agencies, its
    terms and its budget, and an implementation status per reporting period.
    """

    __tablename__ = "me_result"
    __table_args__ = (UniqueConstraint("document_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("me_document.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("me_result.id"), index=True)
    level: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(32))
    title_ka: Mapped[str] = mapped_column(String(500))
    title_en: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)
    responsible_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    budget_planned: Mapped[float | None] = mapped_column(Float)
    budget_spent: Mapped[float | None] = mapped_column(Float)
    # Added to a published document: ``proposed`` (not counted, not public) until an approver other than its author
    # approves it; ``rejected`` if turned down. See ``TREE_STATUSES``.
    status: Mapped[str] = mapped_column(String(16), default="approved", server_default="approved")
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    responsible_unit: Mapped[OrgUnit | None] = relationship()
    partners: Mapped[list[OrgUnit]] = relationship(secondary=activity_partner, order_by="OrgUnit.code")

    @property
    def title(self) -> str:
        return localized(self.title_ka, self.title_en)

    def __repr__(self) -> str:
        return f"<ResultNode {self.id} {self.code}>"


class ActivityReport(db.Model):
    """How far an activity was implemented in one reporting period, in the agency's own words."""

    __tablename__ = "me_activity_report"
    __table_args__ = (UniqueConstraint("result_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("me_result.id"), index=True)
    period: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))
    narrative: Mapped[str] = mapped_column(Text, default="")  # in English; Georgian in narrative_ka
    narrative_ka: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ActivitySpending(db.Model):
    """What an activity had spent by a date, as its agency recorded it through the year; the latest is the
    activity's ``budget_spent``, the earlier ones its history (a correction is a new row, never an overwrite)."""

    __tablename__ = "me_activity_spending"

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("me_result.id"), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    amount: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    recorded_by: Mapped[User | None] = relationship()


class Indicator(db.Model):
    """An indicator's passport. A computed one has no raw value: numerator ÷ denominator × ``factor``."""

    __tablename__ = "me_indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("me_document.id"), index=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("me_result.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_ka: Mapped[str] = mapped_column(String(500))
    name_en: Mapped[str] = mapped_column(String(500))
    # The texts of the passport in English, with their Georgian forms in the ``*_ka`` columns (``bilingual``).
    definition: Mapped[str] = mapped_column(Text, default="")
    definition_ka: Mapped[str] = mapped_column(Text, default="", server_default="")
    level: Mapped[str] = mapped_column(String(16), default="outcome")
    unit: Mapped[str] = mapped_column(String(16), default="number")
    direction: Mapped[str] = mapped_column(String(16), default="increase")
    aggregation: Mapped[str] = mapped_column(String(16), default="sum")
    frequency: Mapped[str | None] = mapped_column(String(16))
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_not_available: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(Text, default="")
    source_ka: Mapped[str] = mapped_column(Text, default="", server_default="")
    method_ka: Mapped[str] = mapped_column(Text, default="", server_default="")
    responsible_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Dimension name -> its allowed values, e.g. {"sex": ["female", "male"], "region": [...]}.
    dimensions: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    computed: Mapped[bool] = mapped_column(Boolean, default=False)
    numerator_label: Mapped[str] = mapped_column(String(255), default="")
    denominator_label: Mapped[str] = mapped_column(String(255), default="")
    numerator_label_ka: Mapped[str] = mapped_column(String(255), default="", server_default="")
    denominator_label_ka: Mapped[str] = mapped_column(String(255), default="", server_default="")
    factor: Mapped[float] = mapped_column(Float, default=1.0)
    range_min: Mapped[float | None] = mapped_column(Float)
    range_max: Mapped[float | None] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="approved", server_default="approved")  # as ResultNode's
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    document: Mapped[PolicyDocument] = relationship()
    responsible_unit: Mapped[OrgUnit | None] = relationship()

    @property
    def name(self) -> str:
        return localized(self.name_ka, self.name_en)

    @property
    def components(self) -> tuple[str, ...]:
        return ("numerator", "denominator") if self.computed else ("value",)

    def __repr__(self) -> str:
        return f"<Indicator {self.id} {self.code}>"


class Target(db.Model):
    """One version of the target for an indicator and period; the highest version is in force."""

    __tablename__ = "me_target"
    __table_args__ = (UniqueConstraint("indicator_id", "period", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("me_indicator.id"), index=True)
    period: Mapped[str] = mapped_column(String(8))
    value: Mapped[float] = mapped_column(Float)
    version: Mapped[int] = mapped_column(Integer, default=1)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # A target of a published document counts (and goes public) only once someone other than its author approved
    # it: ``proposed`` until then, ``rejected`` if turned down. Targets of unpublished documents are ``approved``.
    status: Mapped[str] = mapped_column(String(16), default="approved", server_default="approved")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])


TARGET_STATUSES = ("proposed", "approved", "rejected")
TREE_STATUSES = TARGET_STATUSES  # results and indicators added to a published document


class Evidence(db.Model):
    """A file backing a value (a report, a register extract); its bytes are loaded only on download."""

    __tablename__ = "me_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class DataValue(db.Model):
    """One reported number: draft → submitted → approved (locked) or returned with a comment.

    ``cell`` is the disaggregation ("" for the total, else ``region=Tbilisi|sex=female``, sorted by
    dimension) and ``cell_depth`` how many dimensions it names, so totals and full cells can be told
    apart in SQL without parsing the key.
    """

    __tablename__ = "me_value"
    __table_args__ = (
        UniqueConstraint("indicator_id", "period", "org_unit_id", "cell", "component"),
        Index("ix_me_value_status", "status", "indicator_id"),
        # Progress sums read from this index alone; the approval queue from the partial one (monitoring_0002).
        Index("ix_me_value_cells", "indicator_id", "status", "period", "org_unit_id", "cell_depth", "component",
              postgresql_include=["value"]),
        Index("ix_me_value_submitted", "indicator_id", "period", "org_unit_id", postgresql_include=["updated_at"],
              postgresql_where=text("status = 'submitted'"), sqlite_where=text("status = 'submitted'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("me_indicator.id"), index=True)
    period: Mapped[str] = mapped_column(String(8))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    cell: Mapped[str] = mapped_column(String(255), default="")
    cell_depth: Mapped[int] = mapped_column(Integer, default=0)
    component: Mapped[str] = mapped_column(String(16), default="value")
    value: Mapped[float] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    review_comment: Mapped[str] = mapped_column(Text, default="")
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("me_evidence.id"))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Who sent it for approval: neither they nor whoever entered it may approve it (four eyes).
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)

    evidence: Mapped[Evidence | None] = relationship()

    def __repr__(self) -> str:
        return f"<DataValue {self.id} {self.indicator_id} {self.period} {self.cell or 'total'} {self.status}>"


class SubmittedGroup(db.Model):
    """A group (indicator × period × org unit) with values awaiting approval: how many, and when the latest was
    submitted. The approval queue pages through these rows rather than grouping every submitted value.

    Kept by ``monitoring.submitted`` as values are written (``flask monitoring rebuild-queue`` after writes that
    bypass the session). No foreign keys: the rows are derived, and a flush that deletes an indicator with its
    values must not trip over a summary row it is about to remove.
    """

    __tablename__ = "me_submitted_group"
    __table_args__ = (Index("ix_me_submitted_group_order", "submitted_at", "indicator_id", "period", "org_unit_id"),)

    indicator_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value_count: Mapped[int] = mapped_column(Integer, default=0)
    # The latest time one of its values was submitted (or rewritten while submitted) since the group began waiting.
    submitted_at: Mapped[datetime] = mapped_column(DateTime)


class ValidationRule(db.Model):
    """A comparison between two data elements (indicator + component) that every total must satisfy.

    Example: "applications processed ≤ applications received" for the same period and org unit.
    """

    __tablename__ = "me_validation_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("me_document.id"), index=True)
    left_indicator_id: Mapped[int] = mapped_column(ForeignKey("me_indicator.id"))
    left_component: Mapped[str] = mapped_column(String(16), default="value")
    operator: Mapped[str] = mapped_column(String(2))
    right_indicator_id: Mapped[int] = mapped_column(ForeignKey("me_indicator.id"))
    right_component: Mapped[str] = mapped_column(String(16), default="value")
    message: Mapped[str] = mapped_column(String(500), default="")
