"""The M&E dashboard: the demo strategy's figures, scoped per user on the page and on every callback."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from common.extensions import db
from common.models.users import ME_APPROVER, ME_OFFICER
from monitoring.demo import build_strategy
from reports.me_figures import LEVELS, NO_REPORT, me_figures, visible_documents
from tests.reports.test_dash import CALLBACK, _page_body, _texts

AGENCIES = {"MOF": "Ministry of Finance", "MOJ": "Ministry of Justice", "RS": "Revenue Service",
            "PSDA": "Public Service Development Agency"}


@dataclass
class World:
    document: Any
    units: dict[str, Any]
    approver: Any  # government-wide
    rs_officer: Any  # scoped to the Revenue Service, which carries part of the strategy
    stranger: Any  # an M&E officer of a ministry with no part in the strategy


def me_body(document_id: Any, **filters: Any) -> dict:
    """The M&E dashboard's content callback: the strategy and the view's other filters (``None``: all/default)."""
    names = ("document", "period", "region", "sex", "status", "agency", "indicator")
    values = {"document": document_id, **filters}
    return {"output": "me-content.children", "outputs": {"id": "me-content", "property": "children"},
            "inputs": [{"id": f"me-{name}", "property": "value", "value": values.get(name)} for name in names],
            "changedPropIds": ["me-document.value"], "state": []}


def me_all_body(document_id: Any) -> dict:
    """The callback that draws every table of the strategy when the reader asks for them."""
    return {"output": "me-all-body.children", "outputs": {"id": "me-all-body", "property": "children"},
            "inputs": [{"id": "me-all-show", "property": "n_clicks", "value": 1}],
            "changedPropIds": ["me-all-show.n_clicks"],
            "state": [{"id": "me-document", "property": "value", "value": document_id}]}


def me_view(client, document_id: Any) -> list[Any]:
    """What the dashboard shows for a strategy with every section open: the view and all its tables."""
    return [client.post(CALLBACK, json=me_body(document_id)).get_json(),
            client.post(CALLBACK, json=me_all_body(document_id)).get_json()]


@pytest.fixture()
def world(factory) -> World:
    return build_world(factory)


def build_world(factory) -> World:
    units = {code: factory.unit(code, name_en=name) for code, name in AGENCIES.items()}
    other = factory.unit("MX", name_en="Ministry X")
    document = build_strategy(date.today())
    result = World(document, units, factory.user(roles=[(ME_APPROVER, None)]),
                   factory.user(roles=[(ME_OFFICER, units["RS"])]), factory.user(roles=[(ME_OFFICER, other)]))
    db.session.commit()
    return result


def test_the_demo_strategy_figures_add_up(world):
    figures = me_figures(world.approver, world.document.id)
    assert figures["as_of"], "the demo reports activities for half-years"
    assert list(figures["levels"]) == [*LEVELS, NO_REPORT]
    activities = sum(figures["levels"].values())
    assert activities == 9 and figures["levels"][NO_REPORT] < activities
    # Every activity counts once under its objective and once under its agency.
    assert sum(sum(o["levels"].values()) for o in figures["objectives"]) == activities
    assert sum(sum(a["levels"].values()) for a in figures["agencies"]) == activities
    assert sum(sum(o["rag"].values()) for o in figures["objectives"]) == len(figures["indicators"]) == 40
    indicator = figures["indicators"][0]
    assert indicator["baseline"] is not None and indicator["targets"] and indicator["series"]
    assert all(a["indicators_reported"] <= a["indicators"] for a in figures["agencies"])
    assert any(a["indicators_reported"] for a in figures["agencies"])


def test_a_scoped_officer_sees_only_their_agency_and_a_stranger_nothing(world):
    rs = me_figures(world.rs_officer, world.document.id)
    assert [a["code"] for a in rs["agencies"]] == ["RS"]
    assert rs["levels"] == me_figures(world.approver, world.document.id)["levels"], "strategy-wide status is shared"
    assert visible_documents(world.rs_officer) == [world.document]
    assert me_figures(world.stranger, world.document.id) is None and visible_documents(world.stranger) == []


def test_a_crafted_callback_outside_the_scope_gets_nothing(world, login_as):
    officer = login_as(world.rs_officer)
    own = officer.post(CALLBACK, json=me_body(world.document.id))
    assert own.status_code == 200
    texts = _texts(me_view(officer, world.document.id))
    assert "Revenue Service (RS)" in texts and "Ministry of Justice (MOJ)" not in texts
    assert "Status by objective" in texts and "Fully implemented" in texts
    for crafted in (world.document.id + 1, 0, "x", None):
        response = officer.post(CALLBACK, json=me_body(crafted))
        assert response.status_code == 204 and response.data == b"", crafted
        assert officer.post(CALLBACK, json=me_all_body(crafted)).status_code == 204, crafted
    stranger = login_as(world.stranger)
    assert stranger.post(CALLBACK, json=me_body(world.document.id)).status_code == 204
    assert stranger.post(CALLBACK, json=me_all_body(world.document.id)).status_code == 204
    page = _texts(stranger.post(CALLBACK, json=_page_body("/dashboards/me")).get_json())
    assert not any(world.document.code in text for text in page), "the picker offers only strategies in scope"
    everyone = _texts(me_view(login_as(world.approver), world.document.id))
    assert "Ministry of Justice (MOJ)" in everyone and "Completeness of reporting by agency" in everyone


def test_an_hr_officer_cannot_reach_the_me_dashboard(world, factory, login_as):
    from common.models.users import HR_OFFICER

    hr = login_as(factory.user(roles=[(HR_OFFICER, None)]))
    assert hr.get("/dashboards/me").status_code == 403
    assert hr.post(CALLBACK, json=me_body(world.document.id)).status_code == 204


def _pdf(client, document_id: int, lang: str) -> bytes:
    response = client.post("/reports/me/report", data={"document": document_id, "lang": lang})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert "Download" in client.get(response.headers["Location"]).get_data(as_text=True)
    download = client.get(response.headers["Location"] + "/file")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    return download.data


def _table_rows(response: dict, table_id: str) -> list[list[str]]:
    """The rows of one table of the M&E callback response, as text."""
    def find(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == table_id:
                return node
            return next((hit for value in node.values() if (hit := find(value)) is not None), None)
        if isinstance(node, list):
            return next((hit for item in node if (hit := find(item)) is not None), None)
        return None

    table = find(response)
    body = table["props"]["children"][1]["props"]["children"]
    return [[str(cell["props"]["children"]) for cell in row["props"]["children"]] for row in body]


def test_the_monitoring_report_renders_the_four_level_table_with_the_dashboards_figures(world, login_as):
    from tests.reports.test_exports_and_pdf import _pdf_text

    approver = login_as(world.approver)
    text = _pdf_text(_pdf(approver, world.document.id, "en"))
    assert "monitoring report" in text and "Implementation status" in text and "Narratives" in text
    dashboard = me_view(approver, world.document.id)
    levels = _table_rows(dashboard, "me-levels")
    assert [row[0] for row in levels] == ["Fully implemented", "Mostly implemented", "Partially implemented",
                                          "Not implemented", "Not reported"]
    activities = sum(int(row[1]) for row in levels)
    for label, count in levels:
        share = f"{round(100 * int(count) / activities)}%"
        assert f"{label} {count} {share}" in text, (label, count)
    for row in _table_rows(dashboard, "me-indicators")[:5]:
        code, baseline, target, actual = row[0].split()[0], row[1], row[2], row[3]
        assert code in text and f"{baseline} {target} {actual}" in text, row
    assert "Baseline Target Actual Status" in text
    for key, table_id in (("levels", "me-levels"), ("indicators", "me-indicators"), ("agencies", "me-agencies")):
        exported = approver.get(f"/reports/me/{key}.csv?document={world.document.id}").get_data(as_text=True)
        rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))[1:]
        # The export holds the dashboard's figures as plain numbers (issue 18): 4000 where the page shows "4,000",
        # an empty cell where it shows "–".
        shown = [[cell.replace(",", "") if cell.replace(",", "").replace(".", "").isdigit() else
                  ("" if cell == "–" else cell) for cell in row] for row in _table_rows(dashboard, table_id)]
        assert rows == shown, key


def test_the_monitoring_report_is_laid_out_by_a_child_process_not_the_worker(world, login_as, monkeypatch):
    """A national strategy's report took the worker from 226 to 308 MB: the layout's memory must end with a child."""
    from tests.reports.test_exports_and_pdf import _pdf_text
    from tests.reports.test_hr_annex_parts import _spy_on_children

    started = _spy_on_children(monkeypatch)
    text = _pdf_text(_pdf(login_as(world.approver), world.document.id, "en"))
    assert [command[1:3] for command in started] == [["-m", "common.pdf_render"]]
    assert "monitoring report" in text and "Page 1 of" in text


def test_the_monitoring_report_in_georgian_and_outside_the_scope(world, login_as):
    from tests.reports.test_exports_and_pdf import _pdf_text

    text = _pdf_text(_pdf(login_as(world.rs_officer), world.document.id, "ka"))
    assert world.document.title_ka.split()[0] in text and "Revenue Service" not in text
    assert "შინაარსი" in text and "სრულად შესრულდა" in text and "არ შესრულებულა" in text
    assert "საბაზისო მაჩვენებელი" in text and "ერთეული RS (RS)" in text
    stranger = login_as(world.stranger)
    assert stranger.post("/reports/me/report", data={"document": world.document.id, "lang": "en"}).status_code == 404
    assert stranger.get(f"/reports/me?document={world.document.id}").status_code == 404
    assert stranger.get(f"/reports/me/levels.csv?document={world.document.id}").status_code == 404


def test_indicators_with_region_or_sex_are_broken_down_by_them(world, login_as):
    figures = me_figures(world.approver, world.document.id)
    split = [i for i in figures["indicators"] if i["breakdown"]]
    assert split, "the demo has indicators by sex and by region"
    by_sex = next(i for i in split if any(b["dimension"] == "sex" for b in i["breakdown"]))
    sex = next(b for b in by_sex["breakdown"] if b["dimension"] == "sex")
    assert sex["period"] == by_sex["as_of"] and len(sex["values"]) >= 2
    assert any(amount is not None for _option, amount in sex["values"])
    texts = _texts(me_view(login_as(world.approver), world.document.id))
    assert f"Sex, {sex['period']}" in texts


def test_figures_are_cached_until_any_me_data_changes(world, count_queries):
    from common import cache
    from monitoring.models import Indicator

    cache.clear()
    first = me_figures(world.approver, world.document.id)
    with count_queries() as counter:
        assert me_figures(world.approver, world.document.id) == first
    assert not [s for s in counter.statements if "me_value" in s.lower()], "a cached answer reads no values"
    shown = first["indicators"][0]
    indicator = db.session.get(Indicator, shown["id"])
    indicator.baseline_value = 12345.0
    db.session.commit()
    changed = next(i for i in me_figures(world.approver, world.document.id)["indicators"] if i["code"] == shown["code"])
    assert changed["baseline"] == 12345.0, "an edited baseline shows at once"
    # Another scope is another entry: the Revenue Service officer sees only the agency's part.
    assert me_figures(world.rs_officer, world.document.id) != me_figures(world.approver, world.document.id)


def test_after_a_change_only_that_indicators_breakdown_is_read_again_and_shows_the_new_value(world, monkeypatch):
    """The breakdowns read every cell of the latest periods: kept per indicator, a first view after an approval
    reads the changed indicator's cells only (a national strategy: one indicator of 400), and never an old figure."""
    from sqlalchemy import select

    from common import cache
    from monitoring import sums
    from monitoring.models import DataValue

    cache.clear()
    read: list[list[int]] = []
    real = sums.cell_sums
    monkeypatch.setattr(sums, "cell_sums", lambda ids, **kw: read.append(sorted(ids)) or real(ids, **kw))
    first = me_figures(world.approver, world.document.id)
    split = [i for i in first["indicators"] if i["breakdown"]]
    assert len(read) == 1 and len(read[0]) == len(split) > 1, "the first view reads every disaggregated indicator"
    by_sex = next(i for i in split if any(b["dimension"] == "sex" for b in i["breakdown"]))
    before = dict(next(b for b in by_sex["breakdown"] if b["dimension"] == "sex")["values"])
    cells = db.session.execute(select(DataValue).where(
        DataValue.indicator_id == by_sex["id"], DataValue.period == by_sex["as_of"], DataValue.status == "approved",
        DataValue.cell.contains("sex=female"))).scalars().all()
    assert cells, "the demo has approved values by sex"
    for value in cells:
        value.value += 1000
    db.session.commit()
    read.clear()
    again = next(i for i in me_figures(world.approver, world.document.id)["indicators"] if i["id"] == by_sex["id"])
    after = dict(next(b for b in again["breakdown"] if b["dimension"] == "sex")["values"])
    assert read == [[by_sex["id"]]], "only the changed indicator's cells are read again"
    assert after["female"] != before["female"] and after["male"] == before["male"]
    unchanged = next(i for i in split if i["id"] != by_sex["id"])
    assert next(i for i in me_figures(world.approver, world.document.id)["indicators"]
                if i["id"] == unchanged["id"])["breakdown"] == unchanged["breakdown"]


def test_an_indicator_is_reported_only_by_its_units_submitted_value_for_the_due_period(world):
    from sqlalchemy import delete, select

    from monitoring import queries as mq
    from monitoring.models import DataValue, Indicator

    document, today = world.document, date.today()
    indicators = [i for i in db.session.execute(select(Indicator).where(Indicator.document_id == document.id))
                  .scalars() if i.responsible_unit_id]
    due = mq.due_reports(document, indicators, today)
    indicator = next(i for i in indicators if due[i.id].period)
    period = due[indicator.id].period
    db.session.execute(delete(DataValue).where(DataValue.indicator_id == indicator.id, DataValue.period == period))
    other = next(u for u in world.units.values() if u.id != indicator.responsible_unit_id)
    db.session.add(DataValue(indicator_id=indicator.id, period=period, org_unit_id=other.id, value=1.0,
                             status="approved"))
    own = DataValue(indicator_id=indicator.id, period=period, org_unit_id=indicator.responsible_unit_id, value=2.0,
                    status="draft")
    db.session.add(own)
    db.session.flush()
    assert not mq.due_reports(document, [indicator], today)[indicator.id].reported, "a draft or another unit's value"
    own.status = "submitted"
    db.session.flush()
    assert mq.due_reports(document, indicators, today)[indicator.id] == mq.DueReport(period, True)


def test_a_large_strategy_draws_the_trends_of_the_indicators_furthest_behind_first():
    from reports.dash.me import TRENDS_SHOWN, trend_indicators

    small = [{"code": f"I{n}", "status": "green", "progress": 1.0} for n in range(TRENDS_SHOWN)]
    assert trend_indicators(small) == small, "a strategy of up to 40 indicators shows every trend"
    statuses = ["green"] * 300 + ["amber"] * 60 + ["red"] * 30 + ["none"] * 10
    large = [{"code": f"I{n}", "status": status, "progress": (n % 7) / 10} for n, status in enumerate(statuses)]
    shown = trend_indicators(large)
    assert len(shown) == TRENDS_SHOWN
    assert sum(i["status"] == "red" for i in shown) == 30, "every red indicator is drawn"
    assert {i["status"] for i in shown} == {"red", "amber"}, "then the amber ones furthest behind; no green"
    assert [i["code"] for i in shown] == [i["code"] for i in large if i in shown], "in the strategy's order"
    amber = [i for i in large if i["status"] == "amber"]
    assert max(i["progress"] for i in shown if i["status"] == "amber") <= \
        min(i["progress"] for i in amber if i not in shown), "the ambers drawn are the furthest behind"
