"""Each indicator's status over time, kept per indicator and data version: what the dashboard's tiles count.

The tiles count every indicator of a strategy by its status at the chosen period and at the one before
(``queries.status_at``: the progress arithmetic with only the values up to that period known). At national scale
that was 800 progress computations on every view. An indicator's status changes only at its own periods with a
value, so the statuses after each of them are computed once per indicator and data version
(``progress_cache.per_indicator``: an approval recomputes the approved indicator's only), and the status at any
period is the entry for the number of its values known by then.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from monitoring import periods, progress_cache
from monitoring import progress as pg
from monitoring.models import PolicyDocument


def status_timelines(document: PolicyDocument, results: Iterable[Any]) -> dict[int, list[str]]:
    """Per indicator (``queries.IndicatorResult``): its status with none of its values known, then with each of
    them in time order known: ``status_at(period)`` is entry *k*, *k* being how many of its periods end by then."""
    by_id = {result.indicator.id: result for result in results}
    passport = f"{document.period_start}:{document.green_threshold}:{document.amber_threshold}"

    def compute(ids: list[int]) -> dict[int, list[str]]:
        return {i: _timeline(document, by_id[i]) for i in ids}

    return progress_cache.per_indicator("timeline", dict.fromkeys(by_id, passport), compute)


def _timeline(document: PolicyDocument, result: Any) -> list[str]:
    indicator = result.indicator
    spec = pg.Spec(direction=indicator.direction, baseline=indicator.baseline_value,
                   baseline_year=indicator.baseline_year)
    series = sorted(result.series, key=lambda point: periods.sort_key(point[0]))
    targets = dict(result.target_series())
    return [pg.indicator_progress(spec, series[:known], targets, start=document.period_start,
                                  green=document.green_threshold, amber=document.amber_threshold).status
            for known in range(len(series) + 1)]
