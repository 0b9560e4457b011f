"""SCORM 1.2 in a real browser (headless Chromium): the golf package plays, stores its score and status,
resumes where it was left with its suspend data, and completes the course; a script drives ``window.API`` as a
SCO would, through every error code and access rule; a value set just before the tab closes is stored."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Frame, Page, expect
from sqlalchemy import select

from common.models.users import LEARNING_ADMIN
from learning import operations as ops
from learning.models import Certificate, Enrolment
from learning.scorm import operations as scorm_ops
from learning.scorm.models import PackageVersion, ScoAttempt, ScoCommit
from learning.scorm.runtime import centiseconds, timespan
from tests.learning.helpers import make_course
from tests.learning.scorm_support import GOLF, fixture, make_zip, manifest, scorm_course

pytestmark = pytest.mark.browser


def wait_for(db: Any, check: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll the database (committed by the live server) until ``check`` returns something true."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()  # a fresh transaction sees what the server committed
        result = check()
        if result or time.monotonic() > deadline:
            assert result, "the browser's data never reached the database"
            return result
        time.sleep(0.1)


def sco_frame(page: Page) -> Any:
    """The SCO: in the content origin's wrapper, itself framed by the lesson page."""
    return page.frame_locator("#scorm-frame").frame_locator("#sco-frame")


def api(page: Page) -> Frame:
    """The wrapper's frame (content origin), where ``window.API`` lives: the lesson page itself has none."""
    frame = next((f for f in page.frames if "/learn/scorm/w/" in f.url), None)
    assert frame is not None, [f.url for f in page.frames]
    assert frame.url.startswith("http://127.0.0.1:") and page.url.startswith("http://localhost:")
    assert page.evaluate("typeof window.API") == "undefined"
    return frame


def accept_dialogs(page: Page, seen: list[str] | None = None) -> list[str]:
    """Accept every dialog of ``page`` (a SCO asking "resume where you left off?": yes); returns their texts."""
    dialogs = [] if seen is None else seen

    def accept(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return dialogs


def attempt_of(db: Any, user: Any) -> ScoAttempt | None:
    return db.session.execute(select(ScoAttempt).join(Enrolment).where(
        Enrolment.employee_id == user.employee_id)).scalars().first()


@pytest.fixture()
def learner(factory, db):
    unit = factory.unit("MOF", name_en="Ministry of Finance")
    return factory.user(employee=factory.employee(unit, first_name_en="Nino", last_name_en="Kapanadze"),
                        email="nino@mof.gov.ge")


def _enrolled(db: Any, learner: Any, data: bytes) -> tuple[Any, Any]:
    course, lesson, _version = scorm_course(data)
    ops.enrol(learner.employee, course)
    db.session.commit()
    return course, lesson


def test_golf_plays_stores_its_results_resumes_and_earns_the_certificate(page: Page, sign_in, learner, db,
                                                                        assert_accessible):
    course, lesson = _enrolled(db, learner, fixture(GOLF))
    dialogs: list[str] = []

    def accept(dialog: Any) -> None:  # the golf SCO asks "resume where you left off?": yes
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    sign_in(page, learner.email)
    page.goto(f"/learn/courses/{course.id}/lessons/{lesson.id}")
    page.get_by_role("link", name="Open the interactive lesson").click()
    player = page.frame_locator("#scorm-frame").frame_locator("#sco-frame")
    content = player.frame_locator("#contentFrame")
    expect(content.get_by_role("heading", name="Playing the game")).to_be_visible()
    assert_accessible(page)
    # The content found the API, initialised, and set its status and bookmark through it.
    assert api(page).evaluate("API.LMSGetValue('cmi.core.lesson_status')") == "incomplete"
    for _ in range(3):
        player.get_by_role("button", name="Next ->").click()
    expect(content.get_by_role("heading", name="Courtesy")).to_be_visible()
    assert api(page).evaluate("API.LMSSetValue('cmi.suspend_data', 'golf;read=0,1,2,3')") == "true"
    page.close(run_before_unload=True)  # leave mid-way: the SCO says exit=suspend and finishes

    attempt = wait_for(db, lambda: (a := attempt_of(db, learner)) and a.exit_mode == "suspend" and a)
    assert attempt.cmi["cmi.core.lesson_location"] == "3"
    assert attempt.cmi["cmi.suspend_data"] == "golf;read=0,1,2,3"
    assert attempt.entry == "resume" and attempt.lesson_status == "incomplete" and not attempt.closed
    session_time = [v for c in attempt.commits for k, v in c.accepted if k == "cmi.core.session_time"]
    assert session_time and attempt.total_time == timespan(centiseconds(session_time[-1]))  # the SCO's own clock

    page = page.context.new_page()
    page.on("dialog", accept)
    page.goto(f"/learn/courses/{course.id}/lessons/{lesson.id}/play")
    player = page.frame_locator("#scorm-frame").frame_locator("#sco-frame")
    content = player.frame_locator("#contentFrame")
    expect(content.get_by_role("heading", name="Courtesy")).to_be_visible()  # the bookmarked page
    assert any("resume" in message for message in dialogs)
    assert api(page).evaluate("API.LMSGetValue('cmi.core.entry')") == "resume"
    assert api(page).evaluate("API.LMSGetValue('cmi.suspend_data')") == "golf;read=0,1,2,3"
    for _ in range(5):
        player.get_by_role("button", name="Next ->").click()
    expect(content.get_by_role("heading", name="Knowledge Check")).to_be_visible()
    # The knowledge check loads Playing/, Etiquette/, Handicapping/ and HavingFun/questions.js: 6 questions.
    expect(content.locator(".question")).to_have_count(6)
    for radio in content.locator(".correctAnswer input[type=radio]").all()[:5]:  # the fun one left out
        radio.check()
    content.get_by_role("button", name="Submit Answers").click()
    expect(content.get_by_role("heading", name="Score: 83")).to_be_visible()  # 5 of 6: the fun one left out
    player.get_by_role("button", name="Exit").click()
    expect(page.get_by_text("This part is finished. Your result is saved.")).to_be_visible()

    attempt = wait_for(db, lambda: (a := attempt_of(db, learner)) and a.closed and a)
    assert (attempt.lesson_status, attempt.score_raw, attempt.score_max) == ("passed", 83.0, 100.0)
    enrolment = db.session.get(Enrolment, attempt.enrolment_id)
    assert enrolment.state == "completed" and enrolment.score_percent == 83.0
    assert db.session.execute(select(Certificate).where(Certificate.enrolment_id == enrolment.id)).scalar_one()
    assert not [m for m in dialogs if "error" in m.lower() or "unable" in m.lower()], dialogs


API_SCRIPT = """() => {
  const codes = [];
  const code = () => API.LMSGetLastError();
  const log = (label, result) => codes.push([label, String(result), code()]);
  log('get before initialize', API.LMSGetValue('cmi.core.lesson_status'));
  log('initialize with an argument', API.LMSInitialize('x'));
  log('initialize', API.LMSInitialize(''));
  log('initialize twice', API.LMSInitialize(''));
  log('unknown element', API.LMSGetValue('cmi.core.favourite_colour'));
  log('children of a leaf', API.LMSGetValue('cmi.core.student_id._children'));
  log('count of a non-array', API.LMSGetValue('cmi.core._count'));
  log('SCORM 2004 element', API.LMSGetValue('cmi.completion_status'));
  log('set a keyword', API.LMSSetValue('cmi.interactions._count', '3'));
  log('set read-only student_id', API.LMSSetValue('cmi.core.student_id', 'someone-else'));
  log('set read-only credit', API.LMSSetValue('cmi.core.credit', 'no-credit'));
  log('set read-only entry', API.LMSSetValue('cmi.core.entry', 'resume'));
  log('set read-only total_time', API.LMSSetValue('cmi.core.total_time', '0100:00:00'));
  log('set read-only launch_data', API.LMSSetValue('cmi.launch_data', 'x'));
  log('set read-only mastery_score', API.LMSSetValue('cmi.student_data.mastery_score', '10'));
  log('get write-only exit', API.LMSGetValue('cmi.core.exit'));
  log('get write-only session_time', API.LMSGetValue('cmi.core.session_time'));
  log('bad status', API.LMSSetValue('cmi.core.lesson_status', 'finished'));
  log('status cannot go back', API.LMSSetValue('cmi.core.lesson_status', 'not attempted'));
  log('score not a number', API.LMSSetValue('cmi.core.score.raw', 'ninety'));
  log('score out of range', API.LMSSetValue('cmi.core.score.raw', '101'));
  log('bad session time', API.LMSSetValue('cmi.core.session_time', '1 hour'));
  log('long location', API.LMSSetValue('cmi.core.lesson_location', 'x'.repeat(256)));
  log('skipped interaction index', API.LMSSetValue('cmi.interactions.1.id', 'q2'));
  log('read student_name', API.LMSGetValue('cmi.core.student_name'));
  log('read launch_data', API.LMSGetValue('cmi.launch_data'));
  log('read mastery_score', API.LMSGetValue('cmi.student_data.mastery_score'));
  log('read credit', API.LMSGetValue('cmi.core.credit'));
  log('core children', API.LMSGetValue('cmi.core._children'));
  log('set status', API.LMSSetValue('cmi.core.lesson_status', 'incomplete'));
  log('set score', API.LMSSetValue('cmi.core.score.raw', '55.5'));
  log('set exit', API.LMSSetValue('cmi.core.exit', 'suspend'));
  log('set session_time', API.LMSSetValue('cmi.core.session_time', '0000:01:30.25'));
  log('interaction id', API.LMSSetValue('cmi.interactions.0.id', 'q1'));
  log('interaction result', API.LMSSetValue('cmi.interactions.0.result', 'correct'));
  log('interaction count', API.LMSGetValue('cmi.interactions._count'));
  log('get write-only interaction', API.LMSGetValue('cmi.interactions.0.id'));
  log('objective', API.LMSSetValue('cmi.objectives.0.id', 'obj_1'));
  log('read objective back', API.LMSGetValue('cmi.objectives.0.id'));
  log('error string', API.LMSGetErrorString('403'));
  log('commit with an argument', API.LMSCommit('x'));
  log('commit', API.LMSCommit(''));
  log('finish', API.LMSFinish(''));
  log('get after finish', API.LMSGetValue('cmi.core.lesson_status'));
  log('set after finish', API.LMSSetValue('cmi.core.lesson_location', '2'));
  log('diagnostic', API.LMSGetDiagnostic(''));
  return codes;
}"""

EXPECTED_CODES = {
    "get before initialize": ("", "301"), "initialize with an argument": ("false", "201"),
    "initialize": ("true", "0"), "initialize twice": ("false", "101"), "unknown element": ("", "201"),
    "children of a leaf": ("", "202"), "count of a non-array": ("", "203"), "SCORM 2004 element": ("", "401"),
    "set a keyword": ("false", "402"), "set read-only student_id": ("false", "403"),
    "set read-only credit": ("false", "403"), "set read-only entry": ("false", "403"),
    "set read-only total_time": ("false", "403"), "set read-only launch_data": ("false", "403"),
    "set read-only mastery_score": ("false", "403"), "get write-only exit": ("", "404"),
    "get write-only session_time": ("", "404"), "bad status": ("false", "405"),
    "status cannot go back": ("false", "405"), "score not a number": ("false", "405"),
    "score out of range": ("false", "405"), "bad session time": ("false", "405"), "long location": ("false", "405"),
    "skipped interaction index": ("false", "201"), "read student_name": ("Kapanadze, Nino", "0"),
    "read launch_data": ("level=2", "0"), "read mastery_score": ("75", "0"), "read credit": ("credit", "0"),
    "core children": ("student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,"
                      "lesson_mode,exit,session_time", "0"),
    "set status": ("true", "0"), "set score": ("true", "0"), "set exit": ("true", "0"),
    "set session_time": ("true", "0"), "interaction id": ("true", "0"), "interaction result": ("true", "0"),
    "interaction count": ("1", "0"), "get write-only interaction": ("", "404"), "objective": ("true", "0"),
    "read objective back": ("obj_1", "0"), "error string": ("Element is read only", "0"),
    "commit with an argument": ("false", "201"), "commit": ("true", "0"), "finish": ("true", "0"),
    "get after finish": ("", "301"), "set after finish": ("false", "301"),
    "diagnostic": ("LMSSetValue before LMSInitialize, or after LMSFinish.", "301"),
}


def test_a_script_drives_the_api_as_a_sco_would_through_every_error_code(page: Page, sign_in, learner, db):
    package = make_zip(with_manifest=manifest(mastery=75, launch_data="level=2"))
    course, lesson = _enrolled(db, learner, package)
    sign_in(page, learner.email)
    page.goto(f"/learn/courses/{course.id}/lessons/{lesson.id}/play")
    expect(sco_frame(page).get_by_role("heading", name="A quiet SCO")).to_be_visible()
    results = {label: (value, error) for label, value, error in api(page).evaluate(API_SCRIPT)}
    assert results == EXPECTED_CODES
    assert {error for _value, error in results.values()} == {"0", "101", "201", "202", "203", "301", "401", "402",
                                                             "403", "404", "405"}

    attempt = wait_for(db, lambda: (a := attempt_of(db, learner)) and len(a.commits) == 2 and a)
    # LMSFinish with a mastery score of 75 and a raw score of 55.5: failed, whatever the SCO said.
    assert (attempt.lesson_status, attempt.score_raw, attempt.exit_mode, attempt.entry) == \
        ("failed", 55.5, "suspend", "resume")
    assert attempt.total_time == "0000:01:30.25"
    assert attempt.cmi["cmi.interactions.0.result"] == "correct" and "cmi.core.student_id" not in attempt.cmi
    # The commit and the finish may arrive in either order; the API calls of both are in the journal.
    journal = {c.kind: c for c in db.session.execute(select(ScoCommit).where(ScoCommit.attempt_id == attempt.id)
                                                    ).scalars()}
    assert set(journal) == {"commit", "finish"} and not journal["finish"].superseded
    forged = next(c for c in journal["commit"].calls if c[2] == ["cmi.core.student_id", "someone-else"])
    assert (forged[1], forged[3], forged[4]) == ("LMSSetValue", "false", "403")
    assert [c[1] for c in journal["commit"].calls][-1] == "LMSCommit"
    assert [c[1] for c in journal["finish"].calls] == ["LMSFinish"]


def test_a_value_set_as_the_tab_closes_is_stored(page: Page, sign_in, learner, db):
    course, lesson = _enrolled(db, learner, make_zip())
    sign_in(page, learner.email)
    page.goto(f"/learn/courses/{course.id}/lessons/{lesson.id}/play")
    expect(sco_frame(page).get_by_role("heading", name="A quiet SCO")).to_be_visible()
    api(page).evaluate("""() => { API.LMSInitialize('');
        API.LMSSetValue('cmi.core.lesson_location', 'slide-7');
        API.LMSSetValue('cmi.suspend_data', 'answers=1,3,2'); }""")  # no LMSCommit, no LMSFinish
    page.close()

    attempt = wait_for(db, lambda: (a := attempt_of(db, learner)) and a.cmi.get("cmi.core.lesson_location") and a)
    assert attempt.cmi["cmi.suspend_data"] == "answers=1,3,2"
    assert attempt.lesson_status == "not attempted"  # closing the tab is not LMSFinish: nothing is completed
    assert [c.kind for c in attempt.commits] == ["close"]


def test_an_administrator_uploads_a_package_and_reads_an_attempt_on_accessible_pages(page: Page, sign_in, factory, db,
                                                                                    assert_accessible, tmp_path):
    unit = factory.unit("MOF", name_en="Ministry of Finance")
    admin = factory.user(roles=[(LEARNING_ADMIN, unit)], email="learning@mof.gov.ge")
    learner = factory.user(employee=factory.employee(unit))
    course = make_course(quiz=False, text_lessons=1, provider=unit)
    ops.enrol(learner.employee, course)
    db.session.commit()
    broken, golf = tmp_path / "broken.zip", tmp_path / "golf.zip"
    broken.write_bytes(fixture("ItemWithNonExistentResourceId_SCORM12.zip"))
    golf.write_bytes(fixture(GOLF))

    sign_in(page, admin.email)
    page.goto(f"/learn/admin/courses/{course.id}")
    page.get_by_role("link", name="Add a SCORM package to this section").click()
    assert_accessible(page)
    page.get_by_label("SCORM package").set_input_files(str(broken))
    page.get_by_role("button", name="Upload and check the package").click()
    expect(page.get_by_role("alert")).to_contain_text("refers to the resource non_existent_resource")
    assert_accessible(page)
    page.get_by_label("SCORM package").set_input_files(str(golf))
    page.get_by_label("Title in English").fill("Golf, the basics")
    page.get_by_role("button", name="Upload and check the package").click()
    expect(page.get_by_text("Package imported as version 1")).to_be_visible()
    expect(page.get_by_role("cell", name="shared/launchpage.html")).to_be_visible()
    assert_accessible(page)

    db.session.rollback()
    package = db.session.execute(select(PackageVersion)).scalar_one()
    assert package.lesson.title_en == "Golf, the basics"
    enrolment = db.session.execute(select(Enrolment).where(Enrolment.employee_id == learner.employee_id)).scalar_one()
    attempt = scorm_ops.launch(package.scos[0], enrolment).attempt
    scorm_ops.record_commit(attempt, {"kind": "finish", "page": "p", "seq": 1, "start": 0, "values": [
        ["cmi.core.lesson_status", "incomplete"], ["cmi.core.exit", "suspend"]],
        "calls": [[3, "LMSInitialize", [""], "true", "0"], [9, "LMSGetValue", ["cmi.core.exit"], "", "404"]]})
    db.session.commit()
    page.get_by_role("link", name="Learners' attempts").click()
    assert_accessible(page)
    page.get_by_role("link", name="Attempt 1").click()
    expect(page.get_by_role("cell", name='LMSGetValue("cmi.core.exit")')).to_be_visible()
    assert_accessible(page)
