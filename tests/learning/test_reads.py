"""Reads of learning records are logged with the people shown: the compliance page, a course's enrolment list,
the SCORM attempts of a lesson and one attempt's data (``common.reads``)."""

from __future__ import annotations

from common.models.users import LEARNING_ADMIN
from learning.models import Enrolment
from learning.scorm import operations as scorm_ops
from tests.common.reads_helpers import indexed_subjects, one_read, read_entries
from tests.learning.test_compliance import two_ministries  # noqa: F401 - the fixture
from tests.learning.test_scorm_runtime import _commit, world  # noqa: F401 - the fixture


def test_the_compliance_page_logs_the_learners_it_lists(two_ministries, db, login_as):  # noqa: F811
    _finance, _division, admin, (late, exempt, on_time, outsider) = two_ministries
    page = login_as(admin).get("/learn/admin/compliance").text
    assert "Overdue-Finance" in page
    entry = one_read(db, "compliance")
    assert set(entry.subject_ids) == {late.id, exempt.id, on_time.id} == indexed_subjects(db, entry)
    assert outsider.id not in entry.subject_ids and entry.module == "learning"


def test_a_course_enrolment_list_logs_its_learners(two_ministries, db, login_as):  # noqa: F811
    _finance, _division, admin, (late, exempt, on_time, _outsider) = two_ministries
    course_id = db.session.query(Enrolment).filter_by(employee_id=late.id).one().course_id
    assert "Overdue-Finance" in login_as(admin).get(f"/learn/admin/courses/{course_id}/enrolments").text
    assert set(one_read(db, "enrolments").subject_ids) == {late.id, exempt.id, on_time.id}


def test_scorm_attempt_list_and_attempt_page_log_the_learner(world, db, factory, login_as):  # noqa: F811
    unit, learner, _course, lesson, version, enrolment = world
    attempt = scorm_ops.launch(version.scos[0], enrolment).attempt
    _commit(attempt, cmi__core__lesson_location="intro")
    db.session.commit()
    admin = login_as(factory.user(roles=[(LEARNING_ADMIN, unit)]))
    assert "Gelashvili" in admin.get(f"/learn/admin/lessons/{lesson.id}/scorm/attempts").text
    assert one_read(db, "scorm").subject_ids == [learner.employee_id]
    assert admin.get(f"/learn/admin/scorm/attempts/{attempt.id}").status_code == 200
    detail = read_entries(db, "scorm")[-1]
    assert detail.subject_ids == [learner.employee_id]
    assert (detail.object_type, detail.object_id) == ("ScoAttempt", str(attempt.id))
