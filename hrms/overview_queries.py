"""The cycle overview's reads: the cycle, its counts per state and unit (from the summary), a page of its units and
the most overdue appraisals, in four statements whatever the size of the cycle (two when the counts are cached,
``hrms.overview_cache``).

The counts come from ``hrms.counts`` (one row per unit and state, kept by the writes), never from the
appraisals. Everything is read as columns into small frozen rows, not entities, and the two statements that
take parameters are built once per process (SQLAlchemy then reuses their compiled form): building them per
request cost as much as running them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import ARRAY, Integer, Row, Select, any_, bindparam, case, select
from sqlalchemy.orm import aliased, defaultload

from common.extensions import db
from common.models import Employee, OrgUnit
from common.models.base import Named, pick, reads_english
from common.pagination import ListPage
from common.reads import shows
from hrms.counts import cycle_counts
from hrms.models import AGREED, CALIBRATION, DRAFT, SELF_ASSESSED, STATES, Appraisal, AppraisalCycle, AppraisalTemplate

UNITS_PER_PAGE = 25
OVERDUE_SHOWN = 50


def state_deadlines(cycle: AppraisalCycle) -> dict[str, date]:
    """The deadline an appraisal in each open state is working towards (states after calibration have none)."""
    return {DRAFT: cycle.objectives_due, AGREED: cycle.self_assessment_due,
            SELF_ASSESSED: cycle.manager_assessment_due, CALIBRATION: cycle.release_due}


@cache
def _cycle_statement() -> Select[Any]:
    return (select(AppraisalCycle).where(AppraisalCycle.id == bindparam("cycle_id"))
            .options(defaultload(AppraisalCycle.template).lazyload(AppraisalTemplate.sections)))


def cycle_for_page(cycle_id: int) -> AppraisalCycle | None:
    """The cycle with its root unit and template, but not the template's sections and criteria: the overview shows
    the template's name only, and its sections (loaded with it by default) took two more statements."""
    return db.session.execute(_cycle_statement(), {"cycle_id": cycle_id}).scalar_one_or_none()


@dataclass(frozen=True, slots=True)
class OverviewUnit(Named):
    """One row of the overview's unit table: the unit's id and names, its counts per state and their sum."""

    id: int
    name_ka: str
    name_en: str
    counts: dict[str, int]
    total: int


@dataclass(frozen=True, slots=True)
class OverdueAppraisal:
    """One of the most overdue appraisals: who (and who evaluates), its state and the deadline it missed. The names
    are picked in the reader's language once for the whole list (``pick``), not per row and name in the template."""

    id: int
    state: str
    due: date
    employee_name: str
    evaluator_name: str | None


@dataclass
class UnitTable:
    """The overview's counts: per state and the number without an evaluator (the whole cycle), and a page of the
    per-unit table. The same for every reader of the cycle, so ``hrms.overview_cache`` keeps it rendered."""

    by_state: dict[str, int]
    by_unit: list[OverviewUnit]  # the units of ``units_page`` only
    without_evaluator: int
    total: int
    units_page: ListPage


@dataclass
class Overdue:
    """The overview's overdue part: read at every view, since it names people and their reading is logged."""

    appraisals: list[OverdueAppraisal]  # the ``OVERDUE_SHOWN`` most overdue
    total: int  # all the overdue appraisals of the cycle


def unit_table(cycle_id: int, unit_page: Any = 1) -> UnitTable:
    """Counts per state (the whole cycle) and a page of the per-unit table (``UNITS_PER_PAGE`` units in tree order).

    The summary's rows give the state totals, the unit table and the number without an evaluator. Only the page's
    units are read (a national ministry's cycle spans a hundred units).
    """
    per_unit: dict[int, dict[str, int]] = {}
    by_state = dict.fromkeys(STATES, 0)
    missing = 0
    for unit_id, state, count, unevaluated in cycle_counts(db.session.connection(), cycle_id):
        per_unit.setdefault(unit_id, {})[state] = count
        by_state[state] = by_state.get(state, 0) + count
        missing += unevaluated
    units_page = ListPage.of(unit_page, UNITS_PER_PAGE, len(per_unit))
    units = db.session.execute(
        select(OrgUnit.id, OrgUnit.name_ka, OrgUnit.name_en).where(OrgUnit.id.in_(list(per_unit)))
        .order_by(OrgUnit.path, OrgUnit.id).offset(units_page.offset).limit(UNITS_PER_PAGE)).all() if per_unit else []
    return UnitTable(by_state, [OverviewUnit(u.id, u.name_ka, u.name_en, per_unit[u.id], sum(per_unit[u.id].values()))
                                for u in units], missing, sum(by_state.values()), units_page)


def late_states(cycle: AppraisalCycle, today: date) -> dict[str, date]:
    """The states whose deadline has passed, with that deadline (in state order)."""
    return {state: due for state, due in state_deadlines(cycle).items() if due < today}


def overdue_ranking(cycle_id: int, late: dict[str, date]) -> list[int]:
    """The ids of the ``OVERDUE_SHOWN`` most overdue appraisals (by deadline, then name): the same for every reader,
    so ``hrms.overview_cache`` keeps it with the counts. It reads every late appraisal and its employee's name (a
    national ministry: hundreds), where ``overdue`` then reads fifty by id."""
    if not late:
        return []
    params: dict[str, Any] = {f"due_{state}": due for state, due in late.items()}
    return list(db.session.execute(_ranking_statement(tuple(sorted(late))), {"cycle_id": cycle_id, **params})
                .scalars())


def overdue(cycle: AppraisalCycle, late: dict[str, date], by_state: Mapping[str, int],
            ranking: list[int] | None = None) -> Overdue:
    """The ``OVERDUE_SHOWN`` most overdue appraisals, and how many are overdue in all (from ``by_state``: a deadline
    depends only on the cycle and the state, so "overdue" is a set of states). Who was shown is logged here.

    ``ranking`` (from ``overdue_ranking``, maybe cached) says which appraisals; they are read afresh, still in a
    late state of this cycle, with their people's and evaluators' current names, so a cached ranking never shows a
    stale name or state. Without it the ranking is done in the same statement.
    """
    if not late:
        return Overdue([], 0)
    rows = _most_overdue(cycle.id, late, ranking)
    shows((a.employee_id for a in rows), about=cycle)
    english = reads_english()
    return Overdue([OverdueAppraisal(a.id, a.state, late[a.state], pick(a.employee_ka, a.employee_en, english),
                                     None if a.evaluator_ka is None and a.evaluator_en is None
                                     else pick(a.evaluator_ka, a.evaluator_en, english)) for a in rows],
                   sum(by_state.get(state, 0) for state in late))


def _deadline(states: tuple[str, ...]) -> Any:
    """Each state's deadline, as parameter ``due_<state>``."""
    return case({state: bindparam(f"due_{state}") for state in states}, value=Appraisal.state)


@cache
def _ranking_statement(states: tuple[str, ...]) -> Select[Any]:
    return (select(Appraisal.id).join(Employee, Appraisal.employee_id == Employee.id)
            .where(Appraisal.cycle_id == bindparam("cycle_id"), Appraisal.state.in_(states))
            .order_by(_deadline(states), Employee.last_name_en, Appraisal.id).limit(OVERDUE_SHOWN))


@cache
def _overdue_statement(states: tuple[str, ...], by_id: bool, as_array: bool = False) -> Select[Any]:
    """The most overdue appraisals in ``states`` (among the ids of parameter ``ids`` when ``by_id``), by deadline,
    then name: ranked on narrow rows first, and only those few joined with their evaluators.

    ``as_array`` (PostgreSQL): the ids are one array parameter (``= ANY(:ids)``), not an ``IN`` of one parameter
    each. With fifty ids (a national cycle) the expanded statement passed psycopg's limit of 50 parameters for
    keeping a statement's conversion, so it was parsed again at every view, and SQLAlchemy expanded the list each
    time: the overview's cost grew with the number of overdue rows (issue 20)."""
    deadline = _deadline(states)
    chosen = [Appraisal.cycle_id == bindparam("cycle_id"), Appraisal.state.in_(states)]
    if by_id and as_array:
        chosen.append(Appraisal.id == any_(bindparam("ids", type_=ARRAY(Integer))))
    elif by_id:
        chosen.append(Appraisal.id.in_(bindparam("ids", expanding=True)))
    ranked = (select(Appraisal.id, Appraisal.state, Appraisal.employee_id, Appraisal.evaluator_id,
                     deadline.label("due"), Employee.last_name_en.label("name"),
                     (Employee.first_name_ka + " " + Employee.last_name_ka).label("employee_ka"),
                     (Employee.first_name_en + " " + Employee.last_name_en).label("employee_en"))
              .join(Employee, Appraisal.employee_id == Employee.id).where(*chosen)
              .order_by(deadline, Employee.last_name_en, Appraisal.id).limit(OVERDUE_SHOWN).subquery())
    evaluator = aliased(Employee)
    return (select(ranked.c.id, ranked.c.state, ranked.c.employee_id, ranked.c.employee_ka, ranked.c.employee_en,
                   (evaluator.first_name_ka + " " + evaluator.last_name_ka).label("evaluator_ka"),
                   (evaluator.first_name_en + " " + evaluator.last_name_en).label("evaluator_en"))
            .outerjoin(evaluator, evaluator.id == ranked.c.evaluator_id)
            .order_by(ranked.c.due, ranked.c.name, ranked.c.id))


def _most_overdue(cycle_id: int, late: dict[str, date], ranking: list[int] | None) -> list[Row[Any]]:
    params: dict[str, Any] = {f"due_{state}": due for state, due in late.items()}
    if ranking is not None:
        if not ranking:
            return []
        params["ids"] = ranking
    # Columns only, on the session's connection: the ORM's execution adds nothing to plain rows but its own cost.
    connection = db.session.connection()
    as_array = ranking is not None and connection.dialect.name == "postgresql"
    return list(connection.execute(_overdue_statement(tuple(sorted(late)), ranking is not None, as_array),
                                   {"cycle_id": cycle_id, **params}).all())
