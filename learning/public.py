"""What learning offers other modules beyond ``learning.operations`` and ``learning.queries``.

Professional development (in ``hrms``) reads the catalogue through these functions and starts the
assignments of its basic programmes with ``sync_rules_now``; it imports nothing else from
learning. Each function runs a fixed number of statements and returns learning's own objects (read
duck-typed by the caller) or plain values.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import joinedload

from common.extensions import db
from common.models import Employee, OrgUnit
from common.pagination import Page, paginate
from common.reads import shows
from learning.dates import today as today_
from learning.models import Course, Enrolment, course_competency
from learning.operations.rules import sync_rules_now as sync_rules_now  # re-exported: hrms' basic programmes
from learning.queries import status_expression

LEVEL_ORDER = case({"basic": 0, "intermediate": 1, "advanced": 2}, value=Course.level, else_=3)
FINISHED = ("completed", "exempt")


def covered_now(rule_ids: list[int]) -> int:
    """How many people the given rules cover today (each counted once): after ``sync_rules_now`` every one of
    them holds the course, newly assigned or already (under another rule, enrolled themselves, completed)."""
    from learning.models import Rule
    from learning.operations.rules import covered_employees

    day = today_()
    rules = db.session.execute(select(Rule).where(Rule.id.in_(rule_ids or [0]), Rule.active.is_(True),
                                                  Rule.starts_on <= day)).scalars()
    return len({employee_id for rule in rules for employee_id, _hired in covered_employees(rule, day)})


def published_courses() -> list[Course]:
    return list(db.session.execute(select(Course).where(Course.published.is_(True)).order_by(Course.code)).scalars())


def published_course(course_id: int | None) -> Course | None:
    if not course_id:
        return None
    return db.session.execute(select(Course).where(Course.id == course_id, Course.published.is_(True))
                              ).scalar_one_or_none()


def course_by_code(code: str) -> Course | None:
    return db.session.execute(select(Course).where(Course.code == code)).scalar_one_or_none()


def courses_by_id(course_ids: Iterable[int]) -> dict[int, Course]:
    ids = list(set(course_ids))
    if not ids:
        return {}
    return {c.id: c for c in db.session.execute(select(Course).where(Course.id.in_(ids))).scalars()}


def _finished(employee_id: int, today: date) -> Any:
    """The courses ``employee_id`` has completed (still valid) or is exempt from."""
    return select(Enrolment.course_id).where(
        Enrolment.employee_id == employee_id, Enrolment.is_current.is_(True), Enrolment.state.in_(FINISHED),
        or_(Enrolment.expires_on.is_(None), Enrolment.expires_on >= today))


def recommended_courses(employee_id: int, competency_ids: Iterable[int], language: str, *,
                        per_competency: int = 5, today: date | None = None) -> dict[int, list[Course]]:
    """Per competency: published courses covering it, taught in ``language`` or in both languages, that the
    employee has not completed; basic courses first. One statement."""
    ids = list(set(competency_ids))
    if not ids:
        return {}
    link = course_competency.c
    rows = db.session.execute(
        select(link.competency_id, Course).join(Course, Course.id == link.course_id)
        .where(link.competency_id.in_(ids), Course.published.is_(True), Course.language.in_((language, "ka_en")),
               Course.id.not_in(_finished(employee_id, today or today_())))
        .order_by(link.competency_id, LEVEL_ORDER, Course.code)).tuples().all()
    offers: dict[int, list[Course]] = {i: [] for i in ids}
    for competency_id, course in rows:
        if len(offers[competency_id]) < per_competency:
            offers[competency_id].append(course)
    return offers


def courses_per_competency(competency_ids: Iterable[int]) -> dict[int, int]:
    """How many published courses cover each competency (for planners: where the catalogue has gaps)."""
    ids = list(set(competency_ids))
    if not ids:
        return {}
    link = course_competency.c
    counts = dict(db.session.execute(
        select(link.competency_id, func.count(Course.id)).join(Course, Course.id == link.course_id)
        .where(link.competency_id.in_(ids), Course.published.is_(True)).group_by(link.competency_id)).tuples().all())
    return {i: counts.get(i, 0) for i in ids}


def enrolment_statuses(employee_id: int, course_ids: Iterable[int], today: date | None = None) -> dict[int, str]:
    """The status the learner sees (``Enrolment.status``) of their current enrolment in each course."""
    ids = list(set(course_ids))
    if not ids:
        return {}
    day = today or today_()
    return {e.course_id: e.status(day) for e in db.session.execute(select(Enrolment).where(
        Enrolment.employee_id == employee_id, Enrolment.is_current.is_(True), Enrolment.course_id.in_(ids))).scalars()}


def rule_enrolments(rule_ids: list[int], unit_filter: ColumnElement[bool], *, outstanding: bool, page: int,
                    size: int, today: date | None = None) -> tuple[Page, dict[str, int]]:
    """Current enrolments created or adopted by the rules ``rule_ids``, of people in units matching
    ``unit_filter`` (a condition on ``OrgUnit``); ``outstanding``: not yet completed nor exempt. Returns
    one page, soonest due first, and the count per status over all of them."""
    day = today or today_()
    stmt = (select(Enrolment).join(Employee, Enrolment.employee_id == Employee.id)
            .join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .where(Enrolment.rule_id.in_(rule_ids or [0]), Enrolment.is_current.is_(True),
                   Employee.deleted_at.is_(None), unit_filter))
    status = status_expression(day)
    counts = dict(db.session.execute(stmt.with_only_columns(status, func.count(Enrolment.id)).group_by(status))
                  .tuples().all())
    if outstanding:
        stmt = stmt.where(Enrolment.state.not_in(FINISHED))
    stmt = stmt.options(joinedload(Enrolment.employee).joinedload(Employee.org_unit),
                        joinedload(Enrolment.employee).joinedload(Employee.position), joinedload(Enrolment.course))
    listed = paginate(stmt.order_by(Enrolment.due_date, Employee.last_name_en, Enrolment.id), page, size)
    shows(e.employee_id for e in listed.items)
    return listed, counts
