"""Issue 17 in a real browser (Chromium, axe): the cycle's list, reminders from the page, the confirmed release,
the cancellation and the overlap warning."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_hr_filters_the_list_to_without_evaluator_and_assigns_one(page: Any, hr_world: Any, db: Any, sign_in: Any,
                                                                  assert_accessible: Any) -> None:
    hr_world.appraisal(hr_world.peers[0]).evaluator_id = None
    db.session.commit()
    sign_in(page, "hr@mof.gov.ge")
    page.goto(f"/hr/cycles/{hr_world.cycle.id}")
    page.get_by_role("link", name="7 appraisals").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Appraisals of the cycle")
    page.get_by_label("Without an evaluator").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("main")).to_contain_text("2 appraisals match.")
    assert "no_evaluator=1" in page.url
    assert_accessible(page)

    page.get_by_label("Evaluator for Peer Number0 (personal number)").fill(hr_world.boss.personal_number)
    page.get_by_role("button", name="Assign – Peer Number0").click()
    expect(page.get_by_role("status")).to_have_text("Tamar Beridze now evaluates Peer Number0.")
    expect(page.locator("main")).to_contain_text("1 appraisal matches.")
    expect(page.get_by_label("Without an evaluator")).to_be_checked()  # back on the same filtered list
    assert hr_world.appraisal(hr_world.peers[0]).evaluator_id == hr_world.boss.id

    page.goto(f"/hr/cycles/{hr_world.cycle.id}")  # the overview's count is a link to the same list
    page.get_by_role("link", name="1 without an evaluator").click()
    expect(page.locator("main")).to_contain_text("1 appraisal matches.")
    assert_accessible(page)
