"""Bar charts as inline SVG, drawn from the same figures as the tables: vector output, no browser, no plotting library.

A suppressed figure (``None``) gets no bar, only its "<5"/"hidden" text, so a chart reveals nothing
its table hides. Labels are escaped: unit names come from imported files.
"""

from __future__ import annotations

from collections.abc import Sequence
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
