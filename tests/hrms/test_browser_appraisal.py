"""The appraisal pages in a real browser: without JavaScript, accessible (axe-core), in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from hrms.models import AGREED

pytestmark = pytest.mark.browser


def test_an_employee_submits_a_self_assessment_without_javascript(new_context: Any, hr_world: Any, db: Any,
                                                                   sign_in: Any) -> None:
    hr_world.cycle.unused_sections = ["objectives"]
    hr_world.appraisal().state = AGREED
    db.session.commit()
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "nino@mof.gov.ge")
    page.goto("/hr/")
    page.get_by_role("link", name="Annual appraisal").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nino Gelashvili")
    form = page.locator("form", has=page.get_by_role("heading", name="Your self-assessment"))
    for select in form.get_by_role("combobox").all():
        select.select_option("4")
    form.get_by_label("Overall comment").fill("A good year for the budget team.")
    form.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("status")).to_have_text("Self-assessment submitted.")
    expect(page.locator("main")).to_contain_text("Self-assessed, manager assessment due")
    assert hr_world.appraisal().self_submitted_at is not None


def test_the_manager_and_hr_pages_pass_axe_and_switch_to_georgian(page: Any, hr_world: Any, sign_in: Any,
                                                                  assert_accessible: Any) -> None:
    sign_in(page, "nino@mof.gov.ge")
    page.goto("/hr/")
    page.get_by_role("link", name="Annual appraisal").click()
    expect(page.get_by_role("heading", name="Your self-assessment")).to_have_count(0)  # objectives first
    assert_accessible(page)
    page.locator("form[action='/auth/logout'] button").click()

    sign_in(page, "tamar@mof.gov.ge")
    page.goto("/hr/team")
    expect(page.get_by_role("table", name="Appraisals you evaluate in open cycles")).to_contain_text("Nino Gelashvili")
    assert_accessible(page)
    page.get_by_role("link", name="Nino Gelashvili").click()
    expect(page.get_by_role("heading", name="Objectives")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="ქართული").click()
    expect(page.locator("html")).to_have_attribute("lang", "ka")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ნინო")  # names from the record, in Georgian
    assert_accessible(page)
    page.get_by_role("button", name="English").click()

    page.locator("form[action='/auth/logout'] button").click()
    sign_in(page, "hr@mof.gov.ge")
    page.goto(f"/hr/cycles/{hr_world.cycle.id}")
    assert_accessible(page)
    page.goto(f"/hr/cycles/{hr_world.cycle.id}/calibration")
    assert_accessible(page)
    page.goto("/hr/cycles/new")
    assert_accessible(page)
