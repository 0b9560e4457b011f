"""Dash components more than one dashboard draws: kept here so that no dashboard reaches into another's file."""

from __future__ import annotations

import json
from typing import Any

from dash import html
from plotly.io.json import to_json_plotly


def data_table(key: str, columns: list[str], rows: list[list[Any]]) -> Any:
    """An accessible table: column headers, the first cell of each row as its row header, figures right-aligned."""
    head = html.Thead(html.Tr([html.Th(c, scope="col", className="num" if i else None)
                               for i, c in enumerate(columns)]))
    body = html.Tbody([html.Tr([html.Th(row[0], scope="row")] + [html.Td(str(c), className="num") for c in row[1:]])
                       for row in rows])
    # Focusable and named: a wide table (Georgian labels on a phone) scrolls by keyboard too.
    label = columns[0] if columns else key
    return html.Div(html.Table([head, body], id=key), className="table-wrap", tabIndex="0", role="region",
                    **{"aria-label": str(label)})


def tiles(key: str, heading: str, items: list[tuple[str, str, str | None]]) -> Any:
    """Headline figures as tiles: (label, figure as shown, a note or None). Drawn apart from the charts, so they show
    before Plotly has loaded."""
    return html.Section(id=key, children=[html.H2(heading), html.Ul([
        html.Li(className="tile", children=[html.Span(label), html.Strong(figure, className="tile__figure"),
                                            *([html.Span(note, className="hint")] if note else [])])
        for label, figure, note in items], className="tiles")])


def as_sent(tree: Any) -> Any:
    """``tree`` (components, or ``None``) as the plain JSON Dash sends for it: what a dashboard keeps in the cache.

    Building a view's components costs more than the rest of its callback, and Dash's encoder then walks every one of
    them again; a view kept as plain lists and dicts is encoded to the same bytes in a fraction of the time."""
    return None if tree is None else json.loads(to_json_plotly(tree))
