"""The M&E dashboard: headline tiles, one indicator's trend, its regional map and region × sex pivot, filtered.

A view is its filters (strategy, period, region, sex, status, agency, indicator), kept in the URL's query string:
the layout reads them, every change writes them back, so a copied link opens the same view. At most two charts
are drawn (the trend and the map); every other figure is a table. The layout offers only strategies in the user's
scope; the callbacks trust nothing they are sent and ask ``reports.me_figures``, which checks the scope again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from dash import Dash, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate
from flask_login import current_user
from plotly.io.json import to_json_plotly

from common.i18n import get_locale
from common.i18n import gettext as _
from common.labels import GENDER_LABELS, ME_STATUS_LABELS, REGION_LABELS
from common.models.directory import REGIONS
from reports.dash import me_parts
from reports.dash.me_parts import TRENDS_SHOWN, trend_indicators  # noqa: F401 - the strategy-wide list's choice
from reports.me_dashboard import RAG, SEXES, Cuts, View, parse_view, period_choices, settle
from reports.me_figures import me_cached, me_figures, title, visible_documents

FILTERS = ("document", "period", "region", "sex", "status", "agency", "indicator")
INPUTS = [Input(f"me-{name}", "value") for name in FILTERS]


def _dropdown(name: str, label: str, options: list[dict[str, Any]], value: Any, *, clearable: bool = True,
              short: bool = True) -> Any:
    return html.Div(className="form-group dash-filter" + (" dash-filter--short" if short else ""), children=[
        html.Label(label, htmlFor=f"me-{name}", className="label"),
        dcc.Dropdown(id=f"me-{name}", options=options, value=value, clearable=clearable,
                     placeholder=_("All"), searchable=not short)])


def _choices(figures: dict[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    if figures is None:
        return {"period": [], "agency": [], "indicator": []}
    return {"period": [{"label": p, "value": p} for p in reversed(period_choices(figures))],
            "agency": [{"label": f"{a['code']} {title(a) or ''}".strip(), "value": a["id"]}
                       for a in figures["agencies"]],
            "indicator": [{"label": f"{i['code']} {title(i)}", "value": i["id"]} for i in figures["indicators"]]}


def layout(user: Any, query: dict[str, Any] | None = None) -> Any:
    documents = visible_documents(user)
    view = parse_view(query or {})
    ids = [d.id for d in documents]
    document = view.document if view.document in ids else (ids[0] if ids else None)
    figures = me_figures(user, document) if document else None
    if figures:
        view = settle(View(document, view.period, view.region, view.sex, view.status, view.agency, view.indicator),
                      figures)
    choices = _choices(figures)
    return html.Div([
        html.H1(_("Monitoring and evaluation dashboard")),
        html.P(_("Where a strategy stands: its indicators against their targets, one indicator over time and by "
                 "region, and how completely the agencies report. Every filter is kept in the page's address, "
                 "so a copied link opens this same view.")),
        html.Div(className="search dash-filters", children=[
            _dropdown("document", _("Strategy"), [{"label": f"{d.code} — {d.title}", "value": d.id}
                                                  for d in documents], document, clearable=False, short=False),
            _dropdown("period", _("Period"), choices["period"], view.period, clearable=False),
            _dropdown("indicator", _("Indicator"), choices["indicator"], view.indicator, clearable=False,
                      short=False),
            _dropdown("region", _("Region"), [{"label": str(REGION_LABELS[r]), "value": r} for r in REGIONS],
                      view.region),
            _dropdown("sex", _("Sex"), [{"label": str(GENDER_LABELS[s]), "value": s} for s in SEXES], view.sex),
            _dropdown("status", _("Status"), [{"label": str(ME_STATUS_LABELS[r]), "value": r} for r in RAG],
                      view.status),
            _dropdown("agency", _("Responsible agency"), choices["agency"], view.agency)]),
        html.Div(id="me-content", **{"aria-live": "polite"}),
    ])


def update(document_id: Any, period: Any = None, region: Any = None, sex: Any = None, status: Any = None,
           agency: Any = None, indicator: Any = None) -> Any:
    """Callback: the view's figures; nothing at all for a strategy outside the user's scope.

    Building a view (tiles from every indicator's status, the trend, map and pivot, a few hundred components) cost
    40-70 ms of CPU on every call, growing with the strategy; yet it is the same for everyone who shares the
    figures, so it is kept (``_kept``): a write to the strategy retires it, another language or view is another entry.
    """
    return _kept("view", document_id, (period, region, sex, status, agency, indicator), me_parts.content)


def chart(document_id: Any, period: Any = None, region: Any = None, sex: Any = None, status: Any = None,
          agency: Any = None, indicator: Any = None) -> Any:
    """Callback: the view's trend chart, after the page's figures have shown."""
    def build(figures: dict[str, Any], view: View) -> Any:
        chosen = next((i for i in figures["indicators"] if i["id"] == view.indicator), None)
        return None if chosen is None else me_parts.trend_graph(chosen, Cuts(chosen["id"]), view)

    return _kept("chart", document_id, (period, region, sex, status, agency, indicator), build)


def _kept(kind: str, document_id: Any, filters: tuple[Any, ...], build: Callable[[dict[str, Any], View], Any]) -> Any:
    """``build(figures, view)`` as the JSON Dash sends, kept per strategy data version, scope, day, language and
    filters (``me_cached``, which keys it as the figures are); ``PreventUpdate`` outside the user's scope or when
    ``build`` has nothing to show. A hit reads no M&E data and decodes no figures: the same few milliseconds for
    a strategy of 40 indicators or of 400."""
    asked = parse_view({"document": document_id, **dict(zip(FILTERS[1:], filters, strict=True))})

    def compute(number: int) -> Any:
        figures = me_figures(current_user, number)
        built = None if figures is None else build(figures, settle(asked, figures))
        return None if built is None else json.loads(to_json_plotly(built))

    found = me_cached(current_user, document_id, f"{kind}:{get_locale()}:{asked.query()}", compute)
    if found is None:
        raise PreventUpdate
    return found


def every_table(clicks: Any, document_id: Any) -> Any:
    """Callback: the strategy's tables, once the reader asks for them (hundreds of cells: not on every view)."""
    figures = me_figures(current_user, document_id)
    if figures is None or not clicks:
        raise PreventUpdate
    return me_parts.all_figures(figures)


def address(document_id: Any, period: Any = None, region: Any = None, sex: Any = None, status: Any = None,
            agency: Any = None, indicator: Any = None) -> str:
    """Callback: the view's filters as the page address's query string (only what the user may see)."""
    query = parse_view({"document": document_id, "period": period, "region": region, "sex": sex, "status": status,
                        "agency": agency, "indicator": indicator}).query()
    # Only the scope check needs the figures: kept per filters like the view, not decoded on every change.
    return _kept("address", document_id, (period, region, sex, status, agency, indicator), lambda _f, _v: query)


def choices(document_id: Any, period: Any, agency: Any, indicator: Any) -> tuple[Any, ...]:
    """Callback: another strategy's periods, agencies and indicators, keeping the chosen ones it also has."""
    figures = me_figures(current_user, document_id)
    if figures is None:
        raise PreventUpdate
    view = settle(parse_view({"document": document_id, "period": period, "agency": agency, "indicator": indicator}),
                  figures)
    found = _choices(figures)
    return found["period"], view.period, found["agency"], view.agency, found["indicator"], view.indicator


def register(app: Dash) -> None:
    app.callback(Output("me-content", "children"), *INPUTS)(update)
    app.callback(Output("me-trend-chart", "children"), *INPUTS)(chart)
    app.callback(Output("url", "search"), *INPUTS, prevent_initial_call=True)(address)
    app.callback(Output("me-all-body", "children"), Input("me-all-show", "n_clicks"),
                 State("me-document", "value"))(every_table)
    app.callback(Output("me-period", "options"), Output("me-period", "value"), Output("me-agency", "options"),
                 Output("me-agency", "value"), Output("me-indicator", "options"), Output("me-indicator", "value"),
                 Input("me-document", "value"), State("me-period", "value"), State("me-agency", "value"),
                 State("me-indicator", "value"), prevent_initial_call=True)(choices)
