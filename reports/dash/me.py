"""The M&E dashboard: a strategy's status by objective and agency, indicator trends, completeness of reporting.

The layout offers only strategies in the user's scope; the callback trusts nothing it is sent and asks
``reports.me_figures``, which checks the scope again: a strategy outside it gets no update at all.
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, dcc, html
from dash.exceptions import PreventUpdate
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from common.labels import dimension_value
from reports.dash.components import data_table
from reports.dash.pages import DashboardPage, add_page
from reports.me_figures import CAPABILITY, me_figures, number, title, visible_documents
from reports.me_tables import me_tables

TRENDS_SHOWN = 40  # the most trend charts one update draws


def layout(user: Any) -> Any:
    documents = visible_documents(user)
    return html.Div([
        html.H1(_("Monitoring and evaluation dashboard")),
        html.P(_("Implementation of a strategy's activities in the latest reporting period, its indicators against "
                 "their baselines and targets, and how completely each agency has reported.")),
        html.Div(className="search", children=[html.Div(className="form-group dash-filter", children=[
            html.Label(_("Strategy"), htmlFor="me-document", className="label"),
            dcc.Dropdown(id="me-document", options=[{"label": f"{d.code} — {d.title}", "value": d.id}
                                                    for d in documents],
                         value=documents[0].id if documents else None, clearable=False)])]),
        dcc.Loading(html.Div(id="me-content", **{"aria-live": "polite"})),
    ])


def update(document_id: Any) -> Any:
    """Callback: the figures of one strategy; nothing at all for a strategy outside the user's scope."""
    figures = me_figures(current_user, document_id)
    if figures is None:
        raise PreventUpdate
    return content(figures)


def content(figures: dict[str, Any]) -> Any:
    doc = figures["document"]
    query = f"?document={doc['id']}"
    sections: list[Any] = [
        html.H2(f"{doc['code']} — {title(doc)}"),
        html.P(_("Activities as reported for %(period)s.", period=figures["as_of"] or _("no reports yet"))),
        html.P(html.A(_("Monitoring report of this strategy (PDF)"), href=f"/reports/me{query}#pdf")),
    ]
    for table in me_tables(figures):
        sections.extend([html.H3(table.title), data_table(f"me-{table.key}", table.columns, table.display_rows()),
                         html.P([_("Download") + ": ", html.A("CSV", href=f"/reports/me/{table.key}.csv{query}"),
                                 " · ", html.A("Excel", href=f"/reports/me/{table.key}.xlsx{query}")])])
    drawable = [i for i in figures["indicators"] if i["series"] or i["targets"]]
    shown = trend_indicators(drawable)
    if len(shown) < len(drawable):
        sections.append(html.P(_("Trends of the %(shown)d indicators furthest behind their targets, of %(total)d. "
                                 "Every indicator's figures are in the table above and in its downloads.",
                                 shown=len(shown), total=len(drawable))))
    sections.extend(_trend(indicator) for indicator in shown)
    return sections


def trend_indicators(drawable: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The indicators whose trends are drawn: all of them, or for a large strategy the furthest behind.

    A strategy of 400 indicators made an update of 400 charts (2.5 MB, a second to build), too much
    for a slow connection and for a reader; red, then amber, then the lowest progress come first,
    kept in the strategy's order.
    """
    if len(drawable) <= TRENDS_SHOWN:
        return drawable
    severity = {"red": 0, "amber": 1}

    def behind(n: int) -> tuple[int, bool, float]:
        indicator = drawable[n]
        return severity.get(indicator["status"], 2), indicator["progress"] is None, indicator["progress"] or 0.0

    ranked = sorted(range(len(drawable)), key=behind)
    return [drawable[n] for n in sorted(ranked[:TRENDS_SHOWN])]


def _trend(indicator: dict[str, Any]) -> Any:
    """Actual values against the target line and the baseline, as a line chart."""
    series, targets = indicator["series"], indicator["targets"]
    data = [{"type": "scatter", "mode": "lines+markers", "name": _("Actual"), "x": [p for p, _v in series],
             "y": [v for _p, v in series], "line": {"color": "#1d70b8"}},
            {"type": "scatter", "mode": "lines+markers", "name": _("Target"), "x": [p for p, _v in targets],
             "y": [v for _p, v in targets], "line": {"color": "#00703c", "dash": "dash"}}]
    shapes = []
    if indicator["baseline"] is not None:
        shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": indicator["baseline"],
                       "y1": indicator["baseline"], "line": {"color": "#505a5f", "dash": "dot"}})
    graph = dcc.Graph(config={"displayModeBar": False, "staticPlot": True}, figure={"data": data, "layout": {
        "height": 260, "margin": {"l": 50, "r": 20, "t": 10, "b": 40}, "shapes": shapes,
        "xaxis": {"type": "category", "categoryorder": "category ascending"},
        "font": {"family": "DejaVu Sans, Arial, sans-serif"}}})
    summary = _("Baseline %(baseline)s, target %(target)s, actual %(actual)s.", baseline=number(indicator["baseline"]),
                target=number(indicator["target"]), actual=number(indicator["actual"]))
    breakdowns = [data_table(f"me-breakdown-{indicator['id']}-{b['dimension']}",
                             [_("%(dimension)s, %(period)s", dimension=b["label"], period=b["period"]), _("Actual")],
                             [[dimension_value(b["dimension"], option), number(amount)]
                              for option, amount in b["values"]])
                  for b in indicator.get("breakdown", [])]
    return html.Section(className="report-figure", id=f"me-trend-{indicator['id']}", children=[
        html.H4(f"{indicator['code']} {title(indicator)}"), html.Div(graph, **{"aria-hidden": "true"}),
        html.P(summary), *breakdowns])


def register(app: Dash) -> None:
    app.callback(Output("me-content", "children"), Input("me-document", "value"))(update)


add_page(DashboardPage("me", _l("Monitoring and evaluation dashboard"), _l(
    "Per strategy: implementation by objective and agency, indicator trends against targets, completeness of "
    "reporting."), CAPABILITY, layout))
