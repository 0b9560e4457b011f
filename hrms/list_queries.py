"""The appraisal list of a cycle: filters, search, sort and paging, the same rows for the page and the export.

HR could open only the appraisals some other page happened to link to. This list reaches every appraisal
of a cycle in the officer's scope, filtered by unit, state, evaluator, label, overdue or missing evaluator,
searched by name or personal number. One statement builds the rows for both the page (two statements:
rows and count, whatever the number of appraisals) and the export (one), so what HR downloads is what HR saw.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from common.extensions import db
from common.models import Employee, OrgUnit
from common.pagination import Page, paginate
from common.permissions import unit_scope
from common.reads import shows
from hrms.models import LABELS, STATES, Appraisal, AppraisalCycle
from hrms.overview_queries import state_deadlines

PAGE_SIZE = 50
Evaluator = aliased(Employee, name="evaluator")
SORTS: dict[str, tuple[Any, ...]] = {
    "name": (Employee.last_name_en, Employee.first_name_en),
    "unit": (OrgUnit.path,),
    "state": (Appraisal.state,),
    "evaluator": (Evaluator.last_name_en, Evaluator.first_name_en),
    "score": (Appraisal.score,),
    "label": (Appraisal.label,),
}


def _int(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number < 2**31 else None


@dataclass
class ListFilter:
    """What the address bar asks for; anything unknown reads as "no filter", never as an error."""

    q: str = ""
    unit: int | None = None
    state: str = ""
    evaluator: int | None = None
    label: str = ""
    overdue: bool = False
    no_evaluator: bool = False
    sort: str = "name"

    @classmethod
    def from_args(cls, args: Any) -> ListFilter:
        sort = args.get("sort", "name")
        return cls(q=(args.get("q") or "").strip()[:100], unit=_int(args.get("unit")),
                   state=args.get("state") if args.get("state") in STATES else "",
                   evaluator=_int(args.get("evaluator")),
                   label=args.get("label") if args.get("label") in LABELS else "",
                   overdue=args.get("overdue") == "1", no_evaluator=args.get("no_evaluator") == "1",
                   sort=sort if sort.lstrip("-") in SORTS else "name")

    def as_args(self) -> dict[str, Any]:
        """The filter as query-string arguments, empty ones left out (for links, the pager and the export)."""
        values = asdict(self) | {"overdue": "1" if self.overdue else "", "no_evaluator": "1" if self.no_evaluator
                                 else ""}
        return {key: value for key, value in values.items() if value not in ("", None) and
                not (key == "sort" and value == "name")}


def _filtered(cycle: AppraisalCycle, user: Any, filters: ListFilter, today: date) -> Select:
    stmt = (select(Appraisal).join(Employee, Appraisal.employee_id == Employee.id)
            .join(OrgUnit, Appraisal.org_unit_id == OrgUnit.id)
            .outerjoin(Evaluator, Appraisal.evaluator_id == Evaluator.id)
            .where(Appraisal.cycle_id == cycle.id, unit_scope(user, "hr.manage_cycles")))
    if filters.unit:
        path = db.session.execute(select(OrgUnit.path).where(OrgUnit.id == filters.unit)).scalar()
        stmt = stmt.where(OrgUnit.path.startswith(path or "/none/", autoescape=True))
    if filters.state:
        stmt = stmt.where(Appraisal.state == filters.state)
    if filters.evaluator:
        stmt = stmt.where(Appraisal.evaluator_id == filters.evaluator)
    if filters.no_evaluator:
        stmt = stmt.where(Appraisal.evaluator_id.is_(None))
    if filters.label:
        stmt = stmt.where(Appraisal.label == filters.label)
    if filters.overdue:
        # A deadline depends only on the cycle and the state: "overdue" is the set of states whose deadline passed.
        stmt = stmt.where(Appraisal.state.in_([s for s, due in state_deadlines(cycle).items() if due < today]))
    for term in filters.q.split()[:5]:
        if term.isdigit():
            stmt = stmt.where(Employee.personal_number.startswith(term))
            continue
        like = f"%{term.lower()}%"
        stmt = stmt.where(or_(func.lower(Employee.first_name_en).like(like), func.lower(Employee.last_name_en)
                              .like(like), Employee.first_name_ka.like(f"%{term}%"),
                              Employee.last_name_ka.like(f"%{term}%")))
    return stmt


def _statement(cycle: AppraisalCycle, user: Any, filters: ListFilter, today: date) -> Select:
    stmt = _filtered(cycle, user, filters, today)
    columns = SORTS[filters.sort.lstrip("-")]
    # Empty scores and labels last either way (PostgreSQL would put them first when descending, SQLite last).
    order = [(c.desc() if filters.sort.startswith("-") else c.asc()).nulls_last() for c in columns]
    return stmt.order_by(*order, Employee.last_name_en, Appraisal.id).options(
        joinedload(Appraisal.employee), joinedload(Appraisal.evaluator), joinedload(Appraisal.org_unit))


def appraisal_ids(cycle: AppraisalCycle, user: Any, filters: ListFilter, today: date | None = None) -> Select:
    """The ids the filtered list holds, as a statement (for reminders sent from the list)."""
    return _filtered(cycle, user, filters, today or date.today()).with_only_columns(Appraisal.id)


def appraisal_page(cycle: AppraisalCycle, user: Any, filters: ListFilter, number: Any,
                   today: date | None = None) -> Page:
    """One page of the cycle's appraisals in the user's scope, matching ``filters`` (rows and count)."""
    page = paginate(_statement(cycle, user, filters, today or date.today()), number, PAGE_SIZE)
    shows((a.employee_id for a in page.items), about=cycle)
    return page


def appraisals_for_export(cycle: AppraisalCycle, user: Any, filters: ListFilter,
                          today: date | None = None) -> list[Appraisal]:
    """Every appraisal matching ``filters`` (no paging), for the CSV and Excel downloads."""
    rows = list(db.session.execute(_statement(cycle, user, filters, today or date.today())).unique().scalars())
    shows((a.employee_id for a in rows), about=cycle)
    return rows


def filter_choices(cycle: AppraisalCycle, user: Any) -> tuple[list[OrgUnit], list[Employee]]:
    """The units and evaluators that occur in the cycle within the user's scope (two statements)."""
    in_scope = (select(Appraisal.org_unit_id, Appraisal.evaluator_id).join(OrgUnit, Appraisal.org_unit_id == OrgUnit.id)
                .where(Appraisal.cycle_id == cycle.id, unit_scope(user, "hr.manage_cycles")))
    units = list(db.session.execute(select(OrgUnit).where(OrgUnit.id.in_(in_scope.with_only_columns(
        Appraisal.org_unit_id))).order_by(OrgUnit.path)).scalars())
    evaluators = list(db.session.execute(select(Employee).where(Employee.id.in_(in_scope.with_only_columns(
        Appraisal.evaluator_id))).order_by(Employee.last_name_en, Employee.first_name_en)).scalars())
    shows(evaluators, about=cycle)
    return units, evaluators


def appraisals_of(employee_id: int) -> list[Appraisal]:
    """A person's appraisals, newest cycle first (callers keep those the reader may open)."""
    return list(db.session.execute(
        select(Appraisal).join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
        .where(Appraisal.employee_id == employee_id)
        .options(joinedload(Appraisal.org_unit), joinedload(Appraisal.evaluator))
        .order_by(AppraisalCycle.period_end.desc(), Appraisal.id.desc())).unique().scalars())
