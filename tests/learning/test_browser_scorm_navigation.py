"""Moving through a multi-SCO package in headless Chromium: the package's contents with its groups, previous and
next, moving on when a part finishes, the contents brought up to date without a reload, and an item locked by its
prerequisites until they are met."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from learning import demo
from learning import operations as ops
from learning.scorm.models import ScoAttempt
from tests.learning import packages
from tests.learning.packages import Item, make_zip, manifest
from tests.learning.scorm_support import scorm_course
from tests.learning.test_browser_scorm import sco_frame

pytestmark = pytest.mark.browser


def _open(db, factory, sign_in, page: Page, data: bytes):
    learner = factory.user(employee=factory.employee(factory.unit("MOF")), email="tamar@mof.gov.ge")
    course, lesson, version = scorm_course(data)
    ops.enrol(learner.employee, course)
    db.session.commit()
    sign_in(page, learner.email)
    play = f"/learn/courses/{course.id}/lessons/{lesson.id}/play"
    page.goto(play)
    return play, version


def _part(page: Page, title: str) -> None:
    expect(sco_frame(page).get_by_role("heading", name=title)).to_be_visible()


def _finish(page: Page) -> None:
    sco_frame(page).get_by_role("button", name="Finish this part").click()


def test_a_four_sco_package_is_navigated_with_next_previous_and_its_contents(page: Page, sign_in, factory, db,
                                                                            assert_accessible):
    play, version = _open(db, factory, sign_in, page, packages.multi_sco(4))
    first, second, third, fourth = version.scos
    contents = page.get_by_role("navigation", name="Contents of this lesson")
    expect(contents.locator("li.scorm-toc__group")).to_have_text([re.compile(r"^\s*Module 1"),
                                                                    re.compile(r"^\s*Module 2")])
    expect(contents.locator("li.scorm-toc__group").nth(1).get_by_role("link")).to_have_text(["Part 3", "Part 4"])
    _part(page, "Part 1")
    assert_accessible(page)

    parts = page.get_by_role("navigation", name="Parts of this lesson")
    parts.get_by_role("link", name="Next part: Part 2").click()
    _part(page, "Part 2")
    page.get_by_role("navigation", name="Parts of this lesson").get_by_role("link", name="Next part: Part 3").click()
    _part(page, "Part 3")
    page.get_by_role("navigation", name="Parts of this lesson").get_by_role(
        "link", name="Previous part: Part 2").click()
    _part(page, "Part 2")
    expect(page).to_have_url(re.compile(rf"sco={second.id}$"))

    # Finishing a part moves on to the next one; its status is in the contents.
    _finish(page)
    expect(page).to_have_url(re.compile(rf"sco={third.id}$"))
    _part(page, "Part 3")
    expect(page.get_by_role("navigation", name="Contents of this lesson").locator(f'li[data-sco="{second.id}"]')
           ).to_contain_text("(Completed)")
    page.get_by_role("navigation", name="Contents of this lesson").get_by_role("link", name="Part 1").click()
    _part(page, "Part 1")
    _finish(page)
    expect(page).to_have_url(re.compile(rf"sco={second.id}$"))
    page.goto(f"{play}?sco={third.id}")
    _finish(page)
    expect(page).to_have_url(re.compile(rf"sco={fourth.id}$"))

    # The last part: nothing to move on to; the contents and the lesson's completion change without a reload.
    _part(page, "Part 4")
    page.evaluate("window.stillTheSamePage = true")
    _finish(page)
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()
    expect(page.locator(f'.scorm-toc li[data-sco="{fourth.id}"]')).to_contain_text("(Completed)")
    assert page.evaluate("window.stillTheSamePage") is True
    assert first.id and page.url.endswith(f"sco={fourth.id}")
    assert_accessible(page)


def test_a_locked_part_opens_once_its_prerequisites_are_met(page: Page, sign_in, factory, db, assert_accessible):
    items = [Item("Introduction", "intro/index.html"), Item("Practice", "practice/index.html"),
             Item("Final test", "test/index.html", prerequisites="item_1 & item_2")]
    files = {item.href: packages.sco_page(item.title) for item in items}
    play, version = _open(db, factory, sign_in, page, make_zip(files, with_manifest=manifest(items), index=False))
    intro, practice, final = version.scos
    contents = page.get_by_role("navigation", name="Contents of this lesson")
    locked = contents.locator(f'li[data-sco="{final.id}"]')
    expect(locked).to_contain_text("(Locked)")
    expect(locked).to_contain_text("Locked until this is met: “Introduction” and “Practice”.")
    expect(locked.get_by_role("link")).to_have_count(0)
    page.goto(f"{play}?sco={final.id}")
    expect(page.get_by_text("“Final test” is locked.")).to_be_visible()
    expect(page.locator("#scorm-frame")).to_have_count(0)
    assert_accessible(page)

    page.goto(f"{play}?sco={intro.id}")
    _finish(page)
    expect(page).to_have_url(re.compile(rf"sco={practice.id}$"))
    expect(page.locator(f'.scorm-toc li[data-sco="{final.id}"]')).to_contain_text("(Locked)")
    _finish(page)  # the prerequisite is met: moving on opens the final test
    expect(page).to_have_url(re.compile(rf"sco={final.id}$"))
    _part(page, "Final test")
    expect(page.locator(f'.scorm-toc li[data-sco="{final.id}"]')).not_to_contain_text("Locked")
    _finish(page)
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()


def test_the_demo_package_plays_its_lesson_then_its_scored_quiz(page: Page, sign_in, factory, db):
    """The package ``flask demo`` imports: the lesson unlocks the quiz, the quiz's score decides passed or failed."""
    play, version = _open(db, factory, sign_in, page, demo.scorm_package())
    lesson_sco, quiz_sco = version.scos
    expect(page.locator(f'.scorm-toc li[data-sco="{quiz_sco.id}"]')).to_contain_text("(Locked)")
    lesson = sco_frame(page)
    expect(lesson.get_by_role("heading", name="რა არის ელექტრონული ხელმოწერა?")).to_be_visible()
    for _ in range(2):
        lesson.get_by_role("button", name="შემდეგი / Next →").click()
    lesson.get_by_role("button", name="დასრულება / Finish").click()
    expect(page).to_have_url(re.compile(rf"sco={quiz_sco.id}$"))
    quiz = sco_frame(page)
    for answer in ("ხელნაწერის ტოლფასია", "არავის უნდა გაუზიაროთ", "გავაუქმოთ სერტიფიკატი"):
        quiz.get_by_label(re.compile(answer)).check()
    quiz.get_by_role("button", name="შედეგის გაგზავნა / Submit answers").click()
    expect(quiz.get_by_text("შედეგი / Score: 75%")).to_be_visible()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()
    db.session.rollback()
    attempt = db.session.execute(select(ScoAttempt).where(ScoAttempt.sco_id == quiz_sco.id)).scalar_one()
    assert (attempt.lesson_status, attempt.score_raw) == ("passed", 75.0)
    assert attempt.cmi["cmi.interactions.3.result"] == "wrong"
    assert lesson_sco.launch_data == "pages=3" and play
