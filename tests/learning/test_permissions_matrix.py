"""The learning routes by every role (rows in ``permissions_matrix.py``)."""

from __future__ import annotations

from datetime import date

from learning import operations as ops
from tests.learning.helpers import make_course, quiz_of, text_lessons
from tests.learning.permissions_matrix import CMI5, EXPECTED, SCORM
from tests.matrix import base_world, check


def test_learning_routes_by_role(app, factory, login_as):
    world = base_world(app, factory, login_as)
    course = make_course(provider=world.units["a"], self_enrol=False)  # the enrol row must not enrol anyone
    section = course.sections[0]
    file_lesson = ops.save_lesson(section, {"kind": "file", "title_ka": "ფაილი", "title_en": "Handout",
                                            "required": False}, upload=(b"%PDF-1.4 handout", "handout.pdf"),
                                  actor=None)
    enrolment = ops.assign(world.employees["colleague"], course, None, actor=None)
    attempt = ops.start_attempt(enrolment, quiz_of(course))
    finished = ops.assign(world.employees["person"], course, None, actor=None)
    finished.state = "completed"
    certificate = ops.issue_certificate(finished)
    rule = ops.create_rule(course, {"unit_id": world.units["a"].id, "starts_on": date(2026, 1, 1), "due_days": 30},
                           actor=None)
    bank = ops.create_bank({"name_ka": "ბანკი", "name_en": "Shared bank", "category": "cyber_hygiene"},
                           actor=world.users["learning_admin"])  # its creator (and an unscoped admin) edit it
    world.urls |= {"bank": str(bank.id), "course": str(course.id),
                   "lesson": str(text_lessons(course)[0].id), "quiz": str(quiz_of(course).id),
                   "file_lesson": str(file_lesson.id), "section": str(section.id),
                   "question": str(course.questions[0].id), "enrolment": str(enrolment.id),
                   "attempt": str(attempt.id), "certificate": str(certificate.id), "rule": str(rule.id),
                   "code": certificate.code}
    problems = check(app, {k: v for k, v in EXPECTED.items() if k not in SCORM | CMI5}, world)  # SCORM, cmi5: own tests
    assert not problems, "\n".join(problems)
