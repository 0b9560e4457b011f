"""Reads of the e-learning module, already limited to what the user may see.

Each list runs a fixed number of statements whatever the number of courses and enrolments (rows, a
count, and one grouped query per extra column), so the catalogue, my courses and the compliance page
cost the same for a pilot and for the whole civil service. ``status_expression`` is the SQL twin of
``Enrolment.status``: a number on the compliance page and a learner's own page cannot disagree.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, case, func, literal, or_, select
from sqlalchemy.orm import joinedload, selectinload

from common.cache import scope_key
from common.extensions import db
from common.models import Competency, Employee, OrgUnit
from common.models.base import localized
from common.permissions import unit_scope
from common.reads import shows
from learning.counts_cache import cached
from learning.models import (
    EXPIRING_DAYS,
    Attempt,
    Certificate,
    Course,
    Enrolment,
    Lesson,
    LessonProgress,
    Section,
    status_of,
)

STATUSES = ("assigned", "in_progress", "overdue", "completed", "expiring", "expired", "failed", "exempt",
            "requested", "rejected")


def status_expression(today: date) -> ColumnElement[str]:
    return status_case(today, today + timedelta(days=EXPIRING_DAYS))


def status_case(today: Any, soon: Any) -> ColumnElement[str]:
    """``status_expression`` for ``today`` and the last day counted as expiring (``soon``): dates, or bind
    parameters in a statement built once (``learner_list``)."""
    completed = Enrolment.state == "completed"
    return case(
        (Enrolment.state.in_(("exempt", "requested", "rejected", "failed")), Enrolment.state),
        (and_(completed, Enrolment.expires_on < today), literal("expired")),
        (and_(completed, Enrolment.expires_on <= soon), literal("expiring")),
        (completed, literal("completed")),
        (Enrolment.due_date < today, literal("overdue")),
        else_=Enrolment.state,
    )


# --- The catalogue ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Option:
    """A value of a filter and its label in the reader's language."""

    id: int
    name: str


def competency_options() -> list[Option]:
    """The catalogue's competency filter: id and name of every competency, read as columns in code order."""
    rows = db.session.execute(_competency_statement())
    return [Option(competency_id, localized(ka, en)) for competency_id, ka, en in rows]


@functools.cache
def _competency_statement() -> Select[Any]:
    return select(Competency.id, Competency.name_ka, Competency.name_en).order_by(Competency.code)


def current_enrolments(employee_id: int | None, course_ids: list[int]) -> dict[int, Enrolment]:
    if not employee_id or not course_ids:
        return {}
    rows = db.session.execute(select(Enrolment).where(Enrolment.employee_id == employee_id,
                                                      Enrolment.is_current.is_(True),
                                                      Enrolment.course_id.in_(course_ids))).scalars()
    return {e.course_id: e for e in rows}


def course_outline(course_id: int) -> Course | None:
    """A course with its sections, lessons and competencies, in three statements."""
    return db.session.execute(select(Course).where(Course.id == course_id).options(
        selectinload(Course.sections).selectinload(Section.lessons), selectinload(Course.competencies),
        joinedload(Course.provider_unit))).scalar_one_or_none()


def done_lessons(enrolment: Enrolment | None) -> set[int]:
    if enrolment is None:
        return set()
    return set(db.session.execute(select(LessonProgress.lesson_id).where(
        LessonProgress.enrolment_id == enrolment.id)).scalars())


def attempts(enrolment: Enrolment, lesson: Lesson) -> list[Attempt]:
    return list(db.session.execute(select(Attempt).where(Attempt.enrolment_id == enrolment.id,
                                                         Attempt.lesson_id == lesson.id).order_by(Attempt.number)
                                   ).scalars())


# --- The learner's own pages ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MyCourse:
    """A current enrolment as the learner's own list shows it: columns, not the ``Enrolment`` and its ``Course``."""

    id: int
    course_id: int
    title_ka: str
    title_en: str
    source: str
    state: str
    status: str
    due_date: date | None
    expires_on: date | None
    exemption_state: str | None
    done: int  # required lessons done
    required: int  # required lessons of the course

    @property
    def title(self) -> str:
        return localized(self.title_ka, self.title_en)


def my_courses(employee_id: int, today: date) -> list[MyCourse]:
    """Current enrolments with progress (required lessons done of required), soonest due first: one statement."""
    rows = db.session.execute(_my_courses_statement(), {"employee_id": employee_id})
    return [MyCourse(row.id, row.course_id, row.title_ka, row.title_en, row.source, row.state,
                     status_of(row.state, row.due_date, row.expires_on, today), row.due_date, row.expires_on,
                     row.exemption_state, row.done, row.required) for row in rows]


@functools.cache
def _my_courses_statement() -> Select[Any]:
    """Built once per process; the two counts are correlated subqueries over a learner's few enrolments."""
    e, lesson = Enrolment, Lesson
    required = (select(func.count(lesson.id)).where(lesson.course_id == e.course_id, lesson.required.is_(True))
                .scalar_subquery())
    done = (select(func.count(LessonProgress.id)).join(lesson, LessonProgress.lesson_id == lesson.id)
            .where(LessonProgress.enrolment_id == e.id, lesson.required.is_(True)).scalar_subquery())
    return (select(e.id, e.course_id, Course.title_ka, Course.title_en, e.source, e.state, e.due_date, e.expires_on,
                   e.exemption_state, done.label("done"), required.label("required"))
            .join(Course, e.course_id == Course.id)
            .where(e.employee_id == bindparam("employee_id"), e.is_current.is_(True), e.state != "rejected")
            .order_by(e.due_date.is_(None), e.due_date, e.enrolled_at.desc(), e.id))


def my_certificates(employee_id: int) -> list[Certificate]:
    return list(db.session.execute(select(Certificate).where(Certificate.employee_id == employee_id)
                                   .order_by(Certificate.issued_on.desc(), Certificate.id.desc())).scalars())


def transcript(employee_id: int) -> list[Enrolment]:
    """Every completion, earlier cycles included, with its certificate: the learning history."""
    return list(db.session.execute(
        select(Enrolment).where(Enrolment.employee_id == employee_id, Enrolment.state.in_(("completed", "exempt")))
        .options(joinedload(Enrolment.course), joinedload(Enrolment.certificate))
        .order_by(Enrolment.completed_at.desc(), Enrolment.id.desc())).unique().scalars())


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this public code. Whoever checks it sees the holder's name: logged as a read (with the
    address only, for an anonymous check)."""
    code = "".join(ch for ch in code.upper() if ch.isalnum())[:32]
    certificate = db.session.execute(select(Certificate).where(Certificate.code == code)).scalar_one_or_none()
    if certificate is not None:
        shows(certificate.employee_id, about=certificate)
    return certificate


# --- Administration -----------------------------------------------------------------------------------------------

@dataclass
class CourseTitle:
    id: int
    title: str


def published_course_titles() -> list[CourseTitle]:
    """Id and title of every published course, for a filter's options: columns, not 300 mapped courses."""
    rows = db.session.execute(select(Course.id, Course.title_ka, Course.title_en).where(Course.published.is_(True))
                              .order_by(Course.code))
    return [CourseTitle(course_id, localized(ka, en)) for course_id, ka, en in rows]


def editable_courses(user: Any) -> list[Course]:
    return list(db.session.execute(
        select(Course).outerjoin(OrgUnit, Course.provider_unit_id == OrgUnit.id)
        .where(unit_scope(user, "learning.admin")).options(joinedload(Course.provider_unit))
        .order_by(Course.code)).scalars())


@dataclass
class LearnerFilter:
    unit_id: int | None = None
    course_id: int | None = None
    status: str = ""
    page: int = 1


def learners_stmt(user: Any, filters: LearnerFilter, today: date, unit: OrgUnit | None) -> Any:
    stmt = (select(Enrolment).join(Employee, Enrolment.employee_id == Employee.id)
            .join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .where(Enrolment.is_current.is_(True), Employee.deleted_at.is_(None),
                   unit_scope(user, "learning.learners")))
    if unit is not None:
        stmt = stmt.where(OrgUnit.path.startswith(unit.path, autoescape=True))
    if filters.course_id:
        stmt = stmt.where(Enrolment.course_id == filters.course_id)
    return stmt


def overdue_enrolments(user: Any, unit: OrgUnit | None, course_id: int | None, today: date) -> list[Enrolment]:
    """The overdue mandatory and assigned enrolments of the learners in the user's scope (under ``unit``)."""
    stmt = learners_stmt(user, LearnerFilter(course_id=course_id), today, unit)
    stmt = stmt.where(Enrolment.source.in_(("rule", "assigned")), status_expression(today) == "overdue")
    return list(db.session.execute(stmt.options(joinedload(Enrolment.course))).unique().scalars())


def compliance_summary(counts: dict[str, int]) -> dict[str, int | None]:
    """Assigned (every mandatory enrolment), completed (a valid completion), overdue, exempt and the percentage
    compliant: completed or exempt out of assigned (``None`` when nobody is assigned, shown as "no one")."""
    assigned = sum(counts.values())
    completed = counts.get("completed", 0) + counts.get("expiring", 0)
    compliant = completed + counts.get("exempt", 0)
    return {"assigned": assigned, "completed": completed, "overdue": counts.get("overdue", 0),
            "expired": counts.get("expired", 0), "exempt": counts.get("exempt", 0),
            "percent": round(100 * compliant / assigned) if assigned else None}


def status_counts(stmt: Any, today: date) -> dict[str, int]:
    status = status_expression(today)
    grouped = stmt.with_only_columns(status.label("status"), func.count(Enrolment.id)).group_by(status)
    return dict(db.session.execute(grouped).tuples().all())


def units_in_scope(user: Any, parent: OrgUnit | None) -> list[OrgUnit]:
    """The units to drill into: children of ``parent``, or the top units of the user's scope."""
    stmt = select(OrgUnit).where(OrgUnit.valid_to.is_(None), unit_scope(user, "learning.learners"))
    if parent is not None:
        stmt = stmt.where(OrgUnit.parent_id == parent.id)
    else:
        scoped = stmt.subquery()
        stmt = stmt.where(OrgUnit.depth == select(func.min(scoped.c.depth)).scalar_subquery())
    return list(db.session.execute(stmt.order_by(OrgUnit.code)).scalars())


def status_by_unit(user: Any, units: list[OrgUnit], course_id: int | None, today: date) -> dict[int, dict[str, int]]:
    """For each unit, the mandatory enrolments in its subtree per status.

    One grouped query by the learners' own unit, added up here into each unit whose path starts the
    learner's unit path: joining every enrolment to every ancestor on ``path LIKE`` was most of the
    compliance page's time. Cached per scope, units, course and day (``learning.counts_cache``)."""
    if not units:
        return {}
    key = (f"by_unit:{scope_key(user, 'learning.learners')}:{','.join(str(u.id) for u in units)}:"
           f"{course_id or 0}:{today.isoformat()}")
    stored = cached(key, lambda: count_by_unit(user, units, course_id, today))
    return {u.id: stored.get(str(u.id), {}) for u in units}


def count_by_unit(user: Any, units: list[Any], course_id: int | None, today: date) -> dict[str, dict[str, int]]:
    """``status_by_unit`` uncached, by unit id as text (``units``: anything with ``id`` and ``path``)."""
    status = status_expression(today)
    stmt = (select(OrgUnit.path, status, func.count(Enrolment.id))
            .select_from(Enrolment).join(Employee, Enrolment.employee_id == Employee.id)
            .join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .where(or_(*(OrgUnit.path.startswith(u.path, autoescape=True) for u in units)),
                   Enrolment.is_current.is_(True), Enrolment.source.in_(("rule", "assigned")),
                   Employee.deleted_at.is_(None), unit_scope(user, "learning.learners"))
            .group_by(OrgUnit.path, status))
    if course_id:
        stmt = stmt.where(Enrolment.course_id == course_id)
    result: dict[str, dict[str, int]] = {str(u.id): {} for u in units}
    for path, name, count in db.session.execute(stmt):
        for unit in units:
            if path.startswith(unit.path):
                into = result[str(unit.id)]
                into[name] = into.get(name, 0) + count
    return result


def status_by_course(user: Any, unit: OrgUnit, today: date) -> list[tuple[Course, dict[str, int]]]:
    """Current enrolments of the learners in ``unit``'s subtree (and the user's scope) per course and status, for
    the learning dashboard: two statements, however many courses and enrolments, the first one cached per scope,
    unit and day (``learning.counts_cache``)."""
    key = f"by_course:{scope_key(user, 'learning.learners')}:{unit.id}:{today.isoformat()}"
    counts = {int(k): v for k, v in cached(key, lambda: _status_by_course(user, unit, today)).items()}
    courses = db.session.execute(select(Course).where(Course.id.in_(list(counts)))).scalars() if counts else []
    return sorted(((c, counts[c.id]) for c in courses), key=lambda item: (-sum(item[1].values()), item[0].code))


def _status_by_course(user: Any, unit: OrgUnit, today: date) -> dict[str, dict[str, int]]:
    status = status_expression(today)
    stmt = (select(Enrolment.course_id, status, func.count(Enrolment.id))
            .join(Employee, Enrolment.employee_id == Employee.id).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .where(Enrolment.is_current.is_(True), Employee.deleted_at.is_(None),
                   OrgUnit.path.startswith(unit.path, autoescape=True), unit_scope(user, "learning.learners"))
            .group_by(Enrolment.course_id, status))
    counts: dict[str, dict[str, int]] = {}
    for course_id, name, count in db.session.execute(stmt):
        counts.setdefault(str(course_id), {})[name] = count
    return counts


def courses_due_statement(employee_id: Any, fixed: Callable[[str], Any]) -> Select[Any]:
    """Current enrolments of ``employee_id`` (a value or an SQL expression) still to complete that have a due date,
    soonest first: the courses due on the home page's to-do list (``hrms.todo``, which reads them in its one
    statement, its constants written in by ``fixed``). Columns only: no progress counts and no ORM enrolments
    (``my_courses`` costs three statements)."""
    return (select(Enrolment.course_id, Course.title_ka, Course.title_en, Enrolment.due_date)
            .join(Course, Enrolment.course_id == Course.id)
            .where(Enrolment.employee_id == employee_id, Enrolment.is_current.is_(True),
                   Enrolment.state.in_([fixed("assigned"), fixed("in_progress")]), Enrolment.due_date.is_not(None))
            .order_by(Enrolment.due_date, Enrolment.enrolled_at.desc()))
