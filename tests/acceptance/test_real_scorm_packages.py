"""Real-world SCORM 1.2 packages (``../shared/fixtures/scorm``, see its README): the golf sample imports with its
same-named files kept apart, plays in Chromium through bookmark, resume and a scored knowledge check, and earns
the certificate; the broken packages are refused with the problem named."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from learning import operations as ops
from learning.models import Certificate, Enrolment
from learning.scorm import storage
from tests.acceptance.conftest import fixture
from tests.learning.scorm_support import scorm_course
from tests.learning.test_browser_scorm import accept_dialogs, attempt_of, wait_for
from tests.learning.test_scorm_import import _refused

GOLF = "RuntimeBasicCalls_SCORM12.zip"


def test_the_golf_package_imports_with_its_files_in_a_content_addressed_folder(db):
    _course, lesson, version = scorm_course(fixture(GOLF), filename=GOLF)
    assert (lesson.kind, lesson.title_en, lesson.required) == ("scorm", "Golf Explained - Run-time Basic Calls", True)
    assert (version.number, version.file_count, version.original_name) == (1, 44, GOLF)
    assert version.identifier == "com.scorm.golfsamples.runtime.basicruntime.12"
    [sco] = version.scos
    assert (sco.identifier, sco.title, sco.launch, sco.tracked, sco.mastery_score) == \
        ("item_1", "Golf Explained", "shared/launchpage.html", True, None)
    folder = storage.root() / version.digest
    with zipfile.ZipFile(io.BytesIO(fixture(GOLF))) as archive:
        for name in ("Playing/questions.js", "Etiquette/questions.js", "Handicapping/questions.js",
                     "HavingFun/questions.js", "shared/launchpage.html"):
            assert (folder / name).read_bytes() == archive.read(name)


@pytest.mark.parametrize(("name", "message"), [
    ("MalformedXml_SCORM12.zip", "imsmanifest.xml is not well-formed XML (mismatched tag: line 27, column 6)."),
    ("MissingLaunchUrl_SCORM12.zip", "Resource resource_1 (item item_1) has no launch file: its href is missing."),
    ("ItemWithNonExistentResourceId_SCORM12.zip",
     "Item item_1 refers to the resource non_existent_resource, which the manifest does not define."),
])
def test_broken_real_packages_are_refused_with_the_problem_named(db, name, message):
    assert _refused(db, fixture(name)) == message


@pytest.mark.browser
def test_golf_plays_stores_its_results_resumes_and_earns_the_certificate(page: Page, sign_in, factory, db):
    learner = factory.user(employee=factory.employee(factory.unit("MOF"), first_name_en="Nino"))
    course, lesson, _version = scorm_course(fixture(GOLF))
    ops.enrol(learner.employee, course)
    db.session.commit()
    dialogs = accept_dialogs(page)
    sign_in(page, learner.email)
    page.goto(f"/learn/courses/{course.id}/lessons/{lesson.id}/play")
    player = page.frame_locator("#scorm-frame").frame_locator("#sco-frame")  # wrapper (content origin), then SCO
    content = player.frame_locator("#contentFrame")
    expect(content.get_by_role("heading", name="Play of the game")).to_be_visible()
    for _ in range(3):
        player.get_by_role("button", name="Next ->").click()
    expect(content.get_by_role("heading", name="Other Scoring Systems")).to_be_visible()
    page.close(run_before_unload=True)
    attempt = wait_for(db, lambda: (a := attempt_of(db, learner)) and a.exit_mode == "suspend" and a)
    assert attempt.cmi["cmi.core.lesson_location"] == "3" and attempt.entry == "resume"

    page = page.context.new_page()
    dialogs = accept_dialogs(page, dialogs)
    page.goto(f"/learn/courses/{course.id}/lessons/{lesson.id}/play")
    player = page.frame_locator("#scorm-frame").frame_locator("#sco-frame")  # wrapper (content origin), then SCO
    content = player.frame_locator("#contentFrame")
    expect(content.get_by_role("heading", name="Other Scoring Systems")).to_be_visible()
    for _ in range(11):
        player.get_by_role("button", name="Next ->").click()
    expect(content.locator(".question")).to_have_count(15)  # four questions.js, each from its own folder
    for radio in content.locator(".correctAnswer input[type=radio]:not([id*='fun_'])").all():
        radio.check()
    for box in content.locator(".correctAnswer").filter(has=content.locator("input[type=text]")).all():
        box.locator("input").fill(re.search(r"\((\d+)\)", box.inner_text()).group(1))
    content.get_by_role("button", name="Submit Answers").click()
    expect(content.get_by_role("heading", name="Score: 80")).to_be_visible()
    player.get_by_role("button", name="Exit").click()
    attempt = wait_for(db, lambda: (a := attempt_of(db, learner)) and a.closed and a)
    assert (attempt.lesson_status, attempt.score_raw) == ("passed", 80.0)
    enrolment = db.session.get(Enrolment, attempt.enrolment_id)
    assert enrolment.state == "completed"
    assert db.session.execute(select(Certificate).where(Certificate.enrolment_id == enrolment.id)).scalar_one()
    assert not [m for m in dialogs if "error" in m.lower() or "unable" in m.lower()], dialogs
