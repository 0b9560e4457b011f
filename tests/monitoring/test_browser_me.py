"""The M&E journeys in a real browser: an officer enters and submits values with JavaScript switched off, an
approver approves them from the queue, and the public indicator page draws its chart as SVG beside a table.
Every page on the way is checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from monitoring.models import DataValue, Target

pytestmark = pytest.mark.browser


@pytest.fixture()
def strategy(factory: Any, me: Any, db: Any) -> Any:
    me.document.published = True
    indicator = factory.me_indicator(me.document, me.objective, code="PAR-7", name_en="Services available online",
                                     aggregation="last", baseline_value=300, baseline_year=2022,
                                     dimensions={"sex": ["female", "male"]})
    for period, value in (("2024", 380), ("2026", 520)):
        db.session.add(Target(indicator_id=indicator.id, period=period, value=value))
    for period, value in (("2023Q4", 330), ("2024Q2", 350), ("2024Q4", 390)):
        db.session.add(DataValue(indicator_id=indicator.id, period=period, org_unit_id=me.agency.id, value=value,
                                 status="approved"))
    db.session.commit()
    return indicator


def test_an_officer_enters_and_submits_values_without_javascript(new_context: Any, me: Any, strategy: Any,
                                                                sign_in: Any) -> None:
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, me.officer.email)
    page.goto("/me/entry")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter data")
    page.goto(f"/me/indicators/{strategy.id}/values?period=2025Q1&unit={me.agency.id}")
    page.get_by_label("Value, Sex: female").fill("210")
    page.get_by_label("Value, Sex: male").fill("abc")
    page.get_by_role("button", name="Save and submit for approval").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    page.get_by_label("Value, Sex: male").fill("190")
    page.get_by_label("Comment, Sex: male").fill("From the HR register")
    page.get_by_role("button", name="Save and submit for approval").click()
    expect(page.get_by_role("status").first).to_contain_text("Values submitted for approval.")
    expect(page.locator("#lock-reason")).to_contain_text("submitted and await approval")


def test_the_approver_approves_from_the_queue_and_the_pages_pass_axe(page: Page, me: Any, strategy: Any, db: Any,
                                                                     sign_in: Any, assert_accessible: Any) -> None:
    db.session.add(DataValue(indicator_id=strategy.id, period="2025Q1", org_unit_id=me.agency.id, value=400,
                             status="submitted"))
    db.session.commit()
    sign_in(page, me.approver.email)
    page.goto("/me/approvals")
    assert_accessible(page)
    page.get_by_label(f"PAR-7 2025Q1 {me.agency.name_en}").check()
    page.get_by_role("button", name="Approve the chosen values").click()
    expect(page.get_by_role("status").first).to_contain_text("1 values approved.")
    for url in (f"/me/documents/{me.document.id}", f"/me/indicators/{strategy.id}",
                f"/me/indicators/{strategy.id}/values?period=2025Q1&unit={me.agency.id}", "/me/"):
        page.goto(url)
        assert_accessible(page)


def test_the_public_chart_is_svg_beside_a_table_and_needs_no_javascript(new_context: Any, strategy: Any,
                                                                        assert_accessible: Any) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"/public/indicators/{strategy.id}")
    chart = page.get_by_role("img", name="Target versus actual: Services available online")
    expect(chart).to_be_visible()
    expect(chart.locator("circle.chart__actual-point")).to_have_count(3)
    expect(chart.locator("circle.chart__target-point")).to_have_count(2)
    table = page.get_by_role("table", name="Baseline, targets and approved actual values")
    expect(table.get_by_role("row")).to_have_count(1 + 1 + 5)  # header, baseline, 2 targets and 3 actuals
    scripted = new_context().new_page()
    scripted.goto(f"/public/indicators/{strategy.id}")
    assert_accessible(scripted)
    scripted.goto("/public/")
    assert_accessible(scripted)
