"""In a real browser: an HR officer opens a civil servant's profile; she then finds it on "Who read my data",
from the account menu, in English and in Georgian, and the page passes axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_journey import Ministry, ministry  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def test_a_civil_servant_sees_the_hr_officers_read_of_her_profile(
        page: Page, new_context: Any, ministry: Ministry, factory: Any, db: Any,  # noqa: F811
        sign_in: Any, assert_accessible: Any) -> None:
    factory.user(employee=ministry.person, email="tamar@mof.gov.ge")
    db.session.commit()
    sign_in(page, ministry.officer.email)
    page.goto(f"/directory/employees/{ministry.person.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tamar Beridze")

    tamar = new_context().new_page()
    sign_in(tamar, "tamar@mof.gov.ge")
    tamar.get_by_role("link", name="Who read my data").click()
    expect(tamar.get_by_role("heading", level=1)).to_have_text("Who read my data")
    reads = tamar.get_by_role("table", name="Reads of your personal data")
    expect(reads.get_by_role("row")).to_have_count(2)  # the header and the officer's read
    expect(reads).to_contain_text("Your profile")
    expect(reads).to_contain_text("HR officer · Ministry of Finance")
    expect(reads).to_contain_text("Nana Gelashvili")
    assert_accessible(tamar)

    tamar.get_by_role("button", name="ქართული").click()
    expect(tamar.get_by_role("heading", level=1)).to_have_text("ვინ წაიკითხა ჩემი მონაცემები")
    expect(tamar.get_by_role("table")).to_contain_text("თქვენი პროფილი")
    expect(tamar.get_by_role("table")).to_contain_text("ნანა გელაშვილი")
    assert_accessible(tamar)
