"""The sections of one M&E dashboard view: tiles, trend, map beside its table, pivot, indicator list, all figures.

Each chart has its text alternative beside it: a sentence and the figures as a table (the chart itself is hidden
from screen readers, which read the table instead).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dash import dcc, html

from common.i18n import gettext as _
from common.labels import GENDER_LABELS, ME_STATUS_LABELS, REGION_LABELS
from monitoring import queries as mq
from reports import region_map
from reports.dash.components import data_table
from reports.labels import LEVEL_LABELS
from reports.me_dashboard import RAG, Cuts, View, indicators_in_view, pivot, pivot_display, regional, status_at, tiles
from reports.me_figures import LEVELS, NO_REPORT, number, title
from reports.me_tables import me_tables

TRENDS_SHOWN = 40  # the most indicators whose breakdowns the strategy-wide section lists
FONT = {"family": "DejaVu Sans, Arial, sans-serif"}


def _link(view: View, text: str, **changes: Any) -> Any:
    return html.A(text, href="/dashboards/me" + replace(view, **changes).query())


def _tiles(figures: dict[str, Any], view: View) -> Any:
    found = tiles(figures, view)
    items = []
    for rag in RAG:
        change = found["change"]
        since = (_("%(change)+d since %(period)s", change=change[rag], period=found["previous"])
                 if change is not None else _("no earlier period"))
        items.append(html.Li(className=f"tile tile--{rag}", children=[
            _link(view, str(ME_STATUS_LABELS[rag]), status=rag),
            html.Strong(str(found["status"][rag]), className="tile__figure"), html.Span(since, className="hint")]))
    levels = [html.Li(f"{LEVEL_LABELS[level]}: {found['levels'][level]}") for level in (*LEVELS, NO_REPORT)]
    items.append(html.Li(className="tile", children=[html.Span(_("Activities by completion")),
                                                     html.Ul(levels, className="tile__list")]))
    items.append(html.Li(className="tile", children=[
        html.Span(_("Data submission rate, %(period)s", period=view.period or "–")),
        html.Strong(found["rate"], className="tile__figure"),
        html.Span(_("%(done)d of %(total)d indicators reported", done=found["submitted"], total=found["expected"]),
                  className="hint")]))
    return html.Section(id="me-tiles", children=[html.H2(_("At a glance, %(period)s", period=view.period or "–")),
                                                 html.Ul(items, className="tiles")])


def _date(code: str) -> str:
    return mq.period_end(code).isoformat()


def _trend_figure(indicator: dict[str, Any], cuts: Cuts, view: View) -> tuple[dict[str, Any], list[Any]]:
    """Actual values (of the region and sex chosen, if the indicator has them) against the target line, over time,
    with the baseline marked and the chosen period shown."""
    codes = sorted({p for p, _v in indicator["series"]}, key=mq.period_order)
    where = {k: v for k, v in (("region", view.region), ("sex", view.sex)) if v and k in indicator["dimensions"]}
    series = cuts.series(codes, **where) if where else [tuple(p) for p in indicator["series"]]
    targets = indicator["targets"]
    actual_name = _("Actual") if not where else _("Actual, %(cut)s", cut=", ".join(
        str(REGION_LABELS.get(v, GENDER_LABELS.get(v, v))) for v in where.values()))
    data = [{"type": "scatter", "mode": "lines+markers", "name": actual_name, "x": [_date(p) for p, _v in series],
             "y": [v for _p, v in series], "text": [p for p, _v in series], "line": {"color": "#1d70b8"},
             "hovertemplate": "%{text}: %{y}<extra></extra>"},
            {"type": "scatter", "mode": "lines+markers", "name": _("Target"), "x": [_date(p) for p, _v in targets],
             "y": [v for _p, v in targets], "text": [p for p, _v in targets],
             "line": {"color": "#00703c", "dash": "dash"}, "hovertemplate": "%{text}: %{y}<extra></extra>"}]
    shapes, notes = [], []
    if indicator["baseline"] is not None:
        shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": indicator["baseline"],
                       "y1": indicator["baseline"], "line": {"color": "#505a5f", "dash": "dot"}})
        notes.append({"xref": "paper", "x": 0, "y": indicator["baseline"], "xanchor": "left", "yanchor": "bottom",
                      "text": _("Baseline %(value)s", value=number(indicator["baseline"])), "showarrow": False})
    if view.period:
        shapes.append({"type": "line", "yref": "paper", "y0": 0, "y1": 1, "x0": _date(view.period),
                       "x1": _date(view.period), "line": {"color": "#b1b4b6", "width": 1}})
    figure = {
        "data": data, "layout": {"height": 300, "margin": {"l": 50, "r": 20, "t": 10, "b": 40}, "shapes": shapes,
                                 "annotations": notes, "xaxis": {"type": "date", "tickformat": "%Y-%m"},
                                 "legend": {"orientation": "h", "y": -0.2}, "font": FONT}}
    return figure, series


def trend_graph(indicator: dict[str, Any], cuts: Cuts, view: View) -> Any:
    """The trend chart alone: drawn by its own callback once the page's figures show (Plotly loads meanwhile)."""
    figure, _series = _trend_figure(indicator, cuts, view)
    return dcc.Graph(id="me-trend-graph", config={"displayModeBar": False, "responsive": True}, figure=figure)


def _trend(indicator: dict[str, Any], cuts: Cuts, view: View) -> Any:
    targets = indicator["targets"]
    _figure, series = _trend_figure(indicator, cuts, view)
    targets_by, actual_by = dict(map(tuple, targets)), dict(series)
    rows = [[p, number(targets_by.get(p)), number(actual_by.get(p))]
            for p in sorted(set(targets_by) | set(actual_by), key=mq.period_order)]
    summary = _("Baseline %(baseline)s, target %(target)s, actual %(actual)s.", baseline=number(indicator["baseline"]),
                target=number(indicator["target"]), actual=number(indicator["actual"]))
    return html.Section(className="report-figure", id="me-trend", children=[
        html.H2(_("Trend: %(indicator)s", indicator=f"{indicator['code']} {title(indicator)}")),
        html.Div(id="me-trend-chart", className="chart-slot", **{"aria-hidden": "true"}), html.P(summary),
        html.Details([html.Summary(_("The trend's figures")),
                      data_table("me-trend-table", [_("Period"), _("Target"), _("Actual")], rows)])])


def _map(indicator: dict[str, Any], cuts: Cuts, view: View) -> Any:
    values = regional(cuts, view)
    heading = html.H2(_("By region, %(period)s", period=view.period or "–"))
    if not values:
        return html.Section(id="me-map", children=[heading, html.P(_(
            "%(indicator)s is not broken down by region. Choose a regional indicator to see the map.",
            indicator=indicator["code"]))])
    known = [(r, v) for r, v in values if v is not None]
    alt = _("Map of Georgia's regions shaded by %(indicator)s in %(period)s.", indicator=indicator["code"],
            period=view.period)
    if known:
        high, low = max(known, key=lambda rv: rv[1]), min(known, key=lambda rv: rv[1])
        alt += " " + _("Highest: %(high)s (%(high_value)s); lowest: %(low)s (%(low_value)s).",
                       high=REGION_LABELS[high[0]], high_value=number(high[1]), low=REGION_LABELS[low[0]],
                       low_value=number(low[1]))
    rows = [[str(REGION_LABELS[r]), number(v)] for r, v in values]
    picture = html.Img(src=region_map.data_uri(dict(values), view.region), alt=alt, className="region-map")
    return html.Section(id="me-map", children=[heading, html.Div(className="map-row", children=[
        html.Figure([picture, html.Figcaption(_("Darker is higher; grey: no data."), className="hint")]),
        data_table("me-regions", [_("Region"), _("Value")], rows)])])


def _pivot(cuts: Cuts, view: View) -> Any:
    if not {"region", "sex"} & set(cuts.dimensions):
        return None
    table = pivot(cuts, view)
    exports = [_("Download") + ": ", html.A("CSV", href=f"/reports/me/pivot.csv{view.query()}"), " · ",
               html.A("Excel", href=f"/reports/me/pivot.xlsx{view.query()}")]
    return html.Section(id="me-pivot-section", children=[html.H2(table.title),
                                                         data_table("me-pivot", table.columns, pivot_display(table)),
                                                         html.P(exports)])


def _indicator_list(figures: dict[str, Any], view: View) -> Any:
    """The indicators the status and agency filters keep; each name opens that indicator's trend and map."""
    if not (view.status or view.agency):
        return html.Section(id="me-list", children=[html.H2(_("Indicators")), html.P(_(
            "Choose a status above, or a status or agency filter, to list its indicators; each opens its trend."))])
    kept = indicators_in_view(figures, view)
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in
                               (_("Indicator"), _("Baseline"), _("Target"), _("Actual"), _("Status"))]))
    body = html.Tbody([html.Tr([html.Th(_link(view, f"{i['code']} {title(i)}", indicator=i["id"]), scope="row"),
                                html.Td(number(i["baseline"]), className="num"),
                                html.Td(number(i["target"]), className="num"),
                                html.Td(number(i["actual"]), className="num"),
                                html.Td(str(ME_STATUS_LABELS[i["status_then"]]))]) for i in kept])
    caption = _("Indicators, status at %(period)s", period=view.period or "–")
    return html.Section(id="me-list", children=[
        html.H2(caption), html.P(_("%(count)d indicators.", count=len(kept))),
        html.Div(html.Table([head, body], id="me-indicator-list"), className="table-wrap", tabIndex="0",
                 role="region", **{"aria-label": caption})])


def _all_figures() -> Any:
    """Every table of the strategy, on demand: drawn by ``all_figures`` when the reader opens the section."""
    return html.Section(id="me-all", className="report-figure", children=[
        html.H2(_("All figures of the strategy (tables and downloads)")),
        html.Button(_("Show all figures"), id="me-all-show", type="button", className="button button--secondary"),
        html.Div(id="me-all-body", **{"aria-live": "polite"})])


def all_figures(figures: dict[str, Any]) -> list[Any]:
    query = f"?document={figures['document']['id']}"
    parts: list[Any] = []
    for table in me_tables(figures):
        parts.extend([html.H3(table.title), data_table(f"me-{table.key}", table.columns, table.display_rows()),
                      html.P([_("Download") + ": ", html.A("CSV", href=f"/reports/me/{table.key}.csv{query}"),
                              " · ", html.A("Excel", href=f"/reports/me/{table.key}.xlsx{query}")])])
    # Each disaggregated indicator's latest breakdown as one line per dimension (a table each was 500 elements).
    lines = []
    for indicator in trend_indicators([i for i in figures["indicators"] if i.get("breakdown")]):
        for b in indicator["breakdown"]:
            values = " · ".join(f"{_option(b['dimension'], option)} {number(amount)}" for option, amount in b["values"])
            lines.append(html.Li([f"{indicator['code']} {title(indicator)} — ",
                                  html.Strong(_("%(dimension)s, %(period)s", dimension=b["label"],
                                                period=b["period"])), f": {values}"]))
    parts.extend([html.H3(_("Latest figures by sex and region")), html.Ul(lines)])
    return parts


def _option(dimension: str, option: str) -> str:
    labels = {"sex": GENDER_LABELS, "region": REGION_LABELS}.get(dimension, {})
    return str(labels.get(option, option))


def trend_indicators(drawable: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """All of ``drawable``, or for a large strategy the ``TRENDS_SHOWN`` furthest behind (red, amber, then the
    lowest progress first), kept in the strategy's order."""
    if len(drawable) <= TRENDS_SHOWN:
        return drawable
    severity = {"red": 0, "amber": 1}

    def behind(n: int) -> tuple[int, bool, float]:
        indicator = drawable[n]
        return severity.get(indicator["status"], 2), indicator["progress"] is None, indicator["progress"] or 0.0

    ranked = sorted(range(len(drawable)), key=behind)
    return [drawable[n] for n in sorted(ranked[:TRENDS_SHOWN])]


def content(figures: dict[str, Any], view: View) -> list[Any]:
    doc = figures["document"]
    indicator = next((i for i in figures["indicators"] if i["id"] == view.indicator), None)
    sections: list[Any] = [
        html.H2(f"{doc['code']} — {title(doc)}"),
        html.P([_("Activities as reported for %(period)s.", period=figures["as_of"] or _("no reports yet")), " ",
                html.A(_("Monitoring report of this strategy (PDF)"), href=f"/reports/me?document={doc['id']}#pdf")]),
        _tiles(figures, view)]
    if indicator is not None:
        cuts = Cuts(indicator["id"])
        sections.append(html.P(_("Status of %(indicator)s at %(period)s: %(status)s.", indicator=indicator["code"],
                                 period=view.period or "–",
                                 status=ME_STATUS_LABELS[status_at(indicator, view.period, doc)])))
        sections.extend([_trend(indicator, cuts, view), _map(indicator, cuts, view), _pivot(cuts, view)])
    sections.extend([_indicator_list(figures, view), _all_figures()])
    return [s for s in sections if s is not None]
