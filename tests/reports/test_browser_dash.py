"""The HR dashboard in headless Chromium: it renders under the suite's CSP (no violation), with CSRF on."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.reports.helpers import build_ministry

pytestmark = pytest.mark.browser


def test_the_hr_dashboard_renders_with_no_csp_violation(app: Any, new_context: Any, factory: Any, sign_in: Any,
                                                         assert_accessible: Any, monkeypatch: Any) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # the callbacks' real protection, as in production
    world = build_ministry(factory)
    page = new_context().new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    failed: list[str] = []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    sign_in(page, world.hr.email)
    page.goto("/dashboards/")
    page.get_by_role("link", name="HR dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("HR dashboard")
    expect(page.locator("#hr-total")).to_have_text("22")
    by_unit = page.locator("#hr-by_unit table")
    expect(by_unit).to_contain_text("Budget Division")
    expect(by_unit.locator("tr", has_text="Audit Division")).to_contain_text("<5")
    expect(page.locator("#hr-by_unit .js-plotly-plot")).to_be_visible()  # the chart drew
    page.wait_for_load_state("networkidle")

    # Another year: the callback runs again (with its CSRF header) and the figures change.
    page.get_by_role("button", name="Year").click()
    page.get_by_role("option", name="2023", exact=True).click()
    expect(page.locator("#hr-content h2").first).to_contain_text("2023")
    expect(page.locator("#hr-total")).to_have_text("16")
    page.wait_for_load_state("networkidle")

    violations = [line for line in console if "Content Security Policy" in line or "Refused to" in line]
    assert not violations, "\n".join(violations)
    assert not [line for line in console if line.startswith(("error", "pageerror"))], "\n".join(console)
    assert not failed, failed
    assert_accessible(page)
    # The unit picker works from the keyboard: focus its button, open it, pick the budget division.
    page.get_by_role("button", name="Unit and its sub-units").focus()
    page.keyboard.press("Enter")
    page.get_by_role("option", name="Budget Division (MA-B)").click()
    expect(page.locator("#hr-content h2").first).to_contain_text("Budget Division, 2023")
    expect(page.locator("#hr-total")).to_have_text("12")


def test_hr_statistics_and_the_pdf_work_without_javascript(new_context: Any, factory: Any, sign_in: Any,
                                                           assert_accessible: Any) -> None:
    world = build_ministry(factory)
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, world.hr.email)
    page.goto("/reports/")
    page.get_by_role("link", name="HR statistics").click()
    page.get_by_label("Year", exact=True).select_option("2023")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ministry A, 2023")
    expect(page.get_by_role("region", name="Headcount by unit")).to_contain_text("Budget Division")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Make the PDF report").click()
    expect(page.locator("#job-status")).to_have_text("Ready")
    job_url = page.url
    with page.expect_download() as download:
        page.get_by_role("link", name="Download hr-report-MA-2023-en.pdf").click()
    assert download.value.suggested_filename == "hr-report-MA-2023-en.pdf"
    # axe-core needs scripts to run; the pages themselves have none.
    checked = new_context().new_page()
    sign_in(checked, world.hr.email)
    for url in ("/reports/", "/reports/hr?year=2023", job_url):
        checked.goto(url)
        assert_accessible(checked)
