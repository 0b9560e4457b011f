"""Learning through the API: a ``learning:read`` client of one ministry sees that ministry's learners only, and the
read of their records is logged like a page read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from common.extensions import db as _db
from common.models import AuditEvent
from learning.models import Certificate, Course, Enrolment
from tests.api.conftest import bearer


def course_and_enrolments(factory, *units):
    course = Course(code="ETH-1", title_ka="ეთიკა", title_en="Ethics", category="ethics", published=True)
    _db.session.add(course)
    _db.session.flush()
    people = []
    for unit in units:
        person = factory.employee(unit)
        enrolment = Enrolment(employee_id=person.id, course_id=course.id, state="completed")
        _db.session.add(enrolment)
        _db.session.flush()
        _db.session.add(Certificate(enrolment_id=enrolment.id, employee_id=person.id, course_id=course.id,
                                    serial=f"S-{person.id}", code=f"C-{person.id}", holder_name_ka="x",
                                    holder_name_en="x", course_title_ka="x", course_title_en="x",
                                    cpd_hours=Decimal("1.5"), issued_on=date(2026, 1, 1)))
        people.append(person)
    return course, people


def test_a_learning_client_sees_its_ministrys_learners_only(client, factory, db, service_client):
    ministry_a, ministry_b = factory.unit("MA"), factory.unit("MB")
    _course, (inside, _outside) = course_and_enrolments(factory, ministry_a, ministry_b)
    db.session.commit()
    _row, token = service_client("LMS mirror", ["learning:read"], ministry_a)

    courses = client.get("/api/v1/learning/courses", headers=bearer(token)).get_json()["items"]
    assert [(c["code"], c["cpd_hours"]) for c in courses] == [("ETH-1", 1.0)]
    completions = client.get("/api/v1/learning/enrolments?state=completed&course=ETH-1", headers=bearer(token))
    assert [e["employee_id"] for e in completions.get_json()["items"]] == [inside.id]
    certificates = client.get("/api/v1/learning/certificates", headers=bearer(token)).get_json()["items"]
    assert [(c["employee_id"], c["cpd_hours"], c["revoked"]) for c in certificates] == [(inside.id, 1.5, False)]
    reads = db.session.execute(select(AuditEvent).where(AuditEvent.kind == "read")).scalars().all()
    assert [(r.action, r.actor_email, r.subject_ids) for r in reads] == [
        ("learning", "client:LMS mirror", [inside.id]), ("certificate", "client:LMS mirror", [inside.id])]
    assert client.get("/api/v1/directory/employees", headers=bearer(token)).status_code == 403
