"""The cmi5 routes by every role (``CMI5`` rows in ``permissions_matrix.py``)."""

from __future__ import annotations

from sqlalchemy import select

from learning import operations as ops
from learning.cmi5.models import Cmi5Session
from tests.learning.cmi5_packages import cmi5_course, two_au_course
from tests.learning.permissions_matrix import CMI5
from tests.matrix import base_world, check


def test_cmi5_routes_by_role(app, factory, login_as, db):
    world = base_world(app, factory, login_as)
    course, lesson, version = cmi5_course(two_au_course())
    course.provider_unit_id = world.units["a"].id
    ops.assign(world.employees["colleague"], course, None, actor=None)
    world.urls |= {"course": str(course.id), "section": str(lesson.section_id), "cmi5_lesson": str(lesson.id),
                   "cmi5_au": str(version.aus[0].id)}
    problems = check(app, CMI5, world)
    assert not problems, "\n".join(problems)
    # Only the enrolled learner's launch made a session.
    assert len(db.session.execute(select(Cmi5Session)).scalars().all()) == 1
