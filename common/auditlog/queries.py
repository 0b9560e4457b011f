"""Reads of the audit log for the auditor's page.

The log only grows, and a read entry may name thousands of people (a ministry's staff export), so nothing here
reads in proportion to it: a page's entries come as plain rows without their lists of people, the people shown
(the first ``SHOWN_SUBJECTS`` of each entry) come from the ``audit_subject`` index, "and N more" from the stored
``subject_count``, the total is counted up to a cap, and the filter's actions are found by walking an index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, Subquery, func, null, or_, select, text, true, union_all

from common.extensions import db
from common.models import AuditEvent, AuditSubject, Employee
from common.models.base import localized
from common.pagination import Page, paginate_capped_rows
from common.reads import shows

SHOWN_SUBJECTS = 5  # per entry on the auditor's page; an export's full list is in the entry itself

# What a page lists of each entry: everything but the lists of people (``subject_ids``, ``reader_roles``) and the
# chain's hashes, which only ``flask audit verify`` needs.
LISTED = (AuditEvent.id, AuditEvent.created_at, AuditEvent.kind, AuditEvent.actor_email, AuditEvent.ip,
          AuditEvent.action, AuditEvent.object_type, AuditEvent.object_id, AuditEvent.subject_employee_id,
          AuditEvent.summary, AuditEvent.changes, AuditEvent.subject_count)


@dataclass
class AuditFilter:
    person: str = ""        # actor e-mail, or the personal number of the person concerned
    looked_at: str = ""     # personal number: the reads that showed this person (pages, exports, reports)
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1


@dataclass(frozen=True)
class Subject:
    """One person an entry names, as the page shows them."""

    personal_number: str
    name: str


def _stmt(f: AuditFilter) -> Select:
    stmt = select(*LISTED)
    if f.person:
        subject = select(Employee.id).where(Employee.personal_number == f.person).scalar_subquery()
        shown = select(AuditSubject.event_id).where(AuditSubject.employee_id == subject)
        stmt = stmt.where(or_(AuditEvent.actor_email == f.person.lower(), AuditEvent.subject_employee_id == subject,
                              AuditEvent.id.in_(shown)))
    if f.looked_at:
        subject = select(Employee.id).where(Employee.personal_number == f.looked_at).scalar_subquery()
        stmt = stmt.where(AuditEvent.kind == "read", AuditEvent.id.in_(
            select(AuditSubject.event_id).where(AuditSubject.employee_id == subject)))
    if f.object_type:
        stmt = stmt.where(AuditEvent.object_type == f.object_type)
    if f.object_id:
        stmt = stmt.where(AuditEvent.object_id == f.object_id)
    if f.action:
        stmt = stmt.where(AuditEvent.action == f.action)
    if f.kind:
        stmt = stmt.where(AuditEvent.kind == f.kind)
    if f.date_from:
        stmt = stmt.where(AuditEvent.created_at >= datetime.combine(f.date_from, time.min))
    if f.date_to:
        stmt = stmt.where(AuditEvent.created_at < datetime.combine(f.date_to + timedelta(days=1), time.min))
    return stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def audit_events(f: AuditFilter, page_size: int, count_cap: int) -> Page:
    """One page of the entries matching ``f``, newest first, as rows (``LISTED``); the total is exact up to
    ``count_cap``, above it the page says "more than"."""
    return paginate_capped_rows(_stmt(f), f.page, page_size, count_cap)


def people_named(count: int | None, subject_employee_id: int | None) -> int:
    """How many people an entry names: its stored count, or, for an entry without a list, the one person it
    concerns."""
    if count is not None:
        return count
    return 1 if subject_employee_id is not None else 0


def _first_subjects(event_ids: list[int]) -> Subquery:
    """(event_id, employee_id) of the first ``SHOWN_SUBJECTS`` people (by id, the order of ``subject_ids``) each of
    these entries names, read from the index: a handful of rows per entry, however many it names."""
    if db.session.get_bind().dialect.name == "postgresql":
        firsts = (select(AuditSubject.employee_id).where(AuditSubject.event_id == AuditEvent.id)
                  .order_by(AuditSubject.employee_id).limit(SHOWN_SUBJECTS).lateral())
        return (select(AuditEvent.id.label("event_id"), firsts.c.employee_id).join(firsts, true())
                .where(AuditEvent.id.in_(event_ids)).subquery())
    # SQLite has no LATERAL: number each entry's people and keep the first ones (small databases only).
    numbered = select(AuditSubject.event_id, AuditSubject.employee_id, func.row_number().over(
        partition_by=AuditSubject.event_id, order_by=AuditSubject.employee_id).label("n")) \
        .where(AuditSubject.event_id.in_(event_ids)).subquery()
    return select(numbered.c.event_id, numbered.c.employee_id).where(numbered.c.n <= SHOWN_SUBJECTS).subquery()


def subjects_of(rows: list[Any]) -> dict[int, list[Subject]]:
    """Entry id -> the people the page shows for it (the first ``SHOWN_SUBJECTS`` it names, or the one person an
    entry without a list concerns), in one statement. The auditor reading them is itself a read of personal data,
    logged like any other."""
    listed = [row.id for row in rows if row.subject_count]
    single = {row.id: row.subject_employee_id for row in rows
              if row.subject_count is None and row.subject_employee_id is not None}
    parts = []
    if listed:
        firsts = _first_subjects(listed)
        parts.append(select(firsts.c.event_id, firsts.c.employee_id))
    if single:
        parts.append(select(null().label("event_id"), Employee.id.label("employee_id"))
                     .where(Employee.id.in_(set(single.values()))))
    if not parts:
        return {}
    pairs = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    found = db.session.execute(
        select(pairs.c.event_id, Employee.id, Employee.personal_number, Employee.first_name_ka, Employee.last_name_ka,
               Employee.first_name_en, Employee.last_name_en)
        .join(Employee, Employee.id == pairs.c.employee_id).order_by(pairs.c.event_id, Employee.id)).all()
    english = localized("ka", "en") == "en"  # the reader's language, looked up once rather than per person
    people: dict[int, Subject] = {}
    subjects: dict[int, list[Subject]] = {}
    for event_id, person, number, first_ka, last_ka, first_en, last_en in found:
        subject = people.get(person)
        if subject is None:  # as ``Employee.full_name`` names them
            subject = people[person] = Subject(number, f"{first_en} {last_en}" if english else f"{first_ka} {last_ka}")
        if event_id is not None:
            subjects.setdefault(event_id, []).append(subject)
    for event_id, person in single.items():
        if person in people:
            subjects[event_id] = [people[person]]
    shows(list(people))
    return subjects


# The distinct actions, one index probe each (``ix_audit_event_action``): a loose index scan, which PostgreSQL
# does not plan by itself; a plain DISTINCT would read the whole log.
_ACTIONS = text("""
    WITH RECURSIVE actions(action) AS (
        SELECT min(action) FROM audit_event
        UNION ALL
        SELECT (SELECT min(action) FROM audit_event WHERE action > actions.action) FROM actions
        WHERE actions.action IS NOT NULL
    )
    SELECT action FROM actions WHERE action IS NOT NULL
""")


def known_actions() -> list[str]:
    """Every action the log holds (the filter's choices)."""
    return sorted(db.session.execute(_ACTIONS).scalars())

