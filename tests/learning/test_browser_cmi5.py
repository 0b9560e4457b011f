"""cmi5 in a real browser (headless Chromium): a course of two AUs, a quiz passed by score and a reading completed,
each launched from the lesson page onto the content origin, where the AU takes its auth token from the fetch URL,
reads LMS.LaunchData and states its results to the LRS; the suite records satisfaction by moveOn, issues the
course's ``satisfied`` statement and the certificate; the fetch URL used a second time is refused with cmi5's error
JSON."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from learning import operations as ops
from learning.cmi5.models import Cmi5AuStatus, Cmi5Registration
from learning.models import Certificate, Enrolment
from learning.xapi.models import XapiStatement
from tests.learning.cmi5_packages import BLOCK_ID, QUIZ, READING, cmi5_course, two_au_course

pytestmark = pytest.mark.browser
SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"


def wait_for(db: Any, check: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll the database (committed by the live server) until ``check`` returns something true."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        result = check()
        if result or time.monotonic() > deadline:
            assert result, "the browser's statements never reached the database"
            return result
        time.sleep(0.1)


@pytest.fixture()
def learner(factory, db):
    unit = factory.unit("MOF", name_en="Ministry of Finance")
    return factory.user(employee=factory.employee(unit, first_name_en="Nino", last_name_en="Kapanadze"),
                        email="nino@mof.gov.ge")


def play(page: Page, title: str, move_on: str) -> str:
    """Open the AU from the lesson page; it runs on the content origin; returns its fetch URL."""
    page.get_by_role("link", name=f"Open {title}").click()
    expect(page.get_by_text(f"Results sent (moveOn {move_on})")).to_be_visible()
    assert page.url.startswith("http://127.0.0.1:") and "fetch=" in page.url  # the content origin, not the app's
    return page.evaluate("window.fetchUrl")


def test_two_aus_launched_through_the_fetch_token_satisfy_the_course_and_earn_the_certificate(
        page: Page, sign_in, learner, db, assert_accessible):
    course, lesson, _version = cmi5_course(two_au_course())
    ops.enrol(learner.employee, course)
    db.session.commit()
    sign_in(page, learner.email)
    page.goto(f"/learn/courses/{course.id}/lessons/{lesson.id}")
    page.get_by_role("link", name="Open the interactive lesson").click()
    expect(page.get_by_role("heading", name=lesson.title_en)).to_be_visible()
    assert_accessible(page)

    fetch_url = play(page, QUIZ.title, "Passed")
    # The fetch URL gave the token once; a second use is refused with cmi5's error JSON.
    again = page.evaluate("fetch(window.fetchUrl, {method: 'POST'}).then(r => r.json())")
    assert again["error-code"] == "1" and "auth-token" not in again, again
    assert fetch_url.startswith("http://127.0.0.1:")
    page.get_by_role("link", name="Back to the course").click()  # LMS.LaunchData's returnURL
    assert page.url.startswith("http://localhost:")
    quiz_row = page.get_by_role("row").filter(has_text=QUIZ.title)
    expect(quiz_row).to_contain_text("Done")
    expect(quiz_row).to_contain_text("Passed (90%)")
    expect(page.get_by_text("You have completed this lesson.")).to_have_count(0)

    play(page, READING.title, "Completed")
    page.get_by_role("link", name="Back to the course").click()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()

    registration = wait_for(db, lambda: db.session.execute(select(Cmi5Registration).where(
        Cmi5Registration.satisfied_at.is_not(None))).scalar_one_or_none())
    statuses = {s.au.publisher_id: s for s in db.session.execute(select(Cmi5AuStatus)).scalars()}
    assert statuses[QUIZ.id].passed and statuses[QUIZ.id].score_scaled == 0.9 and statuses[QUIZ.id].satisfied_at
    assert statuses[READING.id].completed and statuses[READING.id].satisfied_at
    assert registration.satisfied_blocks == [BLOCK_ID]
    satisfied = db.session.execute(select(XapiStatement).where(XapiStatement.verb_id == SATISFIED,
                                                               XapiStatement.registration == registration.registration)
                                   ).scalars().all()
    assert sorted(s.body["object"]["definition"]["type"].rsplit("/", 1)[-1] for s in satisfied) == ["block", "course"]
    enrolment = db.session.execute(select(Enrolment).where(Enrolment.employee_id == learner.employee_id)).scalar_one()
    assert enrolment.state == "completed"
    assert db.session.execute(select(Certificate).where(Certificate.enrolment_id == enrolment.id)).scalar_one()
    page.goto("/learn/my/certificates")
    expect(page.get_by_text(course.title_en).first).to_be_visible()
