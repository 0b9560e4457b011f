"""The first journey in a real browser: an HR officer finds a civil servant and reads the profile in Georgian.

Each step asserts what the person at the screen sees, and every page on the way is checked with
axe-core. The same sign-in and search also run with JavaScript switched off, because every form
is plain HTML.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import Page, expect

from common.models import Employee, OrgUnit, User
from common.models.users import HR_OFFICER

pytestmark = pytest.mark.browser

# Set BROWSER_SCREENSHOTS=/some/folder to keep full-page pictures of the journey for a look by eye.
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS")


@dataclass
class Ministry:
    unit: OrgUnit
    department: OrgUnit
    officer: User
    person: Employee
    outsider: Employee


@pytest.fixture()
def ministry(factory: Any, db: Any) -> Ministry:
    """A ministry with one department, an HR officer scoped to it, and a namesake in another ministry."""
    ministry = factory.unit("MOF", name_en="Ministry of Finance")
    department = factory.unit("MOF-BUD", parent=ministry, kind="department", name_en="Budget Department")
    head = factory.employee(ministry, first_name_en="Giorgi", last_name_en="Kapanadze",
                            first_name_ka="გიორგი", last_name_ka="კაპანაძე", position=factory.position(rank=1))
    person = factory.employee(department, manager=head, position=factory.position(rank=3),
                              first_name_en="Tamar", last_name_en="Beridze",
                              first_name_ka="თამარ", last_name_ka="ბერიძე", personal_number="01024056789")
    other = factory.unit("MOJ", name_en="Ministry of Justice")
    outsider = factory.employee(other, first_name_en="Levan", last_name_en="Beridze",
                                first_name_ka="ლევან", last_name_ka="ბერიძე")
    officer_person = factory.employee(ministry, first_name_en="Nana", last_name_en="Gelashvili",
                                      first_name_ka="ნანა", last_name_ka="გელაშვილი")
    officer = factory.user(roles=[(HR_OFFICER, ministry)], employee=officer_person, email="hr@mof.gov.ge")
    db.session.commit()
    return Ministry(ministry, department, officer, person, outsider)


def _screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def test_hr_officer_finds_a_civil_servant_and_reads_the_profile_in_georgian(
        page: Page, ministry: Ministry, sign_in: Any, assert_accessible: Any, app: Flask) -> None:
    page.goto("/auth/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)

    sign_in(page, ministry.officer.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Nana Gelashvili")

    page.get_by_role("link", name="Staff directory").first.click()
    page.get_by_label("Search by name, personal number or position").fill("Beridze")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search staff")
    results = page.get_by_role("table", name="Employees")
    expect(results.get_by_role("row")).to_have_count(2)  # the header and Tamar: Levan works outside the scope
    expect(results.get_by_role("link", name="Tamar Beridze")).to_be_visible()
    expect(results).not_to_contain_text("Levan")
    assert_accessible(page)
    _screenshot(page, "search-results")

    results.get_by_role("link", name="Tamar Beridze").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tamar Beridze")
    expect(page.locator(".summary-list")).to_contain_text("01024056789")
    expect(page.get_by_role("navigation", name="Breadcrumbs")).to_contain_text("Budget Department")
    assert_accessible(page)
    _screenshot(page, "profile")

    page.get_by_role("button", name="ქართული").click()
    expect(page.locator("html")).to_have_attribute("lang", "ka")
    expect(page).to_have_url(re.compile(rf"/directory/employees/{ministry.person.id}$"))  # still on the profile
    # Names come from the record in the page's language, whatever the state of the translation catalogue.
    expect(page.get_by_role("heading", level=1)).to_have_text("თამარ ბერიძე")
    expect(page.get_by_role("button", name="ქართული")).to_have_attribute("aria-current", "true")
    with app.test_request_context(), force_locale("ka"):
        personal_number_label = gettext("Personal number")
    expect(page.locator(".summary-list dt").nth(2)).to_have_text(personal_number_label)
    assert_accessible(page)
    _screenshot(page, "profile-ka")


def test_sign_in_mistakes_are_tied_to_their_fields(page: Page, ministry: Ministry, assert_accessible: Any) -> None:
    page.goto("/auth/login")
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    summary.get_by_role("link").first.click()  # each message links to its field
    expect(page.get_by_label("E-mail address")).to_be_focused()
    expect(page.get_by_label("E-mail address")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.get_by_label("E-mail address").fill(ministry.officer.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Password")).not_to_have_attribute("aria-invalid", re.compile(".*"))
    assert_accessible(page)


def test_directory_pages_pass_axe(page: Page, ministry: Ministry, sign_in: Any, assert_accessible: Any) -> None:
    sign_in(page, ministry.officer.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    assert_accessible(page)

    page.goto("/directory/")
    expect(page.get_by_role("link", name="Ministry of Finance")).to_be_visible()
    expect(page.get_by_role("link", name="Ministry of Justice")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Ministry of Finance").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ministry of Finance")
    expect(page.get_by_role("link", name="Budget Department")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Org chart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Org chart: Ministry of Finance")
    expect(page.locator(".tree")).to_contain_text("Giorgi Kapanadze")
    assert_accessible(page)


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page: Page, ministry: Ministry, sign_in: Any) -> None:
    sign_in(page, ministry.officer.email)
    page.goto("/directory/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # hidden until focused, then on screen for sighted keyboard users
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is inside the page's content, past the header and menu
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_sign_in_and_search_work_without_javascript(new_context: Any, ministry: Ministry, sign_in: Any) -> None:
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, ministry.officer.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Nana Gelashvili")
    page.goto("/directory/")
    page.get_by_label("Search by name, personal number or position").fill("01024056789")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("table", name="Employees").get_by_role("link", name="Tamar Beridze")).to_be_visible()
