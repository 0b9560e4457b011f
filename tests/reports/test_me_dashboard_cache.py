"""The M&E dashboard's views are kept whole (``reports.dash.me.update``): a repeated view reads no M&E data, yet an
approval shows at the next call, and each reader gets their own language's labels, never another's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from common import cache
from common.extensions import db
from common.models import OrgUnit
from monitoring import overview_cache, progress_cache
from monitoring.models import DataValue
from monitoring.operations.values import decide
from reports.me_figures import me_figures
from tests.reports.test_dash import CALLBACK, _texts
from tests.reports.test_me import World, _table_rows, build_world, me_body
from tests.reports.test_me_dashboard import _chart_body


@pytest.fixture()
def world(factory) -> World:
    return build_world(factory)


def _regional(world: World) -> dict[str, Any]:
    figures = me_figures(world.approver, world.document.id)
    return next(i for i in figures["indicators"] if {"region", "sex"} <= set(i["dimensions"]) and i["as_of"])


def _guria(client: Any, world: World, indicator: dict[str, Any]) -> list[str]:
    response = client.post(CALLBACK, json=me_body(world.document.id, period=indicator["as_of"], sex="female",
                                                  indicator=indicator["id"])).get_json()
    return next(row for row in _table_rows(response, "me-regions") if row[0] == "Guria")


def test_a_repeated_view_reads_no_me_data(world, login_as, count_queries):
    approver = login_as(world.approver)
    indicator = _regional(world)
    view = me_body(world.document.id, period=indicator["as_of"], indicator=indicator["id"])
    chart = _chart_body(world.document.id, period=indicator["as_of"], indicator=indicator["id"])
    address = {**view, "output": "url.search", "outputs": {"id": "url", "property": "search"}}
    first = [approver.post(CALLBACK, json=body).get_json() for body in (view, chart, address)]
    assert first[1]["response"]["me-trend-chart"]["children"]["props"]["figure"]["data"], "the trend is drawn"
    with count_queries() as counter:
        again = [approver.post(CALLBACK, json=body).get_json() for body in (view, chart, address)]
    assert again == first
    read = [s for s in counter.statements if re.search(r"\bme_\w+", s.lower())]  # the M&E tables
    assert not read, f"a view already built reads no strategy, indicator or value: {read}"


@pytest.mark.parametrize("store", ["memory", "redis", "database"])
def test_an_approved_value_shows_at_the_next_call(world, login_as, store, request, monkeypatch, app):
    """A value approved shows on the dashboard at the next call, the views kept in this process, in Redis (versions
    too, as in production) or with the versions in the database (PostgreSQL without Redis)."""
    if store == "redis":
        monkeypatch.setitem(app.config, "REDIS_URL", request.getfixturevalue("redis_url"))
        monkeypatch.setitem(app.config, "CACHE_VERSIONS", "auto")
    elif store == "database":
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the cache's versions are kept in the database on PostgreSQL only: not tested: the "
                        "dashboard after an approval with versions in the database")
        monkeypatch.setitem(app.config, "CACHE_VERSIONS", "database")
    assert cache.version_store() == store
    # Entries an earlier run left in the shared store under the same ids are retired first.
    cache.bump_many({overview_cache.NAMESPACE, progress_cache.NAMESPACE})
    approver = login_as(world.approver)
    indicator = _regional(world)
    before = _guria(approver, world, indicator)
    assert before[1] != "–", "the demo has Guria's female figure"
    cell = db.session.execute(select(DataValue).where(
        DataValue.indicator_id == indicator["id"], DataValue.period == indicator["as_of"],
        DataValue.status == "approved", DataValue.cell.contains("region=Guria"),
        DataValue.cell.contains("sex=female"))).scalars().first()
    # The agency corrects the figure and submits it again; until it is approved the dashboard keeps the old one.
    cell.value += 1000
    cell.status, cell.entered_by_id, cell.submitted_by_id = "submitted", world.rs_officer.id, world.rs_officer.id
    db.session.commit()
    pending = _guria(approver, world, indicator)
    assert pending != before, "the value awaiting approval is not an approved figure any more"
    unit = db.session.get(OrgUnit, cell.org_unit_id)
    group = (indicator["id"], indicator["as_of"], unit.id)
    decide([group], {unit.id: unit}, approve=True, actor=world.approver, confirmed=[group])  # a large change: checked
    db.session.commit()
    after = _guria(approver, world, indicator)
    assert after != before and after != pending, "the approval shows at the next call"
    assert _guria(approver, world, indicator) == after, "and is kept under the new version"


def test_each_language_gets_its_own_labels(world, login_as):
    approver = login_as(world.approver)
    body = me_body(world.document.id)
    english = " ".join(_texts(approver.post(CALLBACK, json=body).get_json()))
    assert "At a glance" in english and "Trend:" in english
    approver.post("/auth/language", data={"lang": "ka"})
    georgian = " ".join(_texts(approver.post(CALLBACK, json=body).get_json()))
    assert "მოკლედ" in georgian, "the Georgian tiles' heading"
    assert "At a glance" not in georgian and "Trend:" not in georgian, "no English label kept from the first view"
    assert world.document.title_ka in georgian and world.document.title_en not in georgian
    approver.post("/auth/language", data={"lang": "en"})
    assert " ".join(_texts(approver.post(CALLBACK, json=body).get_json())) == english


def test_the_statuses_kept_over_time_are_those_computed_at_each_period(world):
    """The tiles read each indicator's status from its kept timeline: the same as the arithmetic at that period."""
    from reports.me_dashboard import period_choices, status_at

    figures = me_figures(world.approver, world.document.id)
    document, seen = figures["document"], set()
    for indicator in figures["indicators"]:
        computed = {key: value for key, value in indicator.items() if key != "timeline"}
        for period in period_choices(figures):
            assert status_at(indicator, period, document) == status_at(computed, period, document), (
                indicator["code"], period)
            seen.add(status_at(indicator, period, document))
    assert len(seen) > 1, "the demo's indicators change status over time"
