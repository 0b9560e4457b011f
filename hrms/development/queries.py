"""Reads of professional development, each a fixed number of statements whatever the size of the scope.

The needs analysis counts needs where they were recorded (the unit and rank kept on each need) in one
grouped statement, bucketed by the child units of the unit asked for, so the ministry's total and
the sum of its units' rows are the same numbers by construction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, extract, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from common.extensions import db
from common.models import Competency, Employee, OrgUnit, User
from common.permissions import scope_paths, unit_scope
from common.reads import shows
from hrms.development.models import BasicProgramme, CpdEntry, DevelopmentAction, DevelopmentPlan, TrainingNeed
from learning import public as catalogue

PRIORITY_ORDER = case({"high": 0, "medium": 1, "low": 2}, value=TrainingNeed.priority, else_=3)
STATUS_ORDER = case({"open": 0, "planned": 1, "addressed": 2, "dismissed": 3}, value=TrainingNeed.status, else_=4)


def person_needs(employee_id: int) -> list[TrainingNeed]:
    return list(db.session.execute(select(TrainingNeed).where(TrainingNeed.employee_id == employee_id)
                                   .order_by(STATUS_ORDER, PRIORITY_ORDER, TrainingNeed.created_at.desc())).scalars())


def plans_of(employee_id: int) -> list[DevelopmentPlan]:
    """The person's plans, the active and newest first, with their actions."""
    return list(db.session.execute(
        select(DevelopmentPlan).where(DevelopmentPlan.employee_id == employee_id)
        .options(selectinload(DevelopmentPlan.actions).joinedload(DevelopmentAction.need))
        .order_by(DevelopmentPlan.status, DevelopmentPlan.created_at.desc(), DevelopmentPlan.id.desc())).scalars())


def employee_language(employee_id: int) -> str:
    """The language the person reads the suite in (their account's), Georgian by default."""
    locale = db.session.execute(select(User.locale).where(User.employee_id == employee_id)).scalar_one_or_none()
    return locale if locale in ("ka", "en") else "ka"


def recommendations(employee_id: int, needs: list[TrainingNeed]) -> dict[int, list[Any]]:
    """Courses offered for each open or planned need's competency, keyed by the need's id."""
    live = [n for n in needs if n.status in ("open", "planned")]
    offers = catalogue.recommended_courses(employee_id, [n.competency_id for n in live],
                                           employee_language(employee_id))
    return {n.id: offers.get(n.competency_id, []) for n in live}


def action_statuses(employee_id: int, plans: list[DevelopmentPlan]) -> dict[int, str]:
    """For the course actions on the page: the learner's status in learning (in progress, overdue, ...)."""
    ids = [a.course_id for p in plans for a in p.actions if a.course_id]
    return catalogue.enrolment_statuses(employee_id, ids)


@dataclass
class Record:
    entries: list[CpdEntry]
    hours_by_year: list[tuple[int, Decimal]]
    total: Decimal


def record(employee_id: int) -> Record:
    entries = list(db.session.execute(select(CpdEntry).where(CpdEntry.employee_id == employee_id)
                                      .order_by(CpdEntry.completed_on.desc(), CpdEntry.id.desc())).scalars())
    years: dict[int, Decimal] = defaultdict(Decimal)
    for entry in entries:
        years[entry.completed_on.year] += entry.hours
    return Record(entries, sorted(years.items(), reverse=True), sum(years.values(), Decimal(0)))


@dataclass
class TeamRow:
    employee: Employee
    open_needs: int
    open_actions: int


def team(user: Any) -> list[TeamRow]:
    """The direct reports of ``user`` with their open needs and actions: three statements."""
    if user.employee_id is None:
        return []
    people = list(db.session.execute(select(Employee).where(Employee.manager_id == user.employee_id,
                                                            Employee.deleted_at.is_(None))
                                     .order_by(Employee.last_name_en, Employee.first_name_en)).scalars())
    ids = [p.id for p in people]
    shows(ids)
    needs = dict(db.session.execute(select(TrainingNeed.employee_id, func.count()).where(
        TrainingNeed.employee_id.in_(ids), TrainingNeed.status.in_(("open", "planned")))
        .group_by(TrainingNeed.employee_id)).tuples().all())
    actions = dict(db.session.execute(select(DevelopmentPlan.employee_id, func.count()).join(DevelopmentAction).where(
        DevelopmentPlan.employee_id.in_(ids), DevelopmentAction.status.in_(("planned", "in_progress")))
        .group_by(DevelopmentPlan.employee_id)).tuples().all())
    return [TeamRow(p, needs.get(p.id, 0), actions.get(p.id, 0)) for p in people]


# --- The needs analysis ------------------------------------------------------------------------------------------

@dataclass
class Analysis:
    unit: OrgUnit | None
    buckets: list[OrgUnit]  # the child units (or the ministries, for the whole government)
    rows: list[tuple[Competency, OrgUnit | None, int | None, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(n for *_key, n in self.rows)

    def by_competency(self) -> list[tuple[Competency, int]]:
        sums: dict[Any, int] = defaultdict(int)
        for competency, _unit, _rank, n in self.rows:
            sums[competency] += n
        return sorted(sums.items(), key=lambda item: (-item[1], item[0].code))

    def by_unit(self) -> list[tuple[OrgUnit | None, int]]:
        """Each child unit's subtree, then (``None``) needs recorded in the unit itself."""
        sums: dict[int | None, int] = defaultdict(int)
        for _competency, unit, _rank, n in self.rows:
            sums[unit.id if unit else None] += n
        rows: list[tuple[OrgUnit | None, int]] = [(u, sums.get(u.id, 0)) for u in self.buckets]
        return rows + ([(None, sums[None])] if sums.get(None) else [])

    def by_rank(self) -> list[tuple[int | None, int]]:
        sums: dict[int | None, int] = defaultdict(int)
        for _competency, _unit, rank, n in self.rows:
            sums[rank] += n
        return sorted(sums.items(), key=lambda item: (item[0] is None, item[0] or 0))

    def matrix(self) -> dict[tuple[int, int | None], int]:
        """(competency id, bucket unit id or None) -> needs: the competency × unit table."""
        cells: dict[tuple[int, int | None], int] = defaultdict(int)
        for competency, unit, _rank, n in self.rows:
            cells[(competency.id, unit.id if unit else None)] += n
        return cells


def top_unit(user: Any, capability: str) -> OrgUnit | None:
    """Where an analysis starts: the user's scope (its first unit), or the whole government when unscoped."""
    paths = scope_paths(user, capability)
    if not paths:
        return None
    return db.session.execute(select(OrgUnit).where(OrgUnit.path == paths[0])).scalar_one_or_none()


def needs_analysis(user: Any, unit: OrgUnit | None, *, year: int | None = None,
                   statuses: tuple[str, ...] = ("open", "planned", "addressed")) -> Analysis:
    """Needs recorded under ``unit`` (all units when ``None``) and in the user's scope, by competency, child
    unit and rank: one grouped statement, plus one for the units and competencies named."""
    where: list[ColumnElement[bool]] = [TrainingNeed.status.in_(statuses), unit_scope(user, "hr.needs_analysis")]
    if year:
        where.append(extract("year", TrainingNeed.created_at) == year)
    bucket = aliased(OrgUnit)
    if unit is not None:
        where.append(OrgUnit.path.startswith(unit.path, autoescape=True))
        on = and_(bucket.parent_id == unit.id, OrgUnit.path.startswith(bucket.path))
        buckets_stmt = select(OrgUnit).where(OrgUnit.parent_id == unit.id)
    else:
        on = and_(bucket.depth == 0, OrgUnit.path.startswith(bucket.path))
        buckets_stmt = select(OrgUnit).where(OrgUnit.depth == 0)
    counts = db.session.execute(
        select(TrainingNeed.competency_id, bucket.id, TrainingNeed.rank, func.count(TrainingNeed.id))
        .join(OrgUnit, TrainingNeed.org_unit_id == OrgUnit.id).outerjoin(bucket, on).where(*where)
        .group_by(TrainingNeed.competency_id, bucket.id, TrainingNeed.rank)).tuples().all()
    buckets = list(db.session.execute(buckets_stmt.where(unit_scope(user, "hr.needs_analysis"))
                                      .order_by(OrgUnit.code)).scalars())
    named = {u.id: u for u in buckets}
    missing = {b for _c, b, _r, _n in counts if b is not None and b not in named}
    if missing:  # a closed unit (reorganised) that still has needs recorded
        named |= {u.id: u for u in db.session.execute(select(OrgUnit).where(OrgUnit.id.in_(missing))).scalars()}
        buckets += [named[i] for i in sorted(missing)]
    competencies = {c.id: c for c in db.session.execute(select(Competency).where(
        Competency.id.in_({c for c, *_rest in counts}))).scalars()}
    rows = [(competencies[c], named.get(b) if b else None, r, n) for c, b, r, n in counts]
    return Analysis(unit, buckets, rows)


# --- Basic programmes ---------------------------------------------------------------------------------------------

def programmes_in_scope(user: Any) -> list[BasicProgramme]:
    """Programmes of units in the user's scope, and the government-wide ones (they apply in every scope)."""
    return list(db.session.execute(
        select(BasicProgramme).outerjoin(OrgUnit, BasicProgramme.unit_id == OrgUnit.id)
        .where(BasicProgramme.unit_id.is_(None) | unit_scope(user, "hr.development"))
        .options(joinedload(BasicProgramme.unit)).order_by(BasicProgramme.rank_min, BasicProgramme.id)).scalars())


def compliance(user: Any, programmes: list[BasicProgramme], *, outstanding: bool, page: int, size: int,
               today: date | None = None) -> tuple[Any, dict[str, int]]:
    """People in the user's scope whom the programmes' rules assigned: a page, and the count per status."""
    rule_ids = [rule_id for p in programmes if p.active for rule_id in p.rule_ids]
    return catalogue.rule_enrolments(rule_ids, unit_scope(user, "hr.development"), outstanding=outstanding,
                                     page=page, size=size, today=today)


def people_named(user: Any, text: str, limit: int = 20) -> list[Employee]:
    """HR's look-up of someone's development by name (Georgian or English, any order of first and last name):
    the people in the user's development scope whose names hold every word typed, at most ``limit``."""
    stmt = (select(Employee).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .where(Employee.deleted_at.is_(None), unit_scope(user, "hr.development")))
    for term in text.split()[:4]:
        like = f"%{term.lower()}%"
        names = (Employee.first_name_ka, Employee.last_name_ka, Employee.first_name_en, Employee.last_name_en)
        stmt = stmt.where(or_(*(func.lower(name).like(like) for name in names)))
    people = list(db.session.execute(stmt.order_by(Employee.last_name_en, Employee.first_name_en, Employee.id)
                                     .options(joinedload(Employee.org_unit)).limit(limit)).scalars())
    shows(people)
    return people
