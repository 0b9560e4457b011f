"""The journal never loses a value (issue 13, part 3), in headless Chromium with the network cut by Playwright
routing: a failed quiz with 250 interactions and 4,096 Georgian characters of suspend data, committed and
finished while the commit endpoint is unreachable. Once the network returns (or at the next launch, the tab having
closed meanwhile) the server stores exactly what the SCO set, the result stays failed, no certificate is issued,
and the learner is told "saved" only after the server acknowledged it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from learning import operations as ops
from learning.models import Certificate, Enrolment
from learning.scorm.models import ScoAttempt
from tests.learning.hostile_packages import quiet_package
from tests.learning.scorm_support import scorm_course
from tests.learning.test_browser_scorm import api, sco_frame, wait_for

pytestmark = pytest.mark.browser

INTERACTIONS = 250
SUSPEND = "ქართული " * 512  # 4,096 Georgian characters and spaces: about 12 KB in UTF-8, 37 KB URL-encoded
PENDING = "Your progress is not saved yet: it is kept in this browser and will be sent when the connection returns."
FINISH_PENDING = ("This part is finished, but your result is not saved yet: it is kept in this browser and will be "
                  "sent when the connection returns, or the next time you open this lesson.")

QUIZ = """([count, suspend]) => {
  API.LMSInitialize('');
  const answers = [];
  for (let i = 0; i < count; i++) {
    answers.push(API.LMSSetValue(`cmi.interactions.${i}.id`, `q${i}`));
    answers.push(API.LMSSetValue(`cmi.interactions.${i}.type`, 'choice'));
    answers.push(API.LMSSetValue(`cmi.interactions.${i}.student_response`,
                                 `answer-${i % 4}, as the learner typed it in the box`));
    answers.push(API.LMSSetValue(`cmi.interactions.${i}.result`, i % 10 < 3 ? 'correct' : 'wrong'));
  }
  answers.push(API.LMSSetValue('cmi.suspend_data', suspend));
  answers.push(API.LMSSetValue('cmi.core.lesson_location', 'question-250'));
  answers.push(API.LMSCommit(''));
  return answers.every(answer => answer === 'true');
}"""

FINISH = """() => [API.LMSSetValue('cmi.core.score.raw', '30'), API.LMSSetValue('cmi.core.lesson_status', 'failed'),
  API.LMSSetValue('cmi.core.session_time', '0000:04:10'), API.LMSFinish('')]"""


def expected_values() -> dict[str, str]:
    values = {}
    for i in range(INTERACTIONS):
        values |= {f"cmi.interactions.{i}.id": f"q{i}", f"cmi.interactions.{i}.type": "choice",
                   f"cmi.interactions.{i}.student_response": f"answer-{i % 4}, as the learner typed it in the box",
                   f"cmi.interactions.{i}.result": "correct" if i % 10 < 3 else "wrong"}
    return values | {"cmi.suspend_data": SUSPEND, "cmi.core.lesson_location": "question-250",
                     "cmi.core.score.raw": "30", "cmi.core.lesson_status": "failed"}


@pytest.fixture()
def quiz(factory, db):
    unit = factory.unit("MOF")
    learner = factory.user(employee=factory.employee(unit), email="nino@mof.gov.ge")
    course, lesson, _version = scorm_course(quiet_package(mastery=80), provider=unit)
    enrolment = ops.enrol(learner.employee, course)
    db.session.commit()
    return learner, course, lesson, enrolment.id


def _open(page: Page, course: Any, lesson: Any) -> None:
    page.goto(f"/learn/courses/{course.id}/lessons/{lesson.id}/play")
    expect(sco_frame(page).get_by_role("heading", name="A quiet SCO")).to_be_visible()


def _first_attempt(db: Any, enrolment_id: int) -> ScoAttempt | None:
    return db.session.execute(select(ScoAttempt).where(ScoAttempt.enrolment_id == enrolment_id,
                                                       ScoAttempt.number == 1)).scalar_one_or_none()


def _assert_failed_and_complete(db: Any, enrolment_id: int) -> None:
    attempt = wait_for(db, lambda: (a := _first_attempt(db, enrolment_id)) and a.closed and a, timeout=40)
    assert attempt.cmi == expected_values()  # every value the SCO set, nothing else, nothing lost
    assert (attempt.lesson_status, attempt.score_raw, attempt.total_time, attempt.sessions) == \
        ("failed", 30.0, "0000:04:10.00", 1)
    assert not any(commit.gap for commit in attempt.commits)
    enrolment = db.session.get(Enrolment, enrolment_id)
    assert enrolment.state != "completed"
    assert db.session.execute(select(Certificate).where(Certificate.enrolment_id == enrolment_id)).first() is None


def test_commit_and_finish_without_a_network_are_delivered_when_it_returns(page: Page, sign_in, quiz, db):
    learner, course, lesson, enrolment_id = quiz
    sign_in(page, learner.email)
    _open(page, course, lesson)
    page.evaluate("window.addEventListener('scorm:finished', e => { window.finishedWith = e.detail.status; })")
    page.route("**/commit", lambda route: route.abort("internetdisconnected"))
    status = page.get_by_role("status")

    assert api(page).evaluate(QUIZ, [INTERACTIONS, SUSPEND]) is True  # LMSCommit: the SCO goes on
    expect(status).to_have_text(PENDING)
    assert api(page).evaluate(FINISH) == ["true"] * 4
    expect(status).to_have_text(FINISH_PENDING)  # never "saved" while the server has not acknowledged it
    page.wait_for_timeout(1500)
    db.session.rollback()
    assert _first_attempt(db, enrolment_id).cmi == {}  # nothing reached the server

    page.unroute("**/commit")  # the connection returns; the outbox is retried
    expect(status).to_have_text("This part is finished. Your result is saved.", timeout=40_000)
    assert page.evaluate("window.finishedWith") == "failed"
    _assert_failed_and_complete(db, enrolment_id)


def test_a_tab_closed_without_a_network_delivers_its_outbox_at_the_next_launch(page: Page, sign_in, quiz, db):
    learner, course, lesson, enrolment_id = quiz
    context = page.context
    sign_in(page, learner.email)
    _open(page, course, lesson)
    # The whole browser is offline for the commit endpoint, the beacon of the closing tab included.
    context.route("**/commit", lambda route: route.abort("internetdisconnected"))
    assert api(page).evaluate(QUIZ, [INTERACTIONS, SUSPEND]) is True
    assert api(page).evaluate(FINISH) == ["true"] * 4
    expect(page.get_by_role("status")).to_have_text(FINISH_PENDING)
    page.close()
    db.session.rollback()
    attempt = _first_attempt(db, enrolment_id)
    assert not attempt.closed and attempt.lesson_status == "not attempted"

    context.unroute("**/commit")
    again = context.new_page()
    again.goto(f"/learn/courses/{course.id}/lessons/{lesson.id}/play")
    _assert_failed_and_complete(db, enrolment_id)
    # The lesson page launched again from what the server stores: the failed attempt is closed, a new one begins.
    expect(sco_frame(again).get_by_role("heading", name="A quiet SCO")).to_be_visible()
    expect(again.get_by_role("status")).not_to_have_text(FINISH_PENDING)
    assert api(again).evaluate("API.LMSInitialize('') && API.LMSGetValue('cmi.core.entry')") == "ab-initio"


def test_a_beacon_carries_what_fits_and_the_outbox_the_rest(page: Page, sign_in, quiz, db):
    """The tab closes online with more than 64 KiB unsent: the beacon stores a first part (no session end from
    it), the next launch the rest; the session is counted once and the values are exactly the SCO's."""
    learner, course, lesson, enrolment_id = quiz
    context = page.context
    sign_in(page, learner.email)
    _open(page, course, lesson)
    beacons = {"pass": False}  # fetches stay cut; the closing tab's beacon goes through

    def network(route: Any) -> None:
        if beacons["pass"] and route.request.resource_type == "ping":
            route.continue_()
        else:
            route.abort("internetdisconnected")

    page.route("**/commit", network)
    assert api(page).evaluate(QUIZ, [INTERACTIONS, SUSPEND]) is True
    assert api(page).evaluate(FINISH) == ["true"] * 4
    expect(page.get_by_role("status")).to_have_text(FINISH_PENDING)
    beacons["pass"] = True
    page.close()
    partial = wait_for(db, lambda: (a := _first_attempt(db, enrolment_id)) and a.cmi and a, timeout=10)
    assert not partial.closed and 0 < len(partial.cmi) < len(expected_values())  # what fitted in 60 KB
    again = context.new_page()
    again.goto(f"/learn/courses/{course.id}/lessons/{lesson.id}/play")
    _assert_failed_and_complete(db, enrolment_id)
