"""The sums of M&E values that progress and breakdowns are computed from, each in one statement.

Values are summed in SQL per period × org unit × cell depth × component (and cell, for breakdowns by
region, sex…); ``progress`` combines the sums by each indicator's own rules. Re-exported by
``monitoring.queries``, which is what other packages read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, tuple_

from common.extensions import db
from monitoring import cells as mc
from monitoring import progress as pg
from monitoring import progress_cache
from monitoring.models import DataValue, Indicator

if TYPE_CHECKING:
    from monitoring.queries import IndicatorResult

APPROVED = ("approved",)


def spec_of(indicator: Indicator) -> pg.Spec:
    return pg.Spec(unit=indicator.unit, direction=indicator.direction, aggregation=indicator.aggregation,
                   computed=indicator.computed, factor=indicator.factor or 1.0,
                   dimensions=len(indicator.dimensions or {}), baseline=indicator.baseline_value,
                   baseline_year=indicator.baseline_year)


def _in_periods(v: type[DataValue], indicator_ids: list[int], only: dict[int, str | None] | None) -> Any:
    """Values of ``indicator_ids``; with ``only``, just each indicator's one period (a report needs no more, and a
    national strategy holds hundreds of thousands of values)."""
    if only is None:
        return v.indicator_id.in_(indicator_ids)
    return tuple_(v.indicator_id, v.period).in_([(i, only[i]) for i in indicator_ids if only.get(i)] or [(0, "")])


def value_cells(indicator_ids: list[int], statuses: tuple[str, ...] = APPROVED,
                only: dict[int, str | None] | None = None) -> dict[int, list[pg.Cells]]:
    """The grouped sums progress is computed from, per indicator, in one query (``only``: see ``_in_periods``)."""
    if not indicator_ids:
        return {}
    v = DataValue
    # count(*), not count(id): every column read is in ix_me_value_cells, so PostgreSQL needs no table rows.
    stmt = (select(v.indicator_id, v.period, v.org_unit_id, v.cell_depth, v.component, func.sum(v.value),
                   func.count())
            .where(_in_periods(v, indicator_ids, only), v.status.in_(statuses))
            .group_by(v.indicator_id, v.period, v.org_unit_id, v.cell_depth, v.component))
    found: dict[int, list[pg.Cells]] = defaultdict(list)
    cells = pg.Cells
    # On the session's connection, without the ORM's row processing: a national strategy has ~20,000 groups.
    for indicator_id, period, unit_id, depth, component, total, count in db.session.connection().execute(stmt):
        found[indicator_id].append(cells(period, unit_id, depth, component, float(total or 0), count))
    return found


def cell_sums(indicator_ids: list[int], statuses: tuple[str, ...] = APPROVED,
              only: dict[int, str | None] | None = None) -> dict[int, list[tuple[pg.Cells, str]]]:
    """For breakdowns by region, sex…: the approved values of disaggregation cells, summed per period × org unit ×
    cell × component, with the cell key (one query). ``Cells.depth`` is the number of dimensions the cell names.
    ``only``: see ``_in_periods``."""
    if not indicator_ids:
        return {}
    v = DataValue
    stmt = (select(v.indicator_id, v.period, v.org_unit_id, v.cell_depth, v.component, v.cell, func.sum(v.value),
                   func.count(v.id))
            .where(_in_periods(v, indicator_ids, only), v.status.in_(statuses), v.cell_depth > 0)
            .group_by(v.indicator_id, v.period, v.org_unit_id, v.cell_depth, v.component, v.cell))
    found: dict[int, list[tuple[pg.Cells, str]]] = defaultdict(list)
    for indicator_id, period, unit_id, depth, component, cell, total, count in db.session.execute(stmt):
        found[indicator_id].append((pg.Cells(period, unit_id, depth, component, float(total or 0), count), cell))
    return found


@dataclass
class Breakdown:
    dimension: str  # e.g. "region"
    label: str  # the dimension's name in the user's language
    period: str
    values: list[tuple[str, float | None]]  # (option, combined value or None where it cannot be combined)


def indicator_breakdowns(results: Iterable[IndicatorResult]) -> dict[int, list[Breakdown]]:
    """Per disaggregated indicator, per dimension (region, sex…): the approved value of each option in the
    indicator's latest period (``progress.as_of``), combined over the other dimensions and the org units by the
    indicator's own rules, as its progress is. Kept per indicator and data version (``progress_cache``): they read
    every cell of the latest periods (a national strategy: half a second), so after an approval only the approved
    indicator's are read again, in one query for all that are missing."""
    wanted = {r.indicator.id: r for r in results if r.indicator.dimensions and r.progress.as_of is not None}

    def compute(ids: list[int]) -> dict[int, list[Any]]:
        sums = cell_sums(ids, only={i: wanted[i].progress.as_of for i in ids})
        return {i: [[b.dimension, b.period, [list(v) for v in b.values]]
                    for b in _breakdown(wanted[i].indicator, wanted[i].progress.as_of, sums.get(i, []))]
                for i in ids}

    found = progress_cache.per_indicator("breakdown", {i: r.progress.as_of for i, r in wanted.items()}, compute)
    # The dimension's label is the reader's language, so it is looked up here, not kept with the figures.
    return {i: [Breakdown(name, mc.dimension_label(name), period, [tuple(v) for v in values])
                for name, period, values in found[i]] for i in wanted}


def _breakdown(indicator: Indicator, period: str, rows: list[tuple[pg.Cells, str]]) -> list[Breakdown]:
    spec, full = spec_of(indicator), len(indicator.dimensions)
    chosen = [(row, mc.parse(key)) for row, key in rows if row.period == period and row.depth == full]
    found = []
    for name, options in sorted(indicator.dimensions.items()):
        values = []
        for option in options:
            picked = [pg.Cells(r.period, r.org_unit_id, 0, r.component, r.total, r.count)
                      for r, cell in chosen if cell.get(name) == option]
            totals = pg.period_totals(spec, picked)
            values.append((option, totals[period].value if period in totals else None))
        found.append(Breakdown(name, mc.dimension_label(name), period, values))
    return found
