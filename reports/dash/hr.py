"""The HR dashboard: headcount, movements, appraisals and training hours of a unit subtree in a year, from
``reports.hr_figures`` (the figures the HR PDF report prints).

The layout offers only units in the user's scope, but the callback trusts nothing it is sent: it
asks ``hr_figures``, which checks the scope again, and a unit outside it gets no update at all.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from dash import Dash, Input, Output, dcc, html
from dash.exceptions import PreventUpdate
from flask_login import current_user

from common.i18n import get_locale
from common.i18n import gettext as _
from common.permissions import has_capability
from reports.dash.components import as_sent, tiles
from reports.dashboards import DASHBOARDS
from reports.hr_figures import default_unit_id, hr_cached, hr_figures, hr_tables, unit_label, year_choices
from reports.hr_training import training_table
from reports.privacy import display
from reports.tables import Table
from reports.unit_picker import unit_choices

CAPABILITY = DASHBOARDS["hr"].capability


def layout(user: Any, _query: dict[str, Any] | None = None) -> Any:
    years = year_choices()
    return html.Div([
        html.H1(_("HR dashboard")),
        html.P(_("Staff of a unit and its sub-units. Groups of fewer than 5 people are shown as \"<5\"; where that "
                 "alone would let the figure be worked out from the total, one more group is shown as \"hidden\".")),
        html.Div(className="search", children=[
            html.Div(className="form-group dash-filter", children=[
                html.Label(_("Unit and its sub-units"), htmlFor="hr-unit", className="label"),
                dcc.Dropdown(id="hr-unit", options=[{"label": label, "value": value}
                                                    for value, label in unit_choices(user)],
                             value=default_unit_id(user), clearable=False)]),
            html.Div(className="form-group dash-filter dash-filter--short", children=[
                html.Label(_("Year"), htmlFor="hr-year", className="label"),
                dcc.Dropdown(id="hr-year", options=[{"label": str(y), "value": y} for y in years], value=years[0],
                             clearable=False, searchable=False)]),
        ]),
        html.Div(id="hr-tiles"),
        dcc.Loading(html.Div(id="hr-content", **{"aria-live": "polite"})),
    ])


def update(unit_id: Any, year: Any) -> Any:
    """Callback: the figures of ``unit_id`` for ``year``; nothing at all for a unit outside the user's scope.

    The view is kept whole (``_view``): a repeated call checks the scope (``hr_cached``) and reads the cache's version,
    nothing else."""
    if not has_capability(current_user, CAPABILITY):
        raise PreventUpdate
    try:
        unit_id = int(unit_id or 0)
    except (TypeError, ValueError):
        raise PreventUpdate from None
    found = hr_cached(current_user, unit_id, year, f"dashboard:{get_locale()}", _view)
    if found is None:
        raise PreventUpdate
    return found


def _view(unit_id: int, year: int) -> Any:
    """The view of a unit and year as Dash sends it: a few hundred components, built and encoded once per language
    and version of the directory (``hr_cached``), not at every call."""
    figures = hr_figures(current_user, unit_id, year)
    return None if figures is None else as_sent(content(figures, unit_id))


def headline(unit_id: Any, year: Any) -> Any:
    """Callback: the headline tiles of ``unit_id`` and ``year`` (groups under 5 stay "<5"), apart from the charts."""
    if not has_capability(current_user, CAPABILITY):
        raise PreventUpdate
    try:
        unit_id = int(unit_id or 0)
    except (TypeError, ValueError):
        raise PreventUpdate from None
    figures = hr_figures(current_user, unit_id, year)
    if figures is None:
        raise PreventUpdate
    moves = figures["movements"]
    last = moves[-1]
    trend = " · ".join(f"{m['year']}: +{display(m['hires'])} / −{display(m['leavers'])}" for m in moves[-4:])
    return tiles("hr-headline", _("At a glance, %(year)s", year=figures["year"]), [
        (_("Staff in post on %(date)s", date=figures["on"]), display(figures["total"]), unit_label(figures)),
        (_("Hires in %(year)s", year=figures["year"]), display(last["hires"]), None),
        (_("Leavers in %(year)s", year=figures["year"]), display(last["leavers"]), None),
        (_("Hires and leavers by year"), f"{moves[-4:][0]['year']}–{last['year']}", trend)])


def content(figures: dict[str, Any], unit_id: int) -> Any:
    query = urlencode({"unit": unit_id, "year": figures["year"]})
    moves = figures["movements"][-1]
    headline = html.Dl(className="summary-list", children=[
        html.Dt(_("Staff in post on %(date)s", date=figures["on"])), html.Dd(display(figures["total"]), id="hr-total"),
        html.Dt(_("Hires in %(year)s", year=figures["year"])), html.Dd(display(moves["hires"])),
        html.Dt(_("Leavers in %(year)s", year=figures["year"])), html.Dd(display(moves["leavers"])),
    ])
    sections: list[Any] = [html.H2(f"{unit_label(figures)}, {figures['year']}"), headline,
                           html.P(html.A(_("PDF report of this unit and year"), href=f"/reports/hr?{query}#pdf"))]
    for table in hr_tables(figures):
        sections.append(_figure(table, query))
    sections.extend(_training(figures))
    return sections


def _training(figures: dict[str, Any]) -> list[Any]:
    """The development record's hours of the year, by sub-unit: the same suppressed figures as the PDF's section."""
    table = training_table(figures, Table)
    if table is None:  # figures cached before training was counted: shown on the next computation
        return []
    training = figures["training"]
    if len(table.rows) <= 1:
        return [html.H2(_("Training"), id="hr-training-heading"),
                html.P(_("No training hours were recorded in this year."), className="placeholder")]
    summary = html.Dl(className="summary-list", id="hr-training-summary", children=[
        html.Dt(_("People trained")), html.Dd(display(training["people"])),
        html.Dt(_("Hours")), html.Dd(training["hours"]),
        html.Dt(_("Hours per person trained")), html.Dd(training["per_person"])])
    return [html.H2(_("Training"), id="hr-training-heading"),
            html.P(_("Hours recorded in the year in the development record (completed courses and approved external "
                     "training) by the staff now in post.")), summary, _figure(table, None)]


def _figure(table: Table, query: str | None) -> Any:
    """One table with its bar chart; with CSV and Excel links when ``query`` is given (the table is exported)."""
    labels = [label for label, _value in table.chart]
    values = [value for _label, value in table.chart]
    shown = table.chart_texts()
    graph = dcc.Graph(config={"displayModeBar": False, "staticPlot": True}, figure={
        "data": [{"type": "bar", "orientation": "h", "y": labels, "x": [v or 0 for v in values], "text": shown,
                  "textposition": "outside", "cliponaxis": False, "marker": {"color": "#1d70b8"}}],
        "layout": {"height": 60 + 26 * len(labels), "margin": {"l": 220, "r": 50, "t": 10, "b": 30},
                   "yaxis": {"autorange": "reversed", "automargin": True}, "xaxis": {"rangemode": "tozero"},
                   "font": {"family": "DejaVu Sans, Arial, sans-serif"}}})
    head = html.Thead(html.Tr([html.Th(c, scope="col", className="num" if i else None)
                               for i, c in enumerate(table.columns)]))
    body = html.Tbody([html.Tr([html.Th(row[0], scope="row")] + [html.Td(cell, className="num") for cell in row[1:]])
                       for row in table.display_rows()])
    exports = html.P([_("Download") + ": ",
                      html.A("CSV", href=f"/reports/hr/{table.key}.csv?{query}"), " · ",
                      html.A("Excel", href=f"/reports/hr/{table.key}.xlsx?{query}")]) if query is not None else None
    return html.Section(id=f"hr-{table.key}", className="report-figure", children=[
        html.H3(table.title), html.Div(graph, **{"aria-hidden": "true"}),
        html.Div(html.Table([head, body]), className="table-wrap"), *([exports] if exports else [])])


def register(app: Dash) -> None:
    app.callback(Output("hr-content", "children"), Input("hr-unit", "value"), Input("hr-year", "value"))(update)
    app.callback(Output("hr-tiles", "children"), Input("hr-unit", "value"), Input("hr-year", "value"))(headline)
