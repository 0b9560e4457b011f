"""The M&E and learning dashboards in headless Chromium: they render the demo strategy's figures, with no CSP
violation, no failed request and no accessibility violation (the M&E tables drawn on demand in English and
Georgian); the non-JS pages make the PDFs."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.reports.test_me import AGENCIES

pytestmark = pytest.mark.browser


def test_the_me_dashboard_renders_the_demo_strategy(app: Any, new_context: Any, factory: Any, sign_in: Any,
                                                    assert_accessible: Any, monkeypatch: Any) -> None:
    from datetime import date

    from common.extensions import db
    from common.models.users import ME_APPROVER
    from monitoring.demo import build_strategy

    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    for code, name in AGENCIES.items():
        factory.unit(code, name_en=name)
    build_strategy(date.today())
    approver = factory.user(roles=[(ME_APPROVER, None)])
    db.session.commit()
    page = new_context().new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    sign_in(page, approver.email)
    page.goto("/dashboards/")
    page.get_by_role("link", name="Monitoring and evaluation dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring and evaluation dashboard")
    page.get_by_role("button", name="Show all figures").click()  # the strategy's tables, drawn when asked for
    expect(page.locator("#me-levels")).to_contain_text("Fully implemented")
    expect(page.locator("#me-agencies")).to_contain_text("Ministry of Justice (MOJ)")
    expect(page.locator("#me-content .js-plotly-plot").first).to_be_visible()  # an indicator trend drew
    page.wait_for_load_state("networkidle")
    violations = [line for line in console if "Content Security Policy" in line or "Refused to" in line]
    assert not violations, "\n".join(violations)
    assert not [line for line in console if line.startswith(("error", "pageerror"))], "\n".join(console)
    assert_accessible(page)
    # The same tables in Georgian: drawn on demand again, with the longer labels.
    page.get_by_role("button", name="ქართული").click()
    expect(page.locator("html")).to_have_attribute("lang", "ka")
    page.get_by_role("button", name="ყველა მონაცემის ჩვენება").click()
    expect(page.locator("#me-levels")).to_contain_text("სრულად შესრულდა")
    expect(page.locator("#me-agencies")).not_to_be_empty()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    assert not [line for line in console if line.startswith(("error", "pageerror"))], "\n".join(console)
    page.get_by_role("button", name="English").click()  # the account remembers the choice: back to English
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # Without JavaScript: the monitoring reports page makes the PDF.
    plain = new_context(java_script_enabled=False).new_page()
    sign_in(plain, approver.email)
    plain.goto("/reports/")
    plain.get_by_role("link", name="Monitoring reports").click()
    plain.get_by_label("English").check()
    plain.get_by_role("button", name="Make the PDF report").click()
    expect(plain.locator("#job-status")).to_have_text("Ready")


def test_the_learning_dashboard_renders(app: Any, new_context: Any, factory: Any, sign_in: Any,
                                        assert_accessible: Any, monkeypatch: Any) -> None:
    from tests.reports.test_learning_dashboard import build

    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    _ma, _mb, _division, users = build(factory)
    page = new_context().new_page()
    console: list[str] = []
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    sign_in(page, users["admin_a"].email)
    page.goto("/dashboards/learning")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning dashboard")
    expect(page.locator("#learning-courses-table")).to_contain_text("C1 Ethics")
    expect(page.locator("#learning-courses-table")).to_contain_text("50%")
    expect(page.locator("#learning-mandatory-table")).to_contain_text("Division One (MA-1)")
    page.wait_for_load_state("networkidle")
    assert not console, console
    assert_accessible(page)
