"""Progress arithmetic, free of the database: the same functions serve pages, the public view, PDFs and tests.

The rules the issue sets, and where each lives:

- Values of several org units or disaggregation cells combine per period (``period_totals``): a
  computed indicator sums numerators and denominators, then divides; a plain percentage is never
  summed or averaged across units (the result is "cannot be combined", i.e. no value).
- Over time (``actual_series``): ``sum`` accumulates, ``average`` averages the year so far, ``last``
  takes the latest period.
- Progress is baseline-aware, (actual − baseline) / (target − baseline), which is right for a
  decreasing indicator too; expected-to-date interpolates linearly from the baseline through the
  targets; the status compares the two against the document's thresholds; grey when there is no data.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from monitoring import periods

GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"


@dataclass(frozen=True)
class Spec:
    """What the arithmetic needs to know about an indicator."""

    unit: str = "number"
    direction: str = "increase"
    aggregation: str = "sum"
    computed: bool = False
    factor: float = 1.0
    dimensions: int = 0  # how many disaggregation dimensions the indicator has
    baseline: float | None = None
    baseline_year: int | None = None


class Cells(NamedTuple):
    """Sums over the values of one period × org unit × cell depth × component (one row of a grouped query).

    A named tuple rather than a frozen dataclass: a national strategy's overview builds tens of thousands.
    """

    period: str
    org_unit_id: int
    depth: int
    component: str
    total: float
    count: int


@dataclass(frozen=True)
class PeriodTotal:
    value: float | None
    numerator: float = 0.0
    denominator: float = 0.0
    count: int = 0


@dataclass
class Progress:
    actual: float | None = None
    as_of: str | None = None  # the latest period with data
    target: float | None = None
    target_period: str | None = None
    progress: float | None = None  # share of the way from baseline to the final target
    expected: float | None = None  # share of the way expected by the as-of date
    status: str = GREY

    @property
    def ratio(self) -> float | None:
        if self.progress is None or self.expected is None:
            return None
        return self.progress / self.expected if self.expected > 0 else (1.0 if self.progress >= 0 else 0.0)


def period_totals(spec: Spec, cells: Iterable[Cells]) -> dict[str, PeriodTotal]:
    """One total per period from the grouped values: each unit's total row if it has one, else its full cells."""
    by_unit: dict[tuple[str, int], list[Cells]] = defaultdict(list)
    for row in cells:
        by_unit[(row.period, row.org_unit_id)].append(row)
    chosen: dict[str, list[Cells]] = defaultdict(list)
    for (period, _unit), rows in by_unit.items():
        if len(rows) == 1:  # the common case: one total row, or one cell (cheaper than the general case)
            if rows[0].depth in (0, spec.dimensions):
                chosen[period].append(rows[0])
            continue
        depth = 0 if any(r.depth == 0 for r in rows) else spec.dimensions
        chosen[period].extend(r for r in rows if r.depth == depth)
    return {period: _combine(spec, rows) for period, rows in chosen.items() if rows}


def _combine(spec: Spec, rows: list[Cells]) -> PeriodTotal:
    if spec.computed:
        numerator = sum(r.total for r in rows if r.component == "numerator")
        denominator = sum(r.total for r in rows if r.component == "denominator")
        value = numerator / denominator * spec.factor if denominator else None
        return PeriodTotal(value, numerator, denominator, sum(r.count for r in rows))
    total, count = sum(r.total for r in rows), sum(r.count for r in rows)
    if spec.unit == "percentage" and count > 1:
        return PeriodTotal(None, count=count)  # percentages of different units cannot be added or averaged
    if spec.aggregation == "average" or spec.unit == "yes_no":
        return PeriodTotal(total / count if count else None, count=count)
    return PeriodTotal(total, count=count)


def actual_series(spec: Spec, totals: Mapping[str, PeriodTotal]) -> list[tuple[str, float]]:
    """(period, actual to date) in time order, as the indicator's aggregation reads them.

    A period whose own total is unknown (no denominator, percentages that cannot be combined) is left out.
    The window (all periods so far for ``sum``, the year so far for ``average``, the period for ``last``) is
    kept as running sums: re-adding it for every period made a monthly decade quadratic, and a national
    strategy's overview computes hundreds of these.
    """
    usable = sorted((code for code, total in totals.items() if total.value is not None), key=_sort_key)
    series: list[tuple[str, float]] = []
    numerator = denominator = added = 0.0
    count, year = 0, None
    for code in usable:
        if spec.aggregation == "average":
            if periods.parse(code).year != year:
                year, numerator, denominator, added, count = periods.parse(code).year, 0.0, 0.0, 0.0, 0
        elif spec.aggregation != "sum":
            numerator, denominator, added, count = 0.0, 0.0, 0.0, 0
        total = totals[code]
        numerator, denominator = numerator + total.numerator, denominator + total.denominator
        added, count = added + total.value, count + 1
        value = _pool(spec, numerator, denominator, added, count)
        if value is not None:
            series.append((code, value))
    return series


def _pool(spec: Spec, numerator: float, denominator: float, added: float, count: int) -> float | None:
    """The window's value from its running sums (``added``: of the period values, ``count`` periods)."""
    if spec.computed:
        return numerator / denominator * spec.factor if denominator else None
    if spec.aggregation == "sum" and spec.unit not in ("percentage", "yes_no"):
        return added
    return added / count


@lru_cache(maxsize=8192)
def _sort_key(code: str) -> tuple[date, int]:
    return periods.sort_key(code)


def progress_share(baseline: float | None, target: float | None, actual: float | None, direction: str) -> float | None:
    """How far ``actual`` has come from the baseline towards the target (0 = not moved, 1 = reached)."""
    if actual is None or target is None:
        return None
    if baseline is None:  # no baseline: achievement against the target alone
        if direction == "decrease":
            return 1.0 if actual <= 0 else target / actual
        return actual / target if target else None
    if target == baseline:
        reached = actual >= target if direction != "decrease" else actual <= target
        return 1.0 if reached else 0.0
    return (actual - baseline) / (target - baseline)


def expected_value(baseline: float | None, baseline_date: date, targets: list[tuple[date, float]], when: date) -> float:
    """The value expected on ``when``, on straight lines from the baseline through each target in turn."""
    points = ([(baseline_date, baseline)] if baseline is not None else []) + sorted(targets)
    if when <= points[0][0]:
        return points[0][1]
    for (d0, v0), (d1, v1) in itertools.pairwise(points):
        if when <= d1:
            span = (d1 - d0).days
            return v1 if span <= 0 else v0 + (v1 - v0) * (when - d0).days / span
    return points[-1][1]


def status_for(progress: float | None, expected: float | None, green: float = 0.9, amber: float = 0.7) -> str:
    """Green, amber or red by progress against what was expected; grey when there is nothing to judge."""
    if progress is None or expected is None:
        return GREY
    ratio = progress / expected if expected > 0 else (1.0 if progress >= 0 else 0.0)
    if ratio >= green:
        return GREEN
    return AMBER if ratio >= amber else RED


def indicator_progress(spec: Spec, series: list[tuple[str, float]], targets: Mapping[str, float],
                       *, start: date, green: float = 0.9, amber: float = 0.7) -> Progress:
    """Progress of one indicator at its latest period with data, against its final target.

    ``start`` (the document's first day) stands in for the baseline date when the baseline has no year.
    """
    result = Progress()
    if targets:
        result.target_period = max(targets, key=_sort_key)
        result.target = targets[result.target_period]
    if not series:
        return result
    result.as_of, result.actual = series[-1]
    result.progress = progress_share(spec.baseline, result.target, result.actual, spec.direction)
    if result.progress is None or result.target is None:
        return result
    baseline_date = periods.year_end(spec.baseline_year) if spec.baseline_year else start - timedelta(days=1)
    target_points = [(periods.parse(code).end, value) for code, value in targets.items() if periods.parse(code)]
    when = periods.parse(result.as_of).end
    if spec.baseline is None:
        result.expected = min(1.0, max(0.0, (when - baseline_date).days /
                                       max(1, (periods.parse(result.target_period).end - baseline_date).days)))
    else:
        expected = expected_value(spec.baseline, baseline_date, target_points, when)
        result.expected = progress_share(spec.baseline, result.target, expected, spec.direction)
    result.status = status_for(result.progress, result.expected, green, amber)
    return result


@dataclass
class Rollup:
    """The indicators under a node of the results tree, by status; ``without_data`` is always shown."""

    counts: dict[str, int] = field(default_factory=lambda: {GREEN: 0, AMBER: 0, RED: 0, GREY: 0})
    ratios: list[float] = field(default_factory=list)

    def add(self, item: Progress) -> None:
        self.counts[item.status] += 1
        if item.status != GREY and item.ratio is not None:
            self.ratios.append(min(item.ratio, 1.0))  # over-achievement elsewhere must not hide a red indicator

    def merge(self, other: Rollup) -> None:
        for key, count in other.counts.items():
            self.counts[key] += count
        self.ratios.extend(other.ratios)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def without_data(self) -> int:
        return self.counts[GREY]

    def status(self, green: float = 0.9, amber: float = 0.7) -> str:
        if not self.ratios:
            return GREY
        return status_for(sum(self.ratios) / len(self.ratios), 1.0, green, amber)
