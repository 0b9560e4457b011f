"""The target-versus-actual chart as plain geometry, drawn by a template as inline SVG.

No JavaScript and no chart library: the page's CSP allows scripts from the site only, the chart
must work with scripts off, and a table with the same numbers stands beside it for screen readers.
Time runs along the x axis by date, so a quarterly series and annual targets line up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from monitoring import periods

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


@dataclass
class Point:
    x: float
    y: float
    period: str
    value: float


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    baseline_y: float | None = None
    targets: list[Point] = field(default_factory=list)
    actuals: list[Point] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.targets or self.actuals or self.baseline_y is not None)

    @staticmethod
    def path(points: list[Point]) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(points))


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` intervals over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def build(baseline: float | None, baseline_year: int | None, targets: dict[str, float],
          actuals: list[tuple[str, float]]) -> Chart:
    chart = Chart()
    dated: list[tuple[date, float]] = []
    if baseline is not None and baseline_year:
        dated.append((periods.year_end(baseline_year), baseline))
    target_points = sorted(((periods.parse(p).end, p, v) for p, v in targets.items() if periods.parse(p)))
    actual_points = [(periods.parse(p).end, p, v) for p, v in actuals if periods.parse(p)]
    dated += [(d, v) for d, _p, v in target_points + actual_points]
    if not dated:
        return chart
    values = [v for _d, v in dated] + ([baseline] if baseline is not None else [])
    low, high = min(values), max(values)
    if low > 0 and high - low >= 0.5 * high:  # a wide range reads best from zero; a narrow one would be a flat line
        low = 0.0
    step = nice_step(high - low or abs(high) or 1)
    if low > 0:
        low = max(0.0, low - step / 2)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    if high == low:
        high = low + step
    first = min(d for d, _v in dated).replace(month=1, day=1)
    last = date(max(d for d, _v in dated).year, 12, 31)
    days = max(1, (last - first).days)

    def x(when: date) -> float:
        return chart.left + (chart.right - chart.left) * (when - first).days / days

    def y(value: float) -> float:
        return chart.bottom - (chart.bottom - chart.top) * (value - low) / (high - low)

    ticks = round((high - low) / step)
    chart.y_ticks = [(y(low + i * step), fmt(low + i * step)) for i in range(ticks + 1)]
    chart.x_ticks = [(x(date(year, 7, 1)), str(year)) for year in range(first.year, last.year + 1)]
    if baseline is not None:
        chart.baseline_y = y(baseline)
    chart.targets = [Point(x(d), y(v), p, v) for d, p, v in target_points]
    chart.actuals = [Point(x(d), y(v), p, v) for d, p, v in actual_points]
    return chart


def table_rows(targets: dict[str, float], actuals: list[tuple[str, float]]) -> list[tuple[str, float | None,
                                                                                        float | None]]:
    """(period, target, actual) in time order: the numbers of the chart, for the table beside it."""
    actual = dict(actuals)
    codes = sorted(set(targets) | set(actual), key=periods.sort_key)
    return [(code, targets.get(code), actual.get(code)) for code in codes]
