"""The learning dashboard: enrolments, completions and pass rates by course; mandatory training by unit.

The layout offers only units in the user's scope; the callback asks ``reports.learning_figures``,
which checks the scope again: a unit outside it gets no update at all. The tables are
``learning_tables``', the same the page without JavaScript, the exports and the PDF show. The
course table shows the ``COURSES_SHOWN`` courses with the most enrolments and says how many there are:
a ministry's staff take some 300 courses at national scale, and drawing every one of them made the
callback grow with the catalogue. The report page, the CSV and Excel downloads and the PDF list them all.
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, dcc, html
from dash.exceptions import PreventUpdate
from flask_login import current_user

from common.i18n import get_locale
from common.i18n import gettext as _
from reports.dash.components import as_sent, data_table, tiles
from reports.learning_figures import learning_cached, learning_figures, learning_tables, unit_choices
from reports.tables import Table

COURSES_SHOWN = 25  # the busiest courses; the report page and the downloads list every one


def layout(user: Any, _query: dict[str, Any] | None = None) -> Any:
    units = unit_choices(user)
    return html.Div([
        html.H1(_("Learning dashboard")),
        html.P(_("Current enrolments of the staff of a unit and its sub-units. The pass rate is completions out of "
                 "completions and failures.")),
        html.Div(className="search", children=[html.Div(className="form-group dash-filter", children=[
            html.Label(_("Unit and its sub-units"), htmlFor="learning-unit", className="label"),
            dcc.Dropdown(id="learning-unit", options=[{"label": label, "value": value} for value, label in units],
                         value=units[0][0] if units else None, clearable=False)])]),
        html.Div(id="learning-tiles"),
        dcc.Loading(html.Div(id="learning-content", **{"aria-live": "polite"})),
    ])


def update(unit_id: Any) -> Any:
    """Callback: the figures of one unit; nothing at all for a unit outside the user's scope.

    The view is kept whole (``_view``): a repeated call reads the cache's version, nothing else."""
    found = learning_cached(current_user, unit_id, f"view:{COURSES_SHOWN}:{get_locale()}", _view)
    if found is None:
        raise PreventUpdate
    return found


def _view(unit_id: int) -> Any:
    """The view of a unit as Dash sends it, after the scope check: its components built and encoded once per
    language, day and version of the learning data (``learning_cached``), not at every call."""
    figures = learning_figures(current_user, unit_id, courses_shown=COURSES_SHOWN)
    return None if figures is None else as_sent(content(figures))


def headline(unit_id: Any) -> Any:
    """Callback: the unit's headline tiles (its whole subtree), apart from the charts so they show first."""
    figures = learning_figures(current_user, unit_id, courses_shown=COURSES_SHOWN)
    if figures is None:
        raise PreventUpdate
    whole = figures["mandatory"][0] if figures["mandatory"] else {}
    totals = figures["totals"]  # every course's, not only the ones the table shows
    done, failed = totals["completions"], totals["failed"]
    return tiles("learning-headline", _("At a glance"), [
        (_("Enrolments"), str(totals["enrolments"]), None),
        (_("Completions"), str(done), _("Pass rate %(rate)s", rate=f"{round(100 * done / (done + failed))}%"
                                          if done + failed else "–")),
        (_("Mandatory training overdue"), str(whole.get("overdue", 0)), None),
        (_("Certificates expiring soon"), str(whole.get("expiring", 0)), None)])


def _section(table: Table, unit_id: int, courses: int) -> Any:
    graph = dcc.Graph(config={"displayModeBar": False, "staticPlot": True}, figure={
        "data": [{"type": "bar", "orientation": "h", "y": [label for label, _v in table.chart],
                  "x": [v or 0 for _label, v in table.chart], "marker": {"color": "#1d70b8"}}],
        "layout": {"height": 60 + 26 * len(table.chart), "margin": {"l": 220, "r": 30, "t": 10, "b": 30},
                   # from zero, never an empty -1..1 axis when every bar is 0; compliance bars on a 0-100 % scale
                   "xaxis": {"range": [0, 100 if table.key == "mandatory" else
                                       max([v or 0 for _label, v in table.chart] + [1]) * 1.1]},
                   "yaxis": {"autorange": "reversed", "automargin": True}}})
    if not table.chart:  # nothing to draw: say so
        graph = html.P(_("No figures to chart yet for this unit."), className="hint")
    query = f"?unit={unit_id}"
    more = []
    if table.key == "courses" and courses > len(table.rows):  # the busiest only: say so, and where the rest are
        more = [html.P(className="hint", children=[
            _("The %(shown)d courses with the most enrolments, of %(total)d.", shown=len(table.rows), total=courses),
            " ", html.A(_("Every course"), href=f"/reports/learning{query}#t-courses")])]
    return html.Section(id=f"learning-{table.key}", className="report-figure", children=[
        html.H3(table.title), html.Div(graph, **{"aria-hidden": "true"}) if isinstance(graph, dcc.Graph) else graph,
        data_table(f"learning-{table.key}-table", table.columns, table.display_rows()), *more,
        html.P([_("Download") + ": ", html.A("CSV", href=f"/reports/learning/{table.key}.csv{query}"), " · ",
                html.A("Excel", href=f"/reports/learning/{table.key}.xlsx{query}")])])


def content(figures: dict[str, Any]) -> Any:
    unit = figures["unit"]
    return [html.H2(f"{unit['name']} ({unit['code']})"),
            html.P(html.A(_("Course-compliance PDF report of this unit"),
                          href=f"/reports/learning?unit={unit['id']}#pdf")),
            *(_section(table, unit["id"], figures["totals"]["courses"]) for table in learning_tables(figures))]


def register(app: Dash) -> None:
    app.callback(Output("learning-content", "children"), Input("learning-unit", "value"))(update)
    app.callback(Output("learning-tiles", "children"), Input("learning-unit", "value"))(headline)
