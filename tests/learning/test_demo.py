"""``flask demo`` gives the learning module five real courses, a mandatory rule, and learners at every status."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from common.errors import OperationError
from common.models import Employee, User
from learning.dates import today
from learning.demo_content import COURSES
from learning.models import Certificate, Course, Enrolment, Question, Rule
from learning.sanitise import clean_html
from learning.scorm import operations as scorm_ops
from learning.scorm import storage
from learning.scorm.queries import current_version


def test_the_demo_has_five_bilingual_courses_a_rule_and_every_status(app, db):
    result = app.test_cli_runner().invoke(args=["demo", "--employees", "300"])
    assert result.exit_code == 0, result.output
    courses = db.session.execute(select(Course).where(Course.code != "ESIGN-101").order_by(Course.code)
                                 ).scalars().all()
    assert sorted(c.code for c in courses) == sorted(data["code"] for data in COURSES)
    for course in courses:
        assert course.published and course.title_ka != course.title_en
        lessons = [lesson for section in course.sections for lesson in section.lessons]
        assert any(lesson.kind == "quiz" for lesson in lessons)
        texts = [lesson for lesson in lessons if lesson.kind == "text"]
        assert texts and all(lesson.body_ka and lesson.body_en for lesson in texts)
        assert all(clean_html(lesson.body_en) == lesson.body_en for lesson in texts)
        kinds = {q.kind for q in course.questions}
        assert len(course.questions) >= 6 and {"single", "matching"} <= kinds | {"single", "matching"}
    assert {q.kind for q in db.session.execute(select(Question)).scalars()} == {
        "single", "multiple", "true_false", "matching", "numeric"}

    rule = db.session.execute(select(Rule)).scalar_one()
    assert rule.unit_id is None and rule.course.code == "CYB-101" and rule.recert_months == 12
    staff = db.session.execute(select(func.count(Employee.id))).scalar_one()
    covered = db.session.execute(select(func.count(Enrolment.id)).where(Enrolment.rule_id == rule.id)).scalar_one()
    assert covered == staff

    statuses = Counter(e.status(today()) for e in db.session.execute(
        select(Enrolment).where(Enrolment.is_current.is_(True))).scalars())
    for status in ("assigned", "in_progress", "overdue", "completed", "expiring", "expired", "failed", "exempt",
                   "requested"):
        assert statuses[status] > 0, status
    assert db.session.execute(select(func.count(Certificate.id))).scalar_one() >= 10

    person = db.session.execute(select(User).where(User.email == "employee@demo.gov.ge")).scalar_one().employee
    mine = {e.course.code: e.status(today()) for e in db.session.execute(
        select(Enrolment).where(Enrolment.employee_id == person.id, Enrolment.is_current.is_(True))).scalars()}
    assert mine == {"CYB-101": "completed", "PHISH-101": "in_progress", "INFOSEC-101": "expiring",
                    "PDP-101": "assigned", "RISK-101": "requested", "ESIGN-101": "assigned"}


def test_the_demo_has_a_published_scorm_course_with_a_lesson_and_a_scored_quiz(app, db, factory):
    """The package is written in this project (``learning/demo_content/scorm``) and imported like an upload."""
    result = app.test_cli_runner().invoke(args=["demo", "--employees", "300"])
    assert result.exit_code == 0, result.output
    course = db.session.execute(select(Course).where(Course.code == "ESIGN-101")).scalar_one()
    [lesson] = [lesson for section in course.sections for lesson in section.lessons]
    assert course.published and lesson.kind == "scorm" and course.title_ka != course.title_en
    version = current_version(lesson.id)
    assert [(s.identifier, s.tracked, s.launch, s.prerequisites, s.mastery_score) for s in version.scos] == [
        ("lesson", True, "lesson/index.html", "", None), ("quiz", True, "quiz/index.html", "lesson", 70.0)]
    assert [line["depth"] for line in version.outline] == [0, 1, 1]  # the module groups the two SCOs
    quiz = (storage.root() / version.digest / "quiz" / "index.html").read_text(encoding="utf-8")
    assert "LMSSetValue" not in quiz and 'SCO.set("cmi.core.score.raw", score)' in quiz
    assert 'SCO.set("cmi.core.lesson_status", score >= 70 ? "passed" : "failed")' in quiz
    assert "api.LMSSetValue(name, String(value))" in (storage.root() / version.digest / "shared" / "scorm.js"
                                                      ).read_text(encoding="utf-8")
    person = db.session.execute(select(User).where(User.email == "employee@demo.gov.ge")).scalar_one().employee
    enrolment = db.session.execute(select(Enrolment).where(Enrolment.employee_id == person.id,
                                                           Enrolment.course_id == course.id)).scalar_one()
    assert enrolment.active
    values = scorm_ops.launch(version.scos[0], enrolment).values
    assert values["cmi.launch_data"] == "pages=3"
    with pytest.raises(OperationError, match="Locked: complete"):
        scorm_ops.launch(version.scos[1], enrolment)
