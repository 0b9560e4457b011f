"""The list of learners on the compliance page and a course's enrolments page, one page at a time, read as columns.

A page shows 25 enrolments with the person, their unit, the course and the certificate: loading them as
``Enrolment`` entities with four joined relationships, and building that query afresh at every request (the
reader's scope, the filters), was a third of the compliance page's CPU. Here the page is one statement of the
columns the table shows, built once per shape (how many scope paths, which filters are set) and run with bind
parameters. The count per status, which is also the page's total, is kept in the learning cache
(``counts_cache``), as before, so no count is run either.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, Integer, Select, String, bindparam, false, or_, select, true

from common.cache import scope_key
from common.extensions import db
from common.models import Employee, OrgUnit
from common.models.base import pick, reads_english
from common.pagination import ListPage, page_number
from common.permissions import scope_paths
from common.reads import shows
from learning import queries as q
from learning.counts_cache import cached
from learning.models import EXPIRING_DAYS, Certificate, Course, Enrolment, status_of

CAPABILITY = "learning.learners"
MANDATORY = ("rule", "assigned")


@dataclass(frozen=True)
class LearnerRow:
    """One enrolment as the learners' table shows it (``_learners_table.html``, ``_enrolment_actions.html``), its
    names already in the reader's language (picked once per page, not by a property at every look)."""

    id: int
    employee_id: int
    full_name: str
    personal_number: str
    unit_name: str
    course_title: str
    source: str
    state: str
    status: str
    due_date: date | None
    expires_on: date | None
    exemption_state: str | None
    exemption_reason: str | None
    certificate_id: int | None
    certificate_revoked_at: datetime | None


@dataclass(frozen=True)
class LearnerPage:
    """The page's rows and the pager's figures (``ListPage``)."""

    page: ListPage
    items: list[LearnerRow]

    def __iter__(self) -> Any:
        return iter(self.items)


def learners(user: Any, filters: q.LearnerFilter, page_size: int, today: date, unit: OrgUnit | None,
             *, mandatory_only: bool, counts: dict[str, int] | None = None) -> tuple[LearnerPage, dict[str, int]]:
    """Enrolments of the learners in the user's scope (under ``unit``): one page, and the count per status.

    The page's total is the count of its status (or of all statuses): the same rows counted once, and kept in the
    learning cache with them (``counts``: that count already read, as ``compliance.compliance_figures`` does).
    A page past the last one is empty, as it always was."""
    if counts is None:
        key = (f"status:{scope_key(user, CAPABILITY)}:{unit.id if unit else 0}:{filters.course_id or 0}:"
               f"{int(mandatory_only)}:{today.isoformat()}")
        counts = cached(key, lambda: status_counts(user, filters.course_id, today, unit, mandatory_only))
    status = filters.status if filters.status in q.STATUSES else ""
    total = counts.get(status, 0) if status else sum(counts.values())
    number = page_number(filters.page)
    paths = scope_paths(user, CAPABILITY)
    values: dict[str, Any] = {"today": today, "soon": today + timedelta(days=EXPIRING_DAYS), "status": status,
                              "unit_path": _like(unit.path) if unit is not None else "", "course": filters.course_id,
                              "offset": (number - 1) * page_size, "size": page_size}
    values.update({f"p{n}": _like(path) for n, path in enumerate(paths or ())})
    shape = (None if paths is None else len(paths), unit is not None, bool(filters.course_id), bool(status),
             mandatory_only)
    rows = db.session.execute(_page_statement(*shape), values).all() if total else []
    english = reads_english()
    items = [LearnerRow(r[0], r[1], pick(f"{r[2]} {r[3]}", f"{r[4]} {r[5]}", english), r[6], pick(r[7], r[8], english),
                        pick(r[9], r[10], english), r[11], r[12], status_of(r.state, r.due_date, r.expires_on, today),
                        *r[13:]) for r in rows]
    shows(row.employee_id for row in items)
    return LearnerPage(ListPage(number, page_size, total), items), counts


def status_counts(user: Any, course_id: int | None, today: date, unit: OrgUnit | None,
                  mandatory_only: bool) -> dict[str, int]:
    """The list's enrolments per status, uncached."""
    stmt = q.learners_stmt(user, q.LearnerFilter(course_id=course_id), today, unit)
    if mandatory_only:
        stmt = stmt.where(Enrolment.source.in_(MANDATORY))
    return q.status_counts(stmt, today)


def _like(path: str) -> str:
    """``path`` as the start of a ``LIKE`` pattern (``startswith(..., autoescape=True)``)."""
    return path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@functools.cache
def _page_statement(scopes: int | None, in_unit: bool, of_course: bool, of_status: bool,
                    mandatory_only: bool) -> Select:
    """Built once per shape: ``scopes`` scope paths (``None``: every unit) as parameters ``p0``…, and which filters
    are set (``unit_path``, ``course``, ``status``)."""
    e, person, unit = Enrolment, Employee, OrgUnit
    in_scope = true() if scopes is None else or_(false(), *(unit.path.like(bindparam(f"p{n}", type_=String),
                                                                            escape="\\") for n in range(scopes)))
    stmt = (select(e.id, e.employee_id, person.first_name_ka, person.last_name_ka, person.first_name_en,
                   person.last_name_en, person.personal_number, unit.name_ka, unit.name_en, Course.title_ka,
                   Course.title_en, e.source, e.state, e.due_date, e.expires_on, e.exemption_state, e.exemption_reason,
                   Certificate.id.label("certificate_id"), Certificate.revoked_at)
            .join(person, e.employee_id == person.id).join(unit, person.org_unit_id == unit.id)
            .join(Course, e.course_id == Course.id).outerjoin(Certificate, Certificate.enrolment_id == e.id)
            .where(e.is_current.is_(True), person.deleted_at.is_(None), in_scope))
    if in_unit:
        stmt = stmt.where(unit.path.like(bindparam("unit_path", type_=String), escape="\\"))
    if of_course:
        stmt = stmt.where(e.course_id == bindparam("course", type_=Integer))
    if mandatory_only:
        stmt = stmt.where(e.source.in_(MANDATORY))
    if of_status:
        status = q.status_case(bindparam("today", type_=Date), bindparam("soon", type_=Date))
        stmt = stmt.where(status == bindparam("status", type_=String))
    return (stmt.order_by(person.last_name_en, person.first_name_en, e.id)
            .offset(bindparam("offset", type_=Integer)).limit(bindparam("size", type_=Integer)))
