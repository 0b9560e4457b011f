"""Reads of the audit log for the auditor's page.

The log only grows, and a read entry may name thousands of people (a ministry's staff export), so nothing here
reads in proportion to it: a page's entries come as plain rows without their lists of people, the people shown
(the first ``SHOWN_SUBJECTS`` of each entry) come from the ``audit_subject`` index, "and N more" from the stored
``subject_count``, the total is counted up to a cap in the page's own statement, and the filter's actions are kept
per process (``common.audit_actions``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, NamedTuple
from urllib.parse import quote

from sqlalchemy import Select, bindparam, or_, select, text

from common.audit_actions import known_actions  # noqa: F401 - the filter's choices, kept per process
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


class Subject(NamedTuple):
    """One person an entry names, as the page shows them (a tuple: the page unpacks a few hundred of them)."""

    personal_number: str
    name: str
    quoted: str  # the personal number as it goes into a link's query string


@cache
def _statement(person: bool, looked_at: bool, object_type: bool, object_id: bool, action: bool, kind: bool,
               date_from: bool, date_to: bool) -> Select:
    """The entries matching the filters that are set (their values are parameters, see ``_parameters``), newest
    first: one statement per combination of filters, built once, so a page does not rebuild it."""
    stmt = select(*LISTED)
    if person:
        subject = select(Employee.id).where(Employee.personal_number == bindparam("person")).scalar_subquery()
        shown = select(AuditSubject.event_id).where(AuditSubject.employee_id == subject)
        stmt = stmt.where(or_(AuditEvent.actor_email == bindparam("person_email"),
                              AuditEvent.subject_employee_id == subject, AuditEvent.id.in_(shown)))
    if looked_at:
        subject = select(Employee.id).where(Employee.personal_number == bindparam("looked_at")).scalar_subquery()
        stmt = stmt.where(AuditEvent.kind == "read", AuditEvent.id.in_(
            select(AuditSubject.event_id).where(AuditSubject.employee_id == subject)))
    if object_type:
        stmt = stmt.where(AuditEvent.object_type == bindparam("object_type"))
    if object_id:
        stmt = stmt.where(AuditEvent.object_id == bindparam("object_id"))
    if action:
        stmt = stmt.where(AuditEvent.action == bindparam("action"))
    if kind:
        stmt = stmt.where(AuditEvent.kind == bindparam("kind"))
    if date_from:
        stmt = stmt.where(AuditEvent.created_at >= bindparam("date_from"))
    if date_to:
        stmt = stmt.where(AuditEvent.created_at < bindparam("date_to"))
    return stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def _parameters(f: AuditFilter) -> dict[str, Any]:
    """The values of the filters that are set, as ``_statement`` names them."""
    values: dict[str, Any] = {"looked_at": f.looked_at, "object_type": f.object_type, "object_id": f.object_id,
                              "action": f.action, "kind": f.kind}
    if f.person:
        values |= {"person": f.person, "person_email": f.person.lower()}
    if f.date_from:
        values["date_from"] = datetime.combine(f.date_from, time.min)
    if f.date_to:
        values["date_to"] = datetime.combine(f.date_to + timedelta(days=1), time.min)
    return {name: value for name, value in values.items() if value}


def _stmt(f: AuditFilter) -> tuple[Select, dict[str, Any]]:
    stmt = _statement(bool(f.person), bool(f.looked_at), bool(f.object_type), bool(f.object_id), bool(f.action),
                      bool(f.kind), f.date_from is not None, f.date_to is not None)
    return stmt, _parameters(f)


def audit_events(f: AuditFilter, page_size: int, count_cap: int) -> Page:
    """One page of the entries matching ``f``, newest first, as rows (``LISTED``); the total is exact up to
    ``count_cap``, above it the page says "more than"."""
    stmt, params = _stmt(f)
    return paginate_capped_rows(stmt, f.page, page_size, count_cap, params)


def people_named(count: int | None, subject_employee_id: int | None) -> int:
    """How many people an entry names: its stored count, or, for an entry without a list, the one person it
    concerns."""
    if count is not None:
        return count
    return 1 if subject_employee_id is not None else 0


_PERSON = "p.id, p.personal_number, p.first_name_ka, p.last_name_ka, p.first_name_en, p.last_name_en"
# The first ``:shown`` people (by id, the order of ``subject_ids``) of each listed entry, read from the index: a
# handful of rows per entry however many it names; then the people of entries without a list (``:single``). Fixed
# statements with the ids as one array parameter, so nothing is rebuilt or re-rendered per page.
_SUBJECTS = {
    "postgresql": text(f"""
        SELECT s.event_id, {_PERSON}
        FROM unnest(CAST(:listed AS integer[])) AS e(id)
        CROSS JOIN LATERAL (SELECT event_id, employee_id FROM audit_subject WHERE event_id = e.id
                            ORDER BY employee_id LIMIT :shown) AS s
        JOIN employee p ON p.id = s.employee_id
        UNION ALL
        SELECT NULL, {_PERSON} FROM employee p WHERE p.id = ANY(CAST(:single AS integer[]))
        ORDER BY 1, 2
    """),
    # SQLite has no LATERAL nor arrays: number each listed entry's people, ids passed as JSON (small databases).
    "sqlite": text(f"""
        SELECT s.event_id, {_PERSON}
        FROM (SELECT event_id, employee_id, row_number() OVER (PARTITION BY event_id ORDER BY employee_id) AS n
              FROM audit_subject WHERE event_id IN (SELECT value FROM json_each(:listed))) AS s
        JOIN employee p ON p.id = s.employee_id
        WHERE s.n <= :shown
        UNION ALL
        SELECT NULL, {_PERSON} FROM employee p WHERE p.id IN (SELECT value FROM json_each(:single))
        ORDER BY 1, 2
    """),
}


def subjects_of(rows: list[Any]) -> dict[int, list[Subject]]:
    """Entry id -> the people the page shows for it (the first ``SHOWN_SUBJECTS`` it names, or the one person an
    entry without a list concerns), in one statement. The auditor reading them is itself a read of personal data,
    logged like any other."""
    listed = [row.id for row in rows if row.subject_count]
    single = {row.id: row.subject_employee_id for row in rows
              if row.subject_count is None and row.subject_employee_id is not None}
    if not listed and not single:
        return {}
    singles = sorted(set(single.values()))
    if db.session.get_bind().dialect.name == "postgresql":
        statement, params = _SUBJECTS["postgresql"], {"listed": listed, "single": singles}
    else:
        statement, params = _SUBJECTS["sqlite"], {"listed": json.dumps(listed), "single": json.dumps(singles)}
    # On the session's connection: the ORM's layer around a fixed text statement cost more than running it (nothing
    # is pending on the auditor's page, a GET).
    found = db.session.connection().execute(statement, params | {"shown": SHOWN_SUBJECTS}).all()
    english = localized("ka", "en") == "en"  # the reader's language, looked up once rather than per person
    people: dict[int, Subject] = {}
    subjects: dict[int, list[Subject]] = {}
    for event_id, person, number, first_ka, last_ka, first_en, last_en in found:
        subject = people.get(person)
        if subject is None:  # as ``Employee.full_name`` names them
            name = f"{first_en} {last_en}" if english else f"{first_ka} {last_ka}"
            subject = people[person] = Subject(number, name, quote(number, safe=""))
        if event_id is not None:
            subjects.setdefault(event_id, []).append(subject)
    for event_id, person in single.items():
        if person in people:
            subjects[event_id] = [people[person]]
    shows(list(people))
    return subjects
