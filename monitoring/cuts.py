"""One indicator's approved values by region and sex in every period, combined once per indicator and data version.

The dashboard's map, pivot and trend ask an indicator's value for a region, a sex or both at a period: some fifty
look-ups per view, each combining that period's cells by the indicator's own rules. Done on every view, that was a
query of every approved cell of the indicator over all its periods (thousands of rows at national scale) and a scan
of all of them per look-up, so the view grew with the data. Here every (period, region, sex) value is combined
once and kept per indicator (``progress_cache.per_indicator``: a value approved, a target or the indicator edited
bumps that indicator's version), and a look-up is a dictionary read.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from common.extensions import db
from monitoring import cells as mc
from monitoring import progress as pg
from monitoring import progress_cache
from monitoring.models import Indicator

FORMAT = "cuts1"  # part of each entry's key: a change of the layout below retires the old entries


def _cut(region: str | None, sex: str | None) -> str:
    return f"{region or ''}|{sex or ''}"


class IndicatorCuts:
    """The approved disaggregation cells of one indicator over all periods, combined by the indicator's own rules:
    its value for a region, a sex, or both, in any period (dashboard map, pivot and trend)."""

    def __init__(self, indicator_id: int) -> None:
        entry = progress_cache.per_indicator("cuts", {indicator_id: FORMAT}, _compute)[indicator_id]
        self.indicator_id = indicator_id
        self.code: str = entry["code"]
        self.dimensions: dict[str, list[str]] = entry["dimensions"]
        self._values: dict[str, dict[str, float]] = entry["values"]

    def value(self, period: str, *, region: str | None = None, sex: str | None = None) -> float | None:
        """The value at ``period`` of the cells of ``region`` and ``sex`` (``None``: every one, combined)."""
        if (region and "region" not in self.dimensions) or (sex and "sex" not in self.dimensions):
            return None
        return self._values.get(period, {}).get(_cut(region, sex))

    def series(self, codes: list[str], *, region: str | None = None,
               sex: str | None = None) -> list[tuple[str, float]]:
        found = [(code, self.value(code, region=region, sex=sex)) for code in codes]
        return [(code, value) for code, value in found if value is not None]


def _compute(indicator_ids: list[int]) -> dict[int, dict[str, Any]]:
    from monitoring.queries import cell_sums

    sums = cell_sums(indicator_ids)
    return {i: _combined(db.session.get(Indicator, i), sums.get(i, [])) for i in indicator_ids}


def _combined(indicator: Indicator, rows: list[tuple[pg.Cells, str]]) -> dict[str, Any]:
    """Per period, the value of every (region, sex) cut the cells have, ``None`` standing for "combined"."""
    from monitoring.queries import spec_of

    dimensions = dict(indicator.dimensions or {})
    spec, full = spec_of(indicator), len(dimensions)
    by_period: dict[str, dict[tuple[str | None, str | None], list[pg.Cells]]] = defaultdict(lambda: defaultdict(list))
    for row, key in rows:
        if row.depth != full:
            continue
        cell = mc.parse(key)
        by_period[row.period][(cell.get("region"), cell.get("sex"))].append(
            pg.Cells(row.period, row.org_unit_id, 0, row.component, row.total, row.count))
    values: dict[str, dict[str, float]] = {}
    for period, by_cut in by_period.items():
        found = values.setdefault(period, {})
        for region in {None} | {r for r, _s in by_cut}:
            for sex in {None} | {s for _r, s in by_cut}:
                picked = [cells for (r, s), group in by_cut.items() if region in (None, r) and sex in (None, s)
                          for cells in group]
                total = pg.period_totals(spec, picked).get(period)
                if total is not None and total.value is not None:
                    found[_cut(region, sex)] = total.value
    return {"code": indicator.code, "dimensions": dimensions, "values": values}
