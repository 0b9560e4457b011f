"""The content origin in headless Chromium: a package that attacks a system administrator who plays it gets
nothing (no page read, no export, no role granted, nothing written), while an ordinary package in the same test
plays, scores and resumes; on the live server content URLs use the other host, and each host refuses the other's
routes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from common.models import AuditEvent, RoleAssignment
from common.models.users import ADMIN, LEARNING_ADMIN
from learning import operations as ops
from learning.scorm.models import ScoAttempt
from tests.learning.hostile_packages import exploit_package, normal_package
from tests.learning.scorm_support import scorm_course
from tests.learning.test_browser_scorm import sco_frame, wait_for

pytestmark = pytest.mark.browser


def _admin_actions(db: Any, admin: Any) -> list[str]:
    db.session.rollback()
    return list(db.session.execute(select(AuditEvent.action).where(AuditEvent.actor_id == admin.id)
                                   .order_by(AuditEvent.id)).scalars())


def test_a_hostile_package_gets_nothing_of_an_administrators_session(page: Page, sign_in, factory, db):
    ministry = factory.unit("MOF", name_en="Ministry of Finance")
    uploader = factory.user(roles=[(LEARNING_ADMIN, ministry)], email="learning@mof.gov.ge")
    admin = factory.user(roles=[(ADMIN, None)], employee=factory.employee(ministry), email="admin@gov.ge")
    factory.employee(ministry, first_name_en="Tamar", last_name_en="Beridze")  # someone in the staff export
    hostile, hostile_lesson, _v = scorm_course(exploit_package(uploader.id), code="ETH-1", provider=ministry)
    normal, normal_lesson, _v = scorm_course(normal_package(), code="ORD-1", provider=ministry)
    for course in (hostile, normal):
        ops.enrol(admin.employee, course)
    db.session.commit()
    grants_before = db.session.execute(select(func.count()).select_from(RoleAssignment)).scalar()
    sign_in(page, admin.email)
    before = _admin_actions(db, admin)

    page.add_init_script("window.addEventListener('scorm:finished', () => { window.finishedEvents = "
                         "(window.finishedEvents || 0) + 1; })")
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and navigations.append(frame.url))
    page.goto(f"/learn/courses/{hostile.id}/lessons/{hostile_lesson.id}/play")
    results_node = sco_frame(page).locator("#results")
    expect(results_node).not_to_be_empty(timeout=15_000)
    results = json.loads(results_node.inner_text())
    assert results.pop("app origin found").startswith("http://localhost:")  # it knows where the application is
    assert results.pop("grant admin with a form") in ("submitted", "blocked: SecurityError")
    assert results.pop("forged messages to the lesson page") == "sent"
    leaks = {label: outcome for label, outcome in results.items()
             if not (outcome == "none" or outcome.startswith("blocked"))}
    assert not leaks, f"the package reached the application: {leaks}"
    assert results["token in top"].startswith("blocked") and results["read top page"].startswith("blocked")
    assert results["read /hr/ through top"].startswith("blocked")
    page.wait_for_timeout(500)  # let anything the package sent arrive before counting
    # The lesson page heard none of it: only its wrapper's window speaks for the content origin.
    assert page.evaluate("window.finishedEvents || 0") == 0
    assert page.get_by_role("status").inner_text() == ""
    assert len(navigations) == 1 and navigations[0].endswith("/play")  # not reloaded by a forged message

    db.session.rollback()
    assert db.session.execute(select(func.count()).select_from(RoleAssignment)).scalar() == grants_before
    assert {a.role for a in db.session.get(type(uploader), uploader.id).roles} == {LEARNING_ADMIN}
    # Nothing written or read in the administrator's name but the launch of the lesson itself.
    assert _admin_actions(db, admin)[len(before):] == ["start_scorm_attempt"]

    # An ordinary package, in the same browser: plays, suspends, resumes from where it was, scores.
    page.goto(f"/learn/courses/{normal.id}/lessons/{normal_lesson.id}/play")
    expect(sco_frame(page).locator("#results")).to_have_text("First visit")
    attempt = wait_for(db, lambda: _suspended(db, admin, normal.id))
    assert attempt.cmi["cmi.suspend_data"] == "answered=1,2" and attempt.entry == "resume"
    page.goto(f"/learn/courses/{normal.id}/lessons/{normal_lesson.id}/play")
    expect(sco_frame(page).locator("#results")).to_have_text("Resumed at slide-3 with answered=1,2")
    expect(page.get_by_role("status")).to_have_text("This part is finished. Your result is saved.")
    done = wait_for(db, lambda: (a := db.session.get(ScoAttempt, attempt.id)) and a.closed and a)
    assert (done.lesson_status, done.score_raw, done.total_time) == ("passed", 90.0, "0000:03:00.00")


def _suspended(db: Any, admin: Any, course_id: int) -> ScoAttempt | None:
    from learning.models import Enrolment

    return db.session.execute(select(ScoAttempt).join(Enrolment).where(
        Enrolment.employee_id == admin.employee_id, Enrolment.course_id == course_id,
        ScoAttempt.exit_mode == "suspend")).scalar_one_or_none()


def test_the_live_server_serves_content_from_the_other_host_only(page: Page, sign_in, factory, db, live_server):
    unit = factory.unit("MOF")
    learner = factory.user(employee=factory.employee(unit))
    course, lesson, _version = scorm_course(normal_package(), provider=unit)
    ops.enrol(learner.employee, course)
    db.session.commit()
    sign_in(page, learner.email)
    page.goto(f"/learn/courses/{course.id}/lessons/{lesson.id}/play")
    expect(sco_frame(page).locator("#results")).to_have_text("First visit")
    port = live_server.rsplit(":", 1)[1]
    wrapper = page.locator("#scorm-frame").get_attribute("src")
    assert wrapper.startswith(f"http://127.0.0.1:{port}/learn/scorm/w/")  # the same server, another host
    sco = next(f for f in page.frames if "/learn/scorm/c/" in f.url)
    assert sco.url.startswith(f"http://127.0.0.1:{port}/learn/scorm/c/")
    # The signed-in browser's request context: the application's host refuses content, the content host the
    # application, and the content host never receives the session cookie.
    request = page.context.request
    assert request.get(wrapper.replace("127.0.0.1", "localhost")).status == 404
    assert request.get(sco.url.replace("127.0.0.1", "localhost")).status == 404
    for path in ("/", "/hr/", "/learn/", "/directory/employees/export.csv"):
        assert request.get(f"http://127.0.0.1:{port}{path}", max_redirects=0).status == 404, path
    cookies = page.context.cookies(f"http://127.0.0.1:{port}/")
    assert not cookies and page.context.cookies(live_server)
