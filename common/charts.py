"""Charts as inline SVG, drawn from the same figures as the tables beside them: vector output, no JavaScript,
no plotting library (the pages' CSP allows scripts from the site only, charts must work with scripts off, and a
PDF has no browser).

Two kinds, one module: ``bar_chart`` returns the SVG of a horizontal bar chart (HR, learning and M&E reports);
``line_chart`` returns the geometry of a target-versus-actual chart that a template draws (M&E indicator pages).
A suppressed figure (``None``) gets no bar, only its "<5"/"hidden" text, so a chart reveals nothing its table hides.
Labels are escaped: unit names come from imported files.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

from markupsafe import Markup

ROW = 20
LABEL_WIDTH = 210
BAR_WIDTH = 250
VALUE_WIDTH = 60
FONT = "font-family:'DejaVu Sans',sans-serif;font-size:10px"


def _clip(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(title: str, bars: Sequence[tuple[str, int | None]], shown: Sequence[str] | None = None) -> Markup:
    """A horizontal bar chart. ``bars`` are (label, value or None); ``shown`` the text printed after each bar
    (defaults to the value)."""
    shown = list(shown) if shown is not None else [str(v) if v is not None else "" for _, v in bars]
    top = max((v for _, v in bars if v), default=0)
    width, height = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH, ROW * max(len(bars), 1) + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, ((label, number), text) in enumerate(zip(bars, shown, strict=True)):
        y = 3 + i * ROW
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end" style="{FONT}">'
                     f"{escape(_clip(label))}</text>")
        length = round(BAR_WIDTH * number / top) if number and top else 0
        if length:
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length}" height="{ROW - 6}" fill="#1d70b8"/>')
        parts.append(f'<text x="{LABEL_WIDTH + length + 4}" y="{y + 13}" style="{FONT}">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


WIDTH, HEIGHT = 640, 300  # the line chart's
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


def line_chart(baseline: float | None, baseline_on: date | None, targets: Sequence[tuple[date, str, float]],
               actuals: Sequence[tuple[date, str, float]]) -> Chart:
    """The geometry of a target-versus-actual chart: points are (date, label, value), x by date, y on round ticks;
    the baseline is a level line (and a point in time when ``baseline_on`` is known).

    A template draws it (``monitoring/_me.html``), so its texts are translated where it is shown."""
    chart = Chart()
    target_points = sorted(targets)
    actual_points = list(actuals)
    dated: list[tuple[date, float]] = [(baseline_on, baseline)] if baseline is not None and baseline_on else []
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
