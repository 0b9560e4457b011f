"""In a real browser: a civil servant enrols, reads a lesson and takes the quiz, every page passing axe-core's
WCAG 2.1 AA checks; and the same lesson and quiz work with JavaScript switched off, on light pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD
from tests.learning.helpers import make_course

pytestmark = pytest.mark.browser


def _sign_in(page: Page, email: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@pytest.fixture()
def learner(factory, db):
    unit = factory.unit("MOF", name_en="Ministry of Finance")
    user = factory.user(employee=factory.employee(unit), email="nino@mof.gov.ge")
    course = make_course(quiz={"quiz_draw": 3})
    db.session.commit()
    return user, course


def test_enrol_read_and_take_the_quiz_accessibly(new_context, learner, assert_accessible):
    user, _course = learner
    page = new_context().new_page()
    _sign_in(page, user.email)
    page.goto("/learn/?q=hygiene")
    assert_accessible(page)
    page.get_by_role("link", name="Cyber hygiene basics").click()
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_text("You are enrolled")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Lesson 1").click()
    expect(page.get_by_text("Text 1")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Course contents").click()
    page.get_by_role("link", name="Quiz").click()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("fieldset")).to_have_count(3)
    assert_accessible(page)
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Not passed")).to_be_visible()
    assert_accessible(page)
    page.goto("/learn/my")
    assert_accessible(page)


def test_a_lesson_and_a_quiz_work_without_javascript_on_a_light_page(new_context, learner, db):
    user, course = learner
    from learning import operations as ops

    ops.enrol(user.employee, course)
    db.session.commit()
    page = new_context(java_script_enabled=False).new_page()
    _sign_in(page, user.email)
    page.goto(f"/learn/courses/{course.id}")
    page.get_by_role("link", name="Lesson 1").click()
    expect(page.get_by_text("Text 1")).to_be_visible()
    weight = len(page.content().encode()) + len(page.request.get("/static/css/site.css").body())
    assert weight < 40_000, weight  # the page and its one stylesheet, for a slow rural connection
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()
    page.goto(f"/learn/courses/{course.id}")
    page.get_by_role("link", name="Quiz").click()
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Not passed")).to_be_visible()
