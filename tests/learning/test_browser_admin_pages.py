"""On a phone (390 px wide), in a real browser: the catalogue with its filters, compliance, mandatory rules,
assigning by name, question banks, the authoring pages (a course's results per package item among them) and a quiz
with its countdown have no horizontal scroll, and axe-core finds no serious or critical WCAG 2.1 AA
violation on them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from common.models import Competency
from common.models.users import LEARNING_ADMIN
from learning import operations as ops
from learning.dates import today
from learning.models import Enrolment
from tests.learning.helpers import make_course, quiz_of

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture()
def learning_world(factory, db):
    ministry = factory.unit("MOF", name_en="Ministry of Finance")
    budget = factory.unit("MOF-B", parent=ministry, kind="department", name_en="Budget Department")
    people = [factory.employee(budget, last_name_en=f"Budget{n}") for n in range(3)]
    learner = factory.user(employee=people[0], email="learner@mof.gov.ge")
    admin = factory.user(roles=[(LEARNING_ADMIN, ministry)], email="admin@mof.gov.ge")
    course = make_course(provider=ministry, quiz={"quiz_draw": 3, "quiz_minutes": 15})
    db.session.add(Competency(code="DIGITAL-GOV", name_ka="ციფრული ტრანსფორმაციისა და ინფორმაციული უსაფრთხოების "
                              "მმართველობა საჯარო სამსახურში", name_en="Digital transformation and information "
                              "security governance in the public service"))  # the catalogue filter's longest option
    bank = ops.create_bank({"name_ka": "კიბერჰიგიენა", "name_en": "Cyber hygiene questions",
                            "category": "cyber_hygiene"}, actor=admin)
    ops.set_quiz_banks(quiz_of(course), [bank.id], actor=None)
    rule = ops.create_rule(course, {"unit_id": budget.id, "starts_on": today() - timedelta(days=40),
                                    "due_days": 30, "recert_months": 12}, actor=None)
    ops.apply_rule_now(rule, actor=None)
    db.session.query(Enrolment).filter(Enrolment.employee_id == people[1].id).update({"due_date": today()
                                                                                     - timedelta(days=2)})
    db.session.commit()
    return admin, learner, course, bank


# The widest right edge of any visible element outside a table's own scroll box (which scrolls by itself, kept
# reachable by keyboard), and the document's width: neither may pass the screen.
WIDEST = """() => {
  let widest = 0, culprit = "";
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".table-wrap") || el.closest(".visually-hidden")) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > widest) { widest = box.right; culprit = `${el.tagName}.${el.className}#${el.id}`; }
  }
  return [Math.ceil(Math.max(widest, document.documentElement.scrollWidth)), culprit];
}"""


def _no_sideways_scroll(page: Page) -> None:
    width, culprit = page.evaluate(WIDEST)
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px screen ({culprit})"


@pytest.mark.parametrize("language", ["en", "ka"])
def test_learning_pages_fit_a_phone_and_pass_axe(new_context, sign_in, learning_world, assert_accessible, language):
    admin, _learner, course, bank = learning_world
    quiz = quiz_of(course)
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, admin.email)
    if language == "ka":  # Georgian labels are longer: the same pages, switched as a person would
        page.get_by_role("button", name="ქართული").click()
        expect(page.locator("html")).to_have_attribute("lang", "ka")
    for url in ("/learn/?q=cyber&level=basic", "/learn/admin/compliance", "/learn/admin/rules",
                "/learn/assign?who=budget", "/learn/admin/banks", f"/learn/admin/banks/{bank.id}",
                f"/learn/admin/banks/{bank.id}/questions/new", f"/learn/admin/courses/{course.id}",
                f"/learn/admin/sections/{quiz.section_id}/lessons/{quiz.id}",
                f"/learn/admin/courses/{course.id}/questions/new", f"/learn/admin/courses/{course.id}/results"):
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        _no_sideways_scroll(page)
        assert_accessible(page)


def test_a_quiz_on_a_phone_counts_down_to_its_deadline_in_tbilisi_time(new_context, sign_in, learning_world,
                                                                       assert_accessible):
    _admin, learner, course, _bank = learning_world
    quiz = quiz_of(course)
    learner_page = new_context(viewport=PHONE).new_page()
    sign_in(learner_page, learner.email)
    learner_page.goto(f"/learn/courses/{course.id}/lessons/{quiz.id}")
    learner_page.get_by_role("button", name="Start the quiz").click()
    expect(learner_page.locator("#quiz-deadline")).to_contain_text(re.compile(r"Submit by \d\d:\d\d Tbilisi time"))
    expect(learner_page.locator("#quiz-countdown")).to_be_visible()
    expect(learner_page.locator("#quiz-countdown")).to_contain_text(re.compile(r"Time left: 1[45]:\d\d"))
    _no_sideways_scroll(learner_page)
    assert_accessible(learner_page)


def test_without_javascript_the_quiz_states_its_deadline_and_hides_the_empty_clock(new_context, sign_in,
                                                                                  learning_world):
    _admin, learner, course, _bank = learning_world
    quiz = quiz_of(course)
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    sign_in(page, learner.email)
    page.goto(f"/learn/courses/{course.id}/lessons/{quiz.id}")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("#quiz-deadline")).to_contain_text("Tbilisi time (UTC+4)")
    expect(page.locator("#quiz-countdown")).to_be_hidden()
