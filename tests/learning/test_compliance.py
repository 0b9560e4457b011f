"""Compliance pages stay inside the viewer's scope, and the list pages cost the same number of queries whatever
the number of courses and enrolments."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import insert

from common.models import Competency
from common.models.users import ADMIN, HR_OFFICER, LEARNING_ADMIN
from learning import operations as ops
from learning.dates import today
from learning.models import Course, Enrolment
from tests.learning.helpers import make_course


@pytest.fixture()
def two_ministries(factory, db):
    finance, justice = factory.unit("MOF", name_en="Ministry of Finance"), factory.unit("MOJ", name_en="Justice")
    division = factory.unit("MOF-1", parent=finance, kind="division", name_en="Budget Division")
    late = factory.employee(division, last_name_en="Overdue-Finance")
    exempt = factory.employee(division, last_name_en="Exempt-Finance")
    on_time = factory.employee(finance, last_name_en="OnTime-Finance")
    outsider = factory.employee(justice, last_name_en="Overdue-Justice")
    course = make_course()
    ops.create_rule(course, {"unit_id": None, "starts_on": today() - timedelta(days=60), "due_days": 30}, actor=None)
    ops.sync_rules()
    for person in (on_time,):
        db.session.execute(Enrolment.__table__.update().where(Enrolment.employee_id == person.id)
                           .values(due_date=today() + timedelta(days=10)))
    db.session.expire_all()
    ops.grant_exemption(db.session.query(Enrolment).filter_by(employee_id=exempt.id).one(),
                        "Certified by the national CERT course", actor=factory.user(roles=[(ADMIN, None)]))
    admin = factory.user(roles=[(LEARNING_ADMIN, finance)])
    db.session.commit()
    return finance, division, admin, (late, exempt, on_time, outsider)


def test_a_scoped_learning_administrator_sees_only_that_ministrys_learners(two_ministries, login_as):
    _finance, division, admin, _people = two_ministries
    client = login_as(admin)
    page = client.get("/learn/admin/compliance").get_data(as_text=True)
    assert "Overdue-Finance" in page and "Exempt-Finance" in page and "OnTime-Finance" in page
    assert "Overdue-Justice" not in page and "Justice" not in page
    overdue = client.get("/learn/admin/compliance?status=overdue").get_data(as_text=True)
    assert "Overdue-Finance" in overdue and "Exempt-Finance" not in overdue and "OnTime-Finance" not in overdue
    assert "Overdue (1)" in overdue and "Exempt (1)" in overdue
    drill = client.get(f"/learn/admin/compliance?unit={division.id}").get_data(as_text=True)
    assert "Overdue-Finance" in drill and "OnTime-Finance" not in drill


def test_units_outside_the_scope_are_not_found(two_ministries, factory, login_as):
    _finance, _division, admin, (_late, _exempt, _on_time, outsider) = two_ministries
    assert login_as(admin).get(f"/learn/admin/compliance?unit={outsider.org_unit_id}").status_code == 404


def test_hr_in_scope_and_a_government_wide_administrator(two_ministries, factory, login_as):
    finance, _division, _admin, _people = two_ministries
    hr = login_as(factory.user(roles=[(HR_OFFICER, finance)])).get("/learn/admin/compliance").get_data(as_text=True)
    assert "Overdue-Finance" in hr and "Overdue-Justice" not in hr
    everyone = login_as(factory.user(roles=[(LEARNING_ADMIN, None)])).get("/learn/admin/compliance")
    assert "Overdue-Justice" in everyone.get_data(as_text=True)


def test_a_scoped_learning_administrator_cannot_exempt_outside_the_scope(two_ministries, login_as, db):
    _finance, _division, admin, (_late, _exempt, _on_time, outsider) = two_ministries
    enrolment = db.session.query(Enrolment).filter_by(employee_id=outsider.id).one()
    response = login_as(admin).post(f"/learn/admin/enrolments/{enrolment.id}/exemption/grant",
                                    data={"reason": "Not my ministry"})
    assert response.status_code == 403


def _bulk(db, factory, unit, courses: int, people: int) -> None:
    """More courses (each with competencies) and more people with enrolments in every status."""
    competencies = db.session.query(Competency).all()
    made = [make_course(f"BULK-{factory.unit().id}-{n}", title=f"Bulk course {n}", quiz=False, text_lessons=1)
            for n in range(courses)]
    for course in made:
        course.competencies = competencies
    employees = [factory.employee(unit) for _ in range(people)]
    states = ["assigned", "in_progress", "completed", "exempt", "failed"]
    rows = [{"employee_id": e.id, "course_id": course.id, "cycle": 1, "is_current": True, "source": "assigned",
             "state": states[(i + j) % len(states)], "due_date": date(2026, 1, 1) + timedelta(days=i),
             "expires_on": today() + timedelta(days=(i * 7) % 90 - 30)}
            for i, e in enumerate(employees) for j, course in enumerate(made[:3])]
    db.session.execute(insert(Enrolment), rows)
    db.session.commit()


def test_catalogue_my_courses_and_compliance_cost_the_same_queries_small_and_large(factory, db, login_as,
                                                                                   count_queries):
    ministry = factory.unit("MOF")
    db.session.execute(insert(Competency), [{"code": f"C{i}", "name_ka": f"კ{i}", "name_en": f"C{i}"}
                                            for i in range(3)])
    person = factory.employee(ministry)
    learner = factory.user(employee=person)
    admin = factory.user(roles=[(LEARNING_ADMIN, ministry)])
    learner_client, admin_client = login_as(learner), login_as(admin)
    pages = [(learner_client, "/learn/"), (learner_client, "/learn/?q=bulk&level=basic"),
             (learner_client, "/learn/my"), (learner_client, "/learn/my/certificates"),
             (admin_client, "/learn/admin/compliance"), (admin_client, "/learn/admin/compliance?status=overdue"),
             (admin_client, f"/learn/admin/compliance?unit={ministry.id}")]

    def measure(course_for_enrolments):
        counts = {}
        for client, url in pages:
            with count_queries() as counter:
                assert client.get(url).status_code == 200, url
            counts[url] = counter.count
        with count_queries() as counter:
            assert admin_client.get(f"/learn/admin/courses/{course_for_enrolments}/enrolments").status_code == 200
        counts["enrolments"] = counter.count
        return counts

    _bulk(db, factory, ministry, 2, 3)
    for course in db.session.query(Course).order_by(Course.id).all():
        ops.assign(person, course, None, actor=None)
    db.session.commit()
    first_course = db.session.query(Course.id).order_by(Course.id).first()[0]
    small = measure(first_course)
    _bulk(db, factory, ministry, 20, 40)
    for course in db.session.query(Course).order_by(Course.id).all()[2:]:
        ops.assign(person, course, None, actor=None)
    db.session.commit()
    large = measure(first_course)
    assert large == small
    assert max(large.values()) <= 14, large
