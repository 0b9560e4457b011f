"""Feedback in a real browser: the questionnaire works without JavaScript and passes axe; the person
appraised sees that a round is open, and nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from hrms.models import FeedbackRequest
from hrms.operations.feedback import request_feedback

pytestmark = pytest.mark.browser


def test_a_colleague_answers_the_questionnaire_without_javascript(new_context: Any, hr_world: Any, db: Any,
                                                                  sign_in: Any) -> None:
    appraisal = hr_world.appraisal()
    for peer in hr_world.peers[:3]:
        request_feedback(appraisal, peer, actor=hr_world.users["manager"])
    db.session.commit()
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "peer0@mof.gov.ge")
    page.goto("/hr/")
    page.get_by_role("link", name="Nino Gelashvili").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback on Nino Gelashvili")
    selects = page.get_by_role("combobox").all()
    assert len(selects) == 3  # one per competency of the template
    for select in selects:
        select.select_option(label="4 – Shows this more than the role requires")
    page.get_by_label("Comment (optional)").fill("Explains the budget rules patiently.")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("status")).to_have_text("Thank you: your answer is recorded.")
    answered = db.session.query(FeedbackRequest).filter_by(respondent_id=hr_world.peers[0].id).one()
    db.session.refresh(answered)
    assert [a.rating for a in answered.answers] == [4, 4, 4]


def test_the_person_appraised_sees_an_open_round_and_no_names(page: Any, hr_world: Any, db: Any, sign_in: Any,
                                                               assert_accessible: Any) -> None:
    for peer in hr_world.peers[:3]:
        request_feedback(hr_world.appraisal(), peer, actor=hr_world.users["manager"])
    db.session.commit()
    sign_in(page, "nino@mof.gov.ge")
    page.goto(f"/hr/appraisals/{hr_world.appraisal().id}")
    expect(page.locator("main")).to_contain_text("A feedback round is open until")
    expect(page.locator("main")).not_to_contain_text("Peer Number")
    expect(page.get_by_label("Ask for feedback from")).to_have_count(0)
    assert_accessible(page)


def test_the_questionnaire_passes_axe(page: Any, hr_world: Any, db: Any, sign_in: Any,
                                      assert_accessible: Any) -> None:
    ask = request_feedback(hr_world.appraisal(), hr_world.peers[0], actor=hr_world.users["manager"])
    db.session.commit()
    sign_in(page, "peer0@mof.gov.ge")
    page.goto(f"/hr/feedback/{ask.id}")
    expect(page.get_by_label("Comment (optional)")).to_be_visible()
    assert_accessible(page)
