"""The SCORM routes by every role (``SCORM`` rows in ``permissions_matrix.py``)."""

from __future__ import annotations

from learning import operations as ops
from learning.scorm import operations as scorm_ops
from tests.learning.permissions_matrix import SCORM
from tests.learning.scorm_support import make_zip, scorm_course
from tests.matrix import base_world, check


def test_scorm_routes_by_role(app, factory, login_as):
    world = base_world(app, factory, login_as)
    course, lesson, version = scorm_course(make_zip(), provider=world.units["a"])
    enrolment = ops.assign(world.employees["colleague"], course, None, actor=None)
    attempt = scorm_ops.launch(version.scos[0], enrolment).attempt
    world.urls |= {"course": str(course.id), "section": str(lesson.section_id), "scorm_lesson": str(lesson.id),
                   "scorm_version": str(version.id), "scorm_attempt": str(attempt.id)}
    problems = check(app, SCORM, world)
    assert not problems, "\n".join(problems)


def test_a_learner_cannot_claim_a_scorm_lesson_done_without_playing_it(app, factory, login_as, db):
    world = base_world(app, factory, login_as)
    course, lesson, _version = scorm_course(make_zip(), provider=world.units["a"])
    ops.assign(world.employees["colleague"], course, None, actor=None)
    db.session.commit()
    learner = world.clients["employee"]
    response = learner.post(f"/learn/api/lessons/{lesson.id}/completion", json={"status": "passed", "score": 100})
    assert response.status_code == 400
    assert learner.get(f"/learn/api/lessons/{lesson.id}/completion").json["lesson_done"] is False
