"""The indicator's own value and when it is unusual: one rule shared by the entry checks and the approval screen.

A computed indicator's own value is its ratio (numerator ÷ denominator × factor), not its parts: a
region reporting 5 of 900 returns online is ordinary as counts and absurd as a share (0.56 % where
every earlier quarter was near 97 %). The outlier rule therefore compares the own value of a cell
with the same cell's own values in earlier periods, so that the officer (at entry) and the approver
(at approval) see the same flag, with the rule stated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from math import fsum, sqrt
from typing import Any

from common.i18n import lazy_gettext as _l

MIN_POINTS = 4  # fewer earlier periods say too little about what is usual
WINDOW = 8  # earlier periods compared with (at least a year's): a national history need not be read whole
RULE = _l("Rule: an outlier is more than three standard deviations from the mean of the last eight periods "
          "(at least four with data; more than half the mean when they never varied).")


def own_value(indicator: Any, parts: Mapping[str, float | None]) -> float | None:
    """The value the indicator reports: the plain value, or numerator ÷ denominator × factor."""
    if not indicator.computed:
        return parts.get("value")
    numerator, denominator = parts.get("numerator"), parts.get("denominator")
    if numerator is None or not denominator:
        return None
    return numerator / denominator * (indicator.factor or 1.0)


def history_window(period: str) -> list[str]:
    """The earlier periods a value of ``period`` is compared with: the last eight, or the last year's if more."""
    from monitoring import periods

    return [code for step in range(1, max(WINDOW, periods.per_year(period)) + 1)
            if (code := periods.shifted(period, -step)) is not None]


def grouped(rows: Iterable[Any]) -> dict[tuple[str, int, str], dict[str, float]]:
    """Stored rows (``period``, ``org_unit_id``, ``cell``, ``component``, ``value``) as their parts per series point."""
    points: dict[tuple[str, int, str], dict[str, float]] = {}
    for row in rows:
        points.setdefault((row.period, row.org_unit_id, row.cell), {})[row.component] = row.value
    return points


def outlier_range(value: float | None, history: list[float]) -> tuple[float, float] | None:
    """(lowest, highest) of ``history`` when ``value`` is an outlier against it, else ``None``."""
    if value is None or len(history) < MIN_POINTS:
        return None
    centre, spread = _centre_and_spread(history)
    limit = 3 * spread if spread else abs(centre) / 2
    if limit and abs(value - centre) > limit:
        return min(history), max(history)
    return None


def _centre_and_spread(history: list[float]) -> tuple[float, float]:
    """Mean and population standard deviation in floats. ``statistics`` computes them in exact fractions, 170 µs a
    series: the approval queue tests a few hundred series a page, and that was half its time. A series that never
    varied has a spread of exactly 0 (its rounded mean could differ from its values by a unit in the last place)."""
    if min(history) == max(history):
        return history[0], 0.0
    centre = fsum(history) / len(history)
    return centre, sqrt(fsum((x - centre) ** 2 for x in history) / len(history))


def figure(value: float | None) -> str:
    """A figure as messages show it: at most two decimals, no thousands separator (0.56, 97.1, 1000)."""
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def outlier_message(indicator: Any, value: float, low: float, high: float) -> Any:
    suffix = " %" if indicator.unit == "percentage" else ""
    return _l("%(value)s is unusual for this series: earlier periods ranged from %(low)s to %(high)s. Check it "
              "before submitting. %(rule)s", value=figure(value) + suffix, low=figure(low) + suffix,
              high=figure(high) + suffix, rule=RULE)
