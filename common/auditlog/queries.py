"""Reads of the audit log for the auditor's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, or_, select

from common.extensions import db
from common.models import AuditEvent, AuditSubject, Employee
from common.pagination import Page, paginate
from common.reads import shows

SHOWN_SUBJECTS = 5  # per entry on the auditor's page; an export's full list is in the entry itself


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


def _stmt(f: AuditFilter) -> Select:
    stmt = select(AuditEvent)
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


def audit_events(f: AuditFilter, page_size: int) -> Page:
    return paginate(_stmt(f), f.page, page_size)


def subjects_of(events: list[AuditEvent]) -> dict[int, Employee]:
    """The people the listed entries concern (the first ``SHOWN_SUBJECTS`` of each, as the page shows), by id, in
    one statement. The auditor reading them is itself a read of personal data, logged like any other."""
    ids = {i for e in events for i in (e.subject_ids or [])[:SHOWN_SUBJECTS]} | {e.subject_employee_id for e in events}
    ids.discard(None)
    people = {p.id: p for p in db.session.execute(select(Employee).where(Employee.id.in_(ids))).scalars()} if ids \
        else {}
    shows(people.values())
    return people


def known_actions() -> list[str]:
    return list(db.session.execute(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).scalars())
