"""The whole loop across both modules, over HTTP: a finalised appraisal with two weak competencies gives two
training needs; the plan offers the courses that cover them (in the person's language, not yet completed);
choosing one enrols the person in learning; completing it there closes the action and adds its hours to the
professional-development record."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from hrms.development.models import CpdEntry, DevelopmentAction, DevelopmentPlan, TrainingNeed
from hrms.development.operations import one_year_after
from hrms.models import FINAL
from learning import operations as learning_ops
from learning.models import Enrolment
from tests.hrms.test_workflow import post, ratings
from tests.learning.helpers import make_course, text_lessons


@pytest.fixture()
def world(hr_world, factory, db):
    """A competencies-only cycle (no objectives to agree), so the appraisal starts at the self-assessment."""
    hr_world.cycle = factory.hr_cycle(hr_world.ministry, template=hr_world.template, unused_sections=["objectives"],
                                      name_en="Annual appraisal (competencies)")
    db.session.commit()
    return hr_world


def finalise_over_http(world, clients, competency_values):
    employee, manager, hr = clients
    appraisal = world.appraisal()
    url = f"/hr/appraisals/{appraisal.id}"
    post(employee, f"{url}/self-assessment", ratings(appraisal, [], [4, 4, 4]), "Self-assessment submitted")
    post(manager, f"{url}/assessment", ratings(world.appraisal(), [], competency_values),
         "Assessment submitted for calibration")
    post(hr, f"{url}/release", {}, "Released to the employee")
    post(employee, f"{url}/acknowledge", {"version": world.appraisal().version, "comment": ""})
    post(hr, f"{url}/finalise", {}, "The appraisal is final")
    assert world.appraisal().state == FINAL
    return world.appraisal()


def test_weak_competencies_become_needs_courses_enrol_and_completion_fills_the_record(world, db, login_as):
    first, second, third = (c.competency for c in world.template.section("competencies").criteria)
    offered = make_course("PDP-101", title="Personal data protection", quiz=False, competency_ids=[first.id])
    english_only = make_course("EN-201", title="Data protection in English", quiz=False, language="en",
                               competency_ids=[second.id])
    georgian = make_course("KA-202", title="Teamwork in practice", quiz=False, language="ka",
                           competency_ids=[second.id])
    done_before = make_course("OLD-100", title="Already taken", quiz=False, competency_ids=[first.id])
    previous = learning_ops.enrol(world.person, done_before)
    for lesson in text_lessons(done_before):
        learning_ops.complete_lesson(previous, lesson)
    unrelated = make_course("CYB-101", title="Cyber hygiene", quiz=False, competency_ids=[third.id])
    db.session.commit()
    clients = employee, manager, hr = [login_as(world.users[k]) for k in ("employee", "manager", "hr")]

    appraisal = finalise_over_http(world, clients, [2, 1, 4])  # the third (4 of 5) is not weak

    needs = db.session.execute(select(TrainingNeed).order_by(TrainingNeed.competency_id)).scalars().all()
    assert [(n.competency_id, n.source, n.appraisal_id, n.rating, n.priority, n.status) for n in needs] == [
        (first.id, "appraisal", appraisal.id, 2, "medium", "open"), (second.id, "appraisal", appraisal.id, 1, "high",
                                                                      "open")]
    plan = db.session.execute(select(DevelopmentPlan)).scalar_one()
    assert plan.employee_id == world.person.id and plan.cycle_id == world.cycle.id
    assert plan.due_date == one_year_after(world.cycle.period_end)

    page = employee.get(f"/hr/development/people/{world.person.id}").text
    assert first.name_en in page and second.name_en in page and "Appraisal" in page
    # Offered: what covers a need, in Georgian or both languages, not yet completed.
    assert "Personal data protection" in page and "Teamwork in practice" in page
    for absent in ("Data protection in English", "Already taken", "Cyber hygiene"):
        assert absent not in page
    assert english_only and unrelated  # exist in the catalogue, just not offered here

    post(employee, f"/hr/development/plans/{plan.id}/courses", {"course_id": offered.id, "need_id": needs[0].id},
         "is in the plan")
    enrolment = db.session.execute(select(Enrolment).where(Enrolment.course_id == offered.id)).scalar_one()
    assert (enrolment.employee_id, enrolment.state, enrolment.due_date) == (world.person.id, "assigned", plan.due_date)
    assert "Personal data protection" in employee.get("/learn/my").text
    action = db.session.execute(select(DevelopmentAction)).scalar_one()
    assert (action.kind, action.status, action.need_id) == ("course", "in_progress", needs[0].id)
    db.session.expire_all()
    assert db.session.get(TrainingNeed, needs[0].id).status == "planned"
    assert georgian.id not in {a.course_id for a in plan.actions}

    for lesson in text_lessons(offered):  # the learner finishes the course in the learning platform
        employee.post(f"/learn/courses/{offered.id}/lessons/{lesson.id}/done", follow_redirects=True)
    db.session.expire_all()
    assert db.session.get(Enrolment, enrolment.id).state == "completed"
    action = db.session.get(DevelopmentAction, action.id)
    assert action.status == "done" and action.hours == Decimal("1.5")
    assert db.session.get(TrainingNeed, needs[0].id).status == "addressed"
    assert db.session.get(TrainingNeed, needs[1].id).status == "open"
    entries = db.session.execute(select(CpdEntry).order_by(CpdEntry.id)).scalars().all()
    assert [(e.title_en, e.hours) for e in entries] == [("Already taken", Decimal("1.5")),
                                                        ("Personal data protection", Decimal("1.5"))]

    record = employee.get(f"/hr/development/people/{world.person.id}/record").text
    assert "Personal data protection" in record and "3.0" in record
    assert "Personal data protection" in manager.get(f"/hr/development/people/{world.person.id}/record").text
    csv = hr.get(f"/hr/development/people/{world.person.id}/record.csv").text
    assert "Personal data protection" in csv and "1.5" in csv
    outsider = login_as(world.users["hr_out"])
    assert outsider.get(f"/hr/development/people/{world.person.id}/record").status_code == 403
    assert outsider.get(f"/hr/development/people/{world.person.id}").status_code == 403
