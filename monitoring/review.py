"""What an approver reads before deciding on a group (indicator × period × org unit): the evidence.

Per disaggregation cell and in total: the values as entered, the indicator's own value (the ratio of
a computed one), the previous period and the same period a year earlier, the target, and flags
(outliers by the rule of ``flags``, missing cells, totals that do not add up). ``decide`` reads the
same review to refuse approving a flagged group the approver has not confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, tuple_

from common.extensions import db
from common.i18n import lazy_gettext as _l
from monitoring import cells, flags, periods
from monitoring.models import DataValue, Evidence, Indicator, Target

Point = dict[str, dict[str, float]]  # cell -> component -> value, for one period


@dataclass
class CellReview:
    cell: str
    parts: dict[str, float]  # component -> value as entered
    value: float | None  # the indicator's own value (ratio of a computed one)
    previous: float | None
    last_year: float | None
    derived: bool = False  # a total summed from the cells, not entered
    comment: str = ""
    evidence: Any = None
    outlier: Any = None  # the outlier message, if any


@dataclass
class GroupReview:
    indicator: Indicator
    period: str
    unit_id: int
    previous_period: str | None
    last_year_period: str | None
    target: float | None
    rows: list[CellReview]
    flags: list[tuple[str, Any]] = field(default_factory=list)  # (kind, message): outlier, missing, total

    @property
    def total(self) -> CellReview:
        return self.rows[0]

    @property
    def outliers(self) -> list[Any]:
        return [message for kind, message in self.flags if kind == "outlier"]

    @property
    def token(self) -> str:
        return f"{self.indicator.id}:{self.period}:{self.unit_id}"


def _summable(indicator: Indicator) -> bool:
    return indicator.computed or (indicator.aggregation == "sum" and indicator.unit in ("number", "currency"))


def _with_total(indicator: Indicator, point: Point, full: list[str]) -> tuple[dict[str, float], bool]:
    """The total's parts: as entered, else summed from the ``full`` cells when that is meaningful (``derived``)."""
    if point.get(""):
        return point[""], False
    if not _summable(indicator) or not any(point.get(c) for c in full):
        return {}, False
    summed: dict[str, float] = {}
    for cell in full:
        for component, value in point.get(cell, {}).items():
            summed[component] = summed.get(component, 0.0) + value
    return summed, True


def _own(indicator: Indicator, point: Point | None, cell: str, full: list[str]) -> float | None:
    if not point:
        return None
    parts = _with_total(indicator, point, full)[0] if cell == "" else point.get(cell, {})
    return flags.own_value(indicator, parts)


def group_review(indicator: Indicator, period: str, unit_id: int, rows: list[Any] | None = None,
                 targets: dict[tuple[int, str], float] | None = None,
                 evidence: dict[int, Evidence] | None = None) -> GroupReview:
    """The review of one group; ``rows`` are all stored values of the indicator and unit (``DataValue``s, or plain
    rows of ``VALUE_COLUMNS`` with ``evidence`` their files by id), ``targets`` the approved targets by (indicator id,
    period) (each read when not given)."""
    if rows is None:
        rows = list(db.session.execute(select(DataValue).where(
            DataValue.indicator_id == indicator.id, DataValue.org_unit_id == unit_id,
            DataValue.period.in_([period, *flags.history_window(period)]))).scalars())
    history: dict[str, Point] = {}
    current: dict[str, DataValue] = {}
    for row in rows:
        history.setdefault(row.period, {}).setdefault(row.cell, {})[row.component] = row.value
        if row.period == period and row.component == indicator.components[0]:
            current[row.cell] = row
    previous = periods.shifted(period, -1)
    last_year = periods.shifted(period, -periods.per_year(period))
    point = history.get(period, {})
    window = flags.history_window(period)
    target = _target(indicator, period) if targets is None else targets.get((indicator.id, period))
    review = GroupReview(indicator, period, unit_id, previous, last_year, target, [])
    full = cells.full_cells(indicator.dimensions or {})  # once a group: building the keys was a fifth of its time
    for cell in ["", *full]:
        parts, derived = _with_total(indicator, point, full) if cell == "" else (point.get(cell, {}), False)
        value = flags.own_value(indicator, parts)
        earlier = [v for p in window if (v := _own(indicator, history.get(p), cell, full)) is not None]
        item = CellReview(cell, parts, value, _own(indicator, history.get(previous), cell, full),
                          _own(indicator, history.get(last_year), cell, full), derived)
        stored = current.get(cell)
        if stored is not None:
            item.comment = stored.comment
            item.evidence = stored.evidence if evidence is None else evidence.get(stored.evidence_id)
        found = flags.outlier_range(value, earlier)
        if found is not None:
            item.outlier = flags.outlier_message(indicator, value, *found)
            review.flags.append(("outlier", _l("%(cell)s: %(message)s", cell=cells.label(cell), message=item.outlier)))
        if parts or cell == "":
            review.rows.append(item)
    _completeness(indicator, point, review, full)
    return review


def _completeness(indicator: Indicator, point: Point, review: GroupReview, full: list[str]) -> None:
    entered = [c for c in full if point.get(c)]
    if entered and len(entered) < len(full):
        missing = [cells.label(c) for c in full if c not in entered]
        review.flags.append(("missing", _l("%(count)d disaggregation cells have no value: %(cells)s.",
                                           count=len(missing), cells="; ".join(missing[:6]))))
    if point.get("") and len(entered) == len(full) and full and _summable(indicator):
        for component in indicator.components:
            total = point[""].get(component)
            summed = sum(point[c].get(component, 0.0) for c in full)
            if total is not None and abs(total - summed) > 1e-6 * max(1.0, abs(total)):
                review.flags.append(("total", _l("The total (%(total)s) is not the sum of the cells (%(sum)s).",
                                                 total=flags.figure(total), sum=flags.figure(summed))))


def _target(indicator: Indicator, period: str) -> float | None:
    return db.session.execute(select(Target.value).where(
        Target.indicator_id == indicator.id, Target.period == period, Target.status == "approved")
        .order_by(Target.version.desc()).limit(1)).scalar()


def _targets(groups: list[tuple[Indicator, str, int]]) -> dict[tuple[int, str], float]:
    """The latest approved target of every (indicator, period) of ``groups``, in one query (not one a group:
    a queue of 200 groups made 200 queries)."""
    if not groups:
        return {}
    found: dict[tuple[int, str], tuple[int, float]] = {}
    rows = db.session.execute(select(Target.indicator_id, Target.period, Target.version, Target.value).where(
        Target.indicator_id.in_({i.id for i, _p, _u in groups}), Target.period.in_({p for _i, p, _u in groups}),
        Target.status == "approved"))
    for indicator_id, period, version, value in rows:
        if (indicator_id, period) not in found or version > found[(indicator_id, period)][0]:
            found[(indicator_id, period)] = (version, value)
    return {key: value for key, (_version, value) in found.items()}


# What a review reads of a value: plain rows, not entities (a queue page compares a few thousand values, and
# building and tracking an entity for each cost more than the rest of the page).
VALUE_COLUMNS = (DataValue.indicator_id, DataValue.org_unit_id, DataValue.period, DataValue.cell,
                 DataValue.component, DataValue.value, DataValue.comment, DataValue.evidence_id)


def group_reviews(groups: list[tuple[Indicator, str, int]]) -> dict[str, GroupReview]:
    """Reviews of several groups by token, reading each indicator × unit's values once (three queries: values,
    targets, and the evidence files when any value has one)."""
    rows: dict[tuple[int, int], list[Any]] = {(indicator.id, unit_id): [] for indicator, _p, unit_id in groups}
    wanted = {code for _i, period, _u in groups for code in [period, *flags.history_window(period)]}
    files: dict[int, Evidence] = {}
    if rows:  # only the periods the reviews compare: a national history holds thousands per indicator
        # The pairs themselves, not indicators × units: at national scale the cross product read 62,000 values
        # for 200 groups. (Each group's own periods as (indicator, unit, period) triples read 10 % fewer rows, but
        # PostgreSQL took 30 ms to plan 260 triples.)
        stmt = select(*VALUE_COLUMNS).where(tuple_(DataValue.indicator_id, DataValue.org_unit_id).in_(sorted(rows)),
                                            DataValue.period.in_(wanted))
        for row in db.session.execute(stmt):
            rows[(row.indicator_id, row.org_unit_id)].append(row)
        # Few values carry a file: the files are read once, and only when there are any.
        ids = {row.evidence_id for found in rows.values() for row in found if row.evidence_id is not None}
        if ids:
            files = {e.id: e for e in db.session.execute(select(Evidence).where(Evidence.id.in_(ids))).scalars()}
    targets = _targets(groups)
    reviews = [group_review(indicator, period, unit_id, rows[(indicator.id, unit_id)], targets, files)
               for indicator, period, unit_id in groups]
    return {review.token: review for review in reviews}
