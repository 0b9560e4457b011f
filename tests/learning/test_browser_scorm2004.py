"""SCORM 2004 in headless Chromium: a 3rd-edition single SCO and a 4th-edition package in forced order with a
post-test rollup play through ``API_1484_11``, resume after ``suspendAll`` and earn the certificate; a package with
choice lets the learner jump only where its rules allow; the browser's copy of the data model answers with the
same error codes as the server's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from learning import operations as ops
from learning.models import Certificate, Enrolment
from learning.scorm import runtime2004
from learning.scorm.models import ScoAttempt, SequencingState
from tests.learning import packages2004
from tests.learning.packages import PAGE, make_zip
from tests.learning.scorm_support import scorm_course
from tests.learning.test_browser_scorm import sco_frame, wait_for

pytestmark = pytest.mark.browser


@pytest.fixture()
def learner(factory, db):
    unit = factory.unit("MOF", name_en="Ministry of Finance")
    return factory.user(employee=factory.employee(unit, first_name_en="Nino", last_name_en="Kapanadze"),
                        email="nino@mof.gov.ge")


def _open(db: Any, learner: Any, page: Page, sign_in: Any, data: bytes) -> tuple[str, Any, Any]:
    course, lesson, version = scorm_course(data)
    enrolment = ops.enrol(learner.employee, course)
    db.session.commit()
    sign_in(page, learner.email)
    play = f"/learn/courses/{course.id}/lessons/{lesson.id}/play"
    page.goto(play)
    return play, version, enrolment


def _heading(page: Page, title: str) -> None:
    expect(sco_frame(page).get_by_role("heading", name=title)).to_be_visible()


def _click(page: Page, name: str) -> None:
    sco_frame(page).get_by_role("button", name=name).click()


def _state(db: Any, enrolment: Any) -> SequencingState | None:
    return db.session.execute(select(SequencingState).where(SequencingState.enrolment_id == enrolment.id)
                              ).scalar_one_or_none()


def _certified(db: Any, enrolment: Any) -> Any:
    return wait_for(db, lambda: db.session.execute(select(Certificate).where(
        Certificate.enrolment_id == enrolment.id)).scalar_one_or_none())


def test_a_third_edition_sco_suspends_resumes_and_earns_the_certificate(page: Page, sign_in, learner, db,
                                                                        assert_accessible):
    play, _version, enrolment = _open(db, learner, page, sign_in, packages2004.single_sco_3rd())
    _heading(page, "Golf explained")
    assert_accessible(page)
    where = sco_frame(page).locator("#where")
    expect(where).to_have_text("entry ab-initio; page 1 of 3; read ")
    _click(page, "Next page")
    _click(page, "Next page")
    expect(where).to_have_text("entry ab-initio; page 3 of 3; read 1,2,3")
    _click(page, "Suspend")
    state = wait_for(db, lambda: (s := _state(db, enrolment)) and s.suspended and s)
    assert state.suspended == "golf_sco"
    attempt = db.session.execute(select(ScoAttempt).where(ScoAttempt.enrolment_id == enrolment.id)).scalar_one()
    assert (attempt.cmi["cmi.location"], attempt.cmi["cmi.suspend_data"], attempt.entry, attempt.closed) == \
        ("3", "1,2,3", "resume", False)
    assert attempt.total_time == "PT0H1M30.00S"

    page.goto(play)
    expect(page.get_by_text("Welcome back: the lesson continues where you left it.")).to_be_visible()
    expect(sco_frame(page).locator("#where")).to_have_text("entry resume; page 3 of 3; read 1,2,3")
    _click(page, "Finish this part")
    certificate = _certified(db, enrolment)
    assert certificate and db.session.get(Enrolment, enrolment.id).score_percent == 85.0
    attempt = db.session.execute(select(ScoAttempt).where(ScoAttempt.enrolment_id == enrolment.id)).scalar_one()
    assert (attempt.lesson_status, attempt.closed, attempt.total_time) == ("passed", True, "PT0H3M30.00S")


def test_forced_order_with_a_post_test_rollup_resumes_after_suspend_all_and_certifies(page: Page, sign_in, learner,
                                                                                     db, assert_accessible):
    play, version, enrolment = _open(db, learner, page, sign_in, packages2004.forced_sequential())
    lesson1, lesson2, posttest = version.scos
    _heading(page, "Lesson 1")
    contents = page.get_by_role("navigation", name="Contents of this lesson")
    # Forced order: nothing in the contents may be chosen but the part open now; the others say why.
    expect(contents.get_by_role("link")).to_have_text(["Lesson 1"])
    expect(contents.locator(f'li[data-sco="{posttest.id}"]')).to_contain_text("its parts are taken in order")
    assert_accessible(page)
    _click(page, "Next page")
    _click(page, "Next page")
    _click(page, "Finish this part")  # adl.nav.request=continue
    expect(page).to_have_url(re.compile(rf"sco={lesson2.id}$"))
    _heading(page, "Lesson 2")
    _click(page, "Next page")
    _click(page, "Suspend")  # suspendAll
    wait_for(db, lambda: (s := _state(db, enrolment)) and s.suspended == "lesson2")

    page.goto(f"{play}?sco={lesson1.id}")  # going back is refused: forward only, no choice
    expect(page.locator("#scorm-refused")).to_contain_text("does not let you choose “Lesson 1”")
    expect(page.locator("#scorm-frame")).to_have_count(0)
    page.goto(play)  # the next visit resumes the suspended lesson where it was
    _heading(page, "Lesson 2")
    expect(sco_frame(page).locator("#where")).to_have_text("entry resume; page 2 of 3; read 1,2")
    _click(page, "Finish this part")  # no request: lesson 2's post-condition rule continues
    expect(page).to_have_url(re.compile(rf"sco={posttest.id}$"))
    _heading(page, "Post-test")
    _click(page, "Finish this part")  # scaled score 0.9 against 0.7; exitAll
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()
    _certified(db, enrolment)
    assert db.session.get(Enrolment, enrolment.id).score_percent == 90.0


def test_choice_navigation_allows_only_the_jumps_the_rules_allow(page: Page, sign_in, learner, db,
                                                                 assert_accessible):
    play, version, _enrolment = _open(db, learner, page, sign_in, packages2004.free_choice())
    reading, practice, exam, answers = version.scos
    _heading(page, "Reading")
    contents = page.get_by_role("navigation", name="Contents of this lesson")
    expect(contents.get_by_role("link")).to_have_text(["Reading", "Practice"])  # "Answers" is hidden
    expect(contents.locator(f'li[data-sco="{exam.id}"]')).to_contain_text("“Exam” is not available now.")
    expect(contents.locator(f'li[data-sco="{answers.id}"]')).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{play}?sco={exam.id}")
    expect(page.locator("#scorm-refused")).to_have_text("“Exam” is not available now.")
    expect(page.locator("#scorm-frame")).to_have_count(0)
    assert_accessible(page)

    page.goto(play)
    page.get_by_role("navigation", name="Contents of this lesson").get_by_role("link", name="Practice").click()
    _heading(page, "Practice")
    _click(page, "Finish this part")  # practice satisfied: its global objective enables the exam
    exam_link = page.locator(f'.scorm-toc li[data-sco="{exam.id}"]').get_by_role("link", name="Exam")
    expect(exam_link).to_be_visible()
    exam_link.click()
    _heading(page, "Exam")
    assert reading.id and practice.id


CALLS = [("GetValue", "cmi.location", None), ("Initialize", "x", None), ("Initialize", "", None),
         ("Initialize", "", None), ("GetValue", "cmi.location", None), ("GetValue", "cmi.exit", None),
         ("SetValue", "cmi.score.scaled", "1.5"), ("SetValue", "cmi.score.scaled", "high"),
         ("SetValue", "cmi.learner_name", "X"), ("SetValue", "cmi.objectives.0.success_status", "passed"),
         ("SetValue", "cmi.objectives.0.id", "obj"), ("SetValue", "cmi.objectives.1.id", "obj"),
         ("SetValue", "cmi.interactions.0.id", "q1"), ("SetValue", "cmi.interactions.0.learner_response", "true"),
         ("SetValue", "cmi.interactions.0.type", "true-false"),
         ("SetValue", "cmi.interactions.0.learner_response", "maybe"), ("GetValue", "cmi.interactions.1.id", None),
         ("SetValue", "cmi.suspend_data", "x" * 64001), ("SetValue", "adl.nav.request", "{target=x}choice"),
         ("GetValue", "cmi.nothing", None), ("GetValue", "cmi.objectives._count", None),
         ("GetValue", "cmi.completion_threshold", None), ("SetValue", "cmi._version", "2"),
         ("GetErrorString", "408", None), ("Commit", "", None), ("Terminate", "", None),
         ("GetValue", "cmi.location", None), ("Commit", "", None), ("Terminate", "", None)]
EXPECTED = ["122", "201", "0", "103", "403", "405", "407", "406", "404", "408", "0", "351", "0", "408", "0", "406",
            "301", "406", "0", "401", "0", "403", "404", "0", "0", "0", "123", "143", "113"]


def test_the_browser_answers_with_the_error_codes_of_the_server(page: Page, sign_in, learner, db):
    quiet = packages2004.Activity("quiet", "Quiet", "index.html")
    data = make_zip({"index.html": PAGE}, with_manifest=packages2004.manifest2004([quiet]), index=False)
    _open(db, learner, page, sign_in, data)
    expect(sco_frame(page).get_by_role("heading", name="A quiet SCO")).to_be_visible()
    wrapper = next(f for f in page.frames if "/learn/scorm/w/" in f.url)
    assert wrapper.evaluate("typeof window.API") == "undefined"  # a SCORM 2004 package gets API_1484_11 only
    codes = wrapper.evaluate("""(calls) => {
      const api = window.API_1484_11;
      return calls.map((c) => { const result = api[c[0]](c[1], c[2]);
        return c[0] === 'GetErrorString' ? (result === 'Data Model Dependency Not Established' ? '0' : result)
          : api.GetLastError(); }); }""", CALLS)
    assert codes == EXPECTED
    # The server gives every value the same answer as the browser did.
    values = runtime2004.launch_values({}, learner_id="1", learner_name="x", credit=True, entry="ab-initio",
                                       total_time="PT0S", mode="normal", definition={}, navigation={})
    server = [(runtime2004.get_value(values, c[1]) if c[0] == "GetValue" else
               runtime2004.set_value(values, c[1], c[2])).error for c in CALLS[4:-3] if c[0] in ("GetValue",
                                                                                                  "SetValue")]
    browser = [code for c, code in zip(CALLS[4:-3], EXPECTED[4:-3], strict=True) if c[0] in ("GetValue", "SetValue")]
    assert server == browser
