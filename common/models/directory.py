"""The staff directory: org units, positions, employees and the competency framework.

Org units keep a materialised path (``/1/5/23/``) so that "this unit and everything under it",
the scope of every role, is one indexed ``LIKE 'prefix%'`` instead of a recursive query.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Computed, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.extensions import db
from common.models.base import localized, utcnow

UNIT_KINDS = ("ministry", "agency", "department", "division", "municipality", "regional_office")
EMPLOYMENT_TYPES = ("professional", "contract", "administrative", "political", "probation")
GENDERS = ("female", "male")
REGIONS = (
    "Tbilisi", "Adjara", "Guria", "Imereti", "Kakheti", "Kvemo Kartli", "Mtskheta-Mtianeti",
    "Racha-Lechkhumi and Kvemo Svaneti", "Samegrelo-Zemo Svaneti", "Samtskhe-Javakheti", "Shida Kartli",
    "Abkhazia",
)


class OrgUnit(db.Model):
    """A unit of the public administration, from a ministry down to a division.

    ``valid_from``/``valid_to`` make a reorganisation a new unit rather than a rewrite: the old
    unit is closed and history that points at it stays true.
    """

    __tablename__ = "org_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_ka: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(64))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    # PostgreSQL also has ``ix_org_unit_path_prefix`` (``varchar_pattern_ops``, migration directory_0002): under a
    # collation other than ``C`` the plain index cannot serve ``LIKE 'prefix%'``.
    path: Mapped[str] = mapped_column(String(512), default="", index=True)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    valid_from: Mapped[date] = mapped_column(Date, default=date(2000, 1, 1))
    valid_to: Mapped[date | None] = mapped_column(Date)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[OrgUnit]] = relationship(back_populates="parent", order_by="OrgUnit.code")

    @property
    def name(self) -> str:
        return localized(self.name_ka, self.name_en)

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def is_within(self, other_path: str) -> bool:
        return self.path.startswith(other_path)

    def __repr__(self) -> str:
        return f"<OrgUnit {self.id} {self.code}>"


class OrgUnitHeadcount(db.Model):
    """Active staff in a unit's whole subtree, kept by ``common.directory.headcounts`` as employees are written.

    Counting a ministry's subtree live reads every employee in it, so the directory's index, unit pages and
    org chart grew with the ministry; one row per unit makes them read a number instead.
    """

    __tablename__ = "org_unit_headcount"

    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"), primary_key=True)
    subtree: Mapped[int] = mapped_column(Integer, default=0)


class Position(db.Model):
    """A post in the civil service: rank I (highest) to IV, and a category."""

    __tablename__ = "position"
    __table_args__ = (CheckConstraint("rank BETWEEN 1 AND 4", name="rank_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title_ka: Mapped[str] = mapped_column(String(255))
    title_en: Mapped[str] = mapped_column(String(255))
    rank: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(64))

    @property
    def title(self) -> str:
        return localized(self.title_ka, self.title_en)

    @property
    def rank_roman(self) -> str:
        return {1: "I", 2: "II", 3: "III", 4: "IV"}.get(self.rank, str(self.rank))

    def __repr__(self) -> str:
        return f"<Position {self.id} {self.code} rank={self.rank}>"


# The fields the staff search looks in, lower-cased, as one text (migration directory_0002 adds it with the same
# expression). Terms are split on whitespace and their wildcards escaped, so none can match across the spaces.
SEARCH_TEXT = ("lower(first_name_en || ' ' || last_name_en || ' ' || first_name_ka || ' ' || last_name_ka"
               " || ' ' || coalesce(email, ''))")


class Employee(db.Model):
    """A civil servant. The 11-digit personal number is the key imports match on."""

    __tablename__ = "employee"
    # The whole sort key of each directory order, so that a page of 25 is read off the index rather than
    # sorted out of every employee in scope. PostgreSQL also has trigram indexes for the name and e-mail
    # fields and for ``search_text``, created by migrations directory_0001 and _0002 only (they need pg_trgm).
    __table_args__ = (
        Index("ix_employee_name_en_order", "last_name_en", "first_name_en", "id"),
        Index("ix_employee_name_ka_order", "last_name_ka", "first_name_ka", "id"),
        Index("ix_employee_hire_date_order", "hire_date", "id"),
        # Headcounts: the people in post per unit, countable from the index alone; on PostgreSQL it also carries
        # what the search tests of each person, so its capped count reads no table rows (migration search_0002).
        Index("ix_employee_active_org_unit_id", "org_unit_id", postgresql_where=text("deleted_at IS NULL"),
              sqlite_where=text("deleted_at IS NULL"), postgresql_include=["search_text", "position_id"]),
        # The search sorted by position reads each post's people in scope in turn (``common.directory.search``).
        Index("ix_employee_active_position_unit", "position_id", "org_unit_id",
              postgresql_where=text("deleted_at IS NULL"), sqlite_where=text("deleted_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    personal_number: Mapped[str] = mapped_column(String(11), unique=True)
    first_name_ka: Mapped[str] = mapped_column(String(100))
    last_name_ka: Mapped[str] = mapped_column(String(100))
    first_name_en: Mapped[str] = mapped_column(String(100))
    last_name_en: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(255), index=True)
    gender: Mapped[str | None] = mapped_column(String(16))
    birth_date: Mapped[date | None] = mapped_column(Date)
    hire_date: Mapped[date | None] = mapped_column(Date)
    leave_date: Mapped[date | None] = mapped_column(Date)
    employment_type: Mapped[str] = mapped_column(String(32), default="professional")
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"), index=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # HR records are never deleted: a leaver keeps their history, marked with this date.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Written by the database (a generated column), so bulk statements and imports keep it too; one trigram
    # index on PostgreSQL. Deferred: only searched, never shown.
    search_text: Mapped[str] = mapped_column(Text, Computed(SEARCH_TEXT), deferred=True)

    org_unit: Mapped[OrgUnit] = relationship()
    position: Mapped[Position | None] = relationship()
    manager: Mapped[Employee | None] = relationship(remote_side=[id])

    @property
    def full_name(self) -> str:
        return localized(f"{self.first_name_ka} {self.last_name_ka}", f"{self.first_name_en} {self.last_name_en}")

    def __repr__(self) -> str:
        return f"<Employee {self.id} {self.personal_number}>"


class Competency(db.Model):
    """One competency of the shared framework, used by appraisal criteria and by courses."""

    __tablename__ = "competency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_ka: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    description_ka: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)

    @property
    def name(self) -> str:
        return localized(self.name_ka, self.name_en)

    def __repr__(self) -> str:
        return f"<Competency {self.code}>"
