"""The M&E dashboard's views: tiles, trend, map and table follow the period; the URL reproduces a view; the pivot
exports exactly what it shows; an indicator's status has one name on every page."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from common.labels import ME_STATUS_LABELS
from reports.me_dashboard import period_choices
from reports.me_figures import me_figures
from tests.reports.test_dash import CALLBACK, _page_body, _texts
from tests.reports.test_me import World, _pdf, _table_rows, build_world, me_body


@pytest.fixture()
def world(factory) -> World:
    return build_world(factory)


def _find(node: Any, key: str) -> Any:
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == key:
            return node
        return next((hit for value in node.values() if (hit := _find(value, key)) is not None), None)
    if isinstance(node, list):
        return next((hit for item in node if (hit := _find(item, key)) is not None), None)
    return None


def _regional_indicator(figures: dict[str, Any]) -> dict[str, Any]:
    return next(i for i in figures["indicators"] if {"region", "sex"} <= set(i["dimensions"]))


def test_changing_the_period_changes_the_tiles_the_map_and_the_regional_table(world, login_as):
    approver = login_as(world.approver)
    figures = me_figures(world.approver, world.document.id)
    indicator = _regional_indicator(figures)
    first, last = period_choices(figures)[0], period_choices(figures)[-1]
    views = {}
    for period in (first, last):
        response = approver.post(CALLBACK, json=me_body(world.document.id, period=period,
                                                        indicator=indicator["id"])).get_json()
        views[period] = {"tiles": _texts(_find(response, "me-tiles")), "table": _table_rows(response, "me-regions"),
                         "map": _texts(_find(response, "me-map"))}
        assert len(views[period]["table"]) == 12, "Georgia's 12 first-level regions"
        assert f"By region, {period}" in views[period]["map"]
        assert any(text.startswith("data:image/svg+xml") for text in views[period]["map"]), "the map is drawn"
        assert f"At a glance, {period}" in views[period]["tiles"]
        assert f"Trend: {indicator['code']}" in " ".join(_texts(response))
    assert views[first]["table"] != views[last]["table"]
    assert views[first]["map"] != views[last]["map"]
    assert views[first]["tiles"] != views[last]["tiles"]


def test_the_address_reproduces_the_view(world, login_as):
    approver = login_as(world.approver)
    figures = me_figures(world.approver, world.document.id)
    indicator = _regional_indicator(figures)
    period = period_choices(figures)[0]
    body = me_body(world.document.id, period=period, region="Imereti", sex="female", status="red",
                   indicator=indicator["id"])
    body.update(output="url.search", outputs={"id": "url", "property": "search"})
    query = approver.post(CALLBACK, json=body).get_json()["response"]["url"]["search"]
    assert query == (f"?document={world.document.id}&period={period}&region=Imereti&sex=female&status=red"
                     f"&indicator={indicator['id']}")
    page = approver.post(CALLBACK, json=_page_body("/dashboards/me", query)).get_json()
    chosen = {name: _find(page, f"me-{name}")["props"]["value"] for name in
              ("document", "period", "region", "sex", "status", "agency", "indicator")}
    assert chosen == {"document": world.document.id, "period": period, "region": "Imereti", "sex": "female",
                      "status": "red", "agency": None, "indicator": indicator["id"]}
    # A filter the user may not choose is dropped, not trusted.
    foreign = approver.post(CALLBACK, json=_page_body("/dashboards/me", "?region=Atlantis&status=blue")).get_json()
    assert _find(foreign, "me-region")["props"]["value"] is None
    assert _find(foreign, "me-status")["props"]["value"] is None


def test_the_pivot_by_region_and_sex_exports_exactly_the_numbers_shown(world, login_as):
    approver = login_as(world.approver)
    figures = me_figures(world.approver, world.document.id)
    indicator = _regional_indicator(figures)
    period = indicator["as_of"]  # its latest approved period
    response = approver.post(CALLBACK, json=me_body(world.document.id, period=period,
                                                    indicator=indicator["id"])).get_json()
    shown = _table_rows(response, "me-pivot")
    assert len(shown) == 13 and shown[-1][0] == "All regions"  # 12 regions and the total
    assert all(cell != "–" for row in shown for cell in row[1:]), "the demo reports every region and sex"
    query = f"?document={world.document.id}&period={period}&indicator={indicator['id']}"
    exported = approver.get(f"/reports/me/pivot.csv{query}")
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Region", "Female", "Male", "Total"]
    assert [[r[0], *(float(c) for c in r[1:])] for r in rows[1:]] == \
        [[r[0], *(float(c.replace(",", "")) for c in r[1:])] for r in shown]
    sheet = load_workbook(io.BytesIO(approver.get(f"/reports/me/pivot.xlsx{query}").data)).active
    cells = list(sheet.iter_rows(values_only=True))
    assert all(isinstance(v, int | float) for row in cells[1:] for v in row[1:]), "numbers as numbers"
    assert [[r[0], *(float(v) for v in r[1:])] for r in cells[1:]] == \
        [[r[0], *(float(c.replace(",", "")) for c in r[1:])] for r in shown]
    # One sex, one region: the pivot and its export narrow alike.
    narrow = approver.post(CALLBACK, json=me_body(world.document.id, period=period, region="Guria", sex="male",
                                                  indicator=indicator["id"])).get_json()
    assert [row[0] for row in _table_rows(narrow, "me-pivot")] == ["Guria"]
    csv_narrow = approver.get(f"/reports/me/pivot.csv{query}&region=Guria&sex=male").get_data(as_text=True)
    assert next(csv.reader(io.StringIO(csv_narrow.lstrip("\ufeff")))) == ["Region", "Male", "Total"]


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_status_names_are_the_same_on_the_strategy_page_the_dashboard_and_the_pdf(world, login_as, lang):
    from flask_babel import force_locale

    from tests.reports.test_exports_and_pdf import _pdf_text

    approver = login_as(world.approver)
    pdf = _pdf_text(_pdf(approver, world.document.id, lang))  # the report's language is chosen on its form
    approver.post("/auth/language", data={"lang": lang})  # the pages' language is the reader's
    figures = me_figures(world.approver, world.document.id)
    used = {i["status"] for i in figures["indicators"]}
    strategy = approver.get(f"/me/documents/{world.document.id}").get_data(as_text=True)
    assert f'<html lang="{lang}"' in strategy
    dashboard = " ".join(_texts(approver.post(CALLBACK, json=me_body(world.document.id)).get_json()))
    assert len(used) >= 2
    for code in used:
        with force_locale(lang):
            label = str(ME_STATUS_LABELS[code])
        assert label in strategy and label in dashboard and label in pdf, label
        if lang == "ka":  # the English name is left nowhere
            english = str(ME_STATUS_LABELS[code])
            assert english not in strategy and english not in dashboard and english not in pdf, english
    for stale in ("Some delay", "At risk"):
        assert stale not in strategy and stale not in dashboard and stale not in pdf


def _chart_body(document_id: Any, **filters: Any) -> dict:
    body = me_body(document_id, **filters)
    body.update(output="me-trend-chart.children", outputs={"id": "me-trend-chart", "property": "children"})
    return body


def test_the_trend_has_a_date_axis_a_target_line_and_the_baseline_marked(world, login_as):
    from datetime import date

    figures = me_figures(world.approver, world.document.id)
    indicator = _regional_indicator(figures)
    assert indicator["baseline"] is not None and indicator["targets"], "the world gives it both"
    response = login_as(world.approver).post(CALLBACK, json=_chart_body(world.document.id,
                                                                       indicator=indicator["id"])).get_json()
    figure = _find(response, "me-trend-graph")["props"]["figure"]
    assert figure["layout"]["xaxis"]["type"] == "date"
    actual, target = (next(s for s in figure["data"] if s["name"] == name) for name in ("Actual", "Target"))
    for series in (actual, target):
        assert series["x"] and all(isinstance(date.fromisoformat(x[:10]), date) for x in series["x"])
        assert series["x"] == sorted(series["x"]), "in time order"
    assert target["y"] == [value for _period, value in indicator["targets"]]
    assert target["line"]["dash"] == "dash" and actual["line"].get("dash") is None  # told apart without colour
    baseline = [s for s in figure["layout"]["shapes"]
                if s.get("xref") == "paper" and s["y0"] == s["y1"] == indicator["baseline"]]
    assert len(baseline) == 1, figure["layout"]["shapes"]
    assert any(note["text"].startswith("Baseline") and note["y"] == indicator["baseline"]
               for note in figure["layout"]["annotations"])
