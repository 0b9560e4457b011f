"""Separation of duties in HR: enrolment approval cannot be skipped through a development plan, HR names as
evaluator or appeal reviewer only people it acts for, and self-declared training hours count only once approved."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from common.errors import OperationError
from hrms.development.models import CpdEntry
from hrms.development.operations import plans as plan_ops
from hrms.models import Appeal
from learning.models import Enrolment
from learning.operations import enrolment as enrolment_ops
from tests.hrms.test_outcomes import UNSATISFACTORY, assess
from tests.hrms.test_workflow import post
from tests.learning.helpers import make_course


@pytest.fixture()
def world(hr_world, db):
    hr_world.cycle.unused_sections = ["objectives"]
    db.session.commit()
    return hr_world


def test_a_requested_enrolment_stays_requested_when_the_person_adds_the_course_to_their_own_plan(world, db,
                                                                                                  login_as):
    course = make_course("ETH-1", title="Ethics", quiz=False, enrol_approval=True)
    closed = make_course("ETH-2", title="Ethics for managers", quiz=False, self_enrol=False)
    db.session.commit()
    requested = enrolment_ops.enrol(world.person, course, actor=world.users["employee"])
    assert requested.state == "requested"
    plan = plan_ops.start_plan(world.person, actor=world.users["employee"])
    db.session.commit()
    employee = login_as(world.users["employee"])
    post(employee, f"/hr/development/plans/{plan.id}/courses", {"course_id": course.id, "need_id": 0})
    db.session.expire_all()
    enrolment = db.session.execute(select(Enrolment).where(Enrolment.course_id == course.id)).scalar_one()
    assert (enrolment.state, enrolment.assigned_by_id) == ("requested", None)
    # A course closed to self-enrolment cannot be taken through the plan either.
    page = post(employee, f"/hr/development/plans/{plan.id}/courses", {"course_id": closed.id, "need_id": 0})
    assert "This course is not open for self-enrolment." in page.text
    assert db.session.execute(select(Enrolment).where(Enrolment.course_id == closed.id)).first() is None
    # The manager adding it to the plan assigns it: that is theirs to decide.
    post(login_as(world.users["manager"]), f"/hr/development/plans/{plan.id}/courses",
         {"course_id": closed.id, "need_id": 0})
    db.session.expire_all()
    assigned = db.session.execute(select(Enrolment).where(Enrolment.course_id == closed.id)).scalar_one()
    assert (assigned.state, assigned.assigned_by_id) == ("assigned", world.users["manager"].id)


def test_hr_cannot_name_an_evaluator_from_another_ministry(world, db, login_as):
    hr = login_as(world.users["hr"])
    appraisal = world.appraisal()
    url = f"/hr/appraisals/{appraisal.id}/evaluator"
    post(hr, url, {"personal_number": world.outsider.personal_number},
         "You may name only people of the units you are responsible for.")
    db.session.expire_all()
    assert world.appraisal().evaluator_id == world.boss.id
    # The outsider therefore cannot open the appraisal.
    assert login_as(world.users["other_manager"]).get(f"/hr/appraisals/{appraisal.id}").status_code == 403


def test_hr_cannot_name_an_appeal_reviewer_from_another_ministry(world, db, login_as):
    appraisal = assess(world, world.person, UNSATISFACTORY, release=True)
    db.session.commit()
    post(login_as(world.users["employee"]), f"/hr/appraisals/{appraisal.id}/appeal",
         {"version": world.appraisal().version, "reason": "Not fair."}, "Your appeal is filed")
    filed = db.session.execute(select(Appeal)).scalar_one()
    hr = login_as(world.users["hr"])
    stranger = world.users["other_manager"].employee.personal_number
    post(hr, f"/hr/appeals/{filed.id}/reviewer", {"personal_number": stranger},
         "You may name only people of the units you are responsible for.")
    db.session.expire_all()
    assert db.session.get(Appeal, filed.id).reviewer_id is None
    assert login_as(world.users["other_manager"]).get(f"/hr/appraisals/{appraisal.id}").status_code == 403
    post(hr, f"/hr/appeals/{filed.id}/reviewer", {"personal_number": world.grand.personal_number},
         "Reviewer assigned")


def test_five_hundred_self_declared_external_hours_do_not_count_until_approved(world, db, login_as):
    employee = world.users["employee"]
    plan = plan_ops.start_plan(world.person, actor=employee)
    action = plan_ops.add_action(plan, "external", "Self-study", "", None, None, actor=employee)
    plan_ops.complete_action(action, evidence="trust me", hours="500", completed_on=date.today(), actor=employee)
    db.session.commit()
    assert db.session.execute(select(CpdEntry)).scalars().all() == []
    page = login_as(employee).get(f"/hr/development/people/{world.person.id}/record").text
    assert "Self-study" not in page
    with pytest.raises(OperationError, match="never the person"):
        plan_ops.approve_hours(action, actor=employee)
    # HR of another ministry cannot approve them either; HR in scope can.
    with pytest.raises(OperationError, match="Only the manager or HR"):
        plan_ops.approve_hours(action, actor=world.users["hr_out"])
    plan_ops.approve_hours(action, actor=world.users["hr"])
    entry = db.session.execute(select(CpdEntry)).scalar_one()
    assert (entry.hours, entry.kind) == (500, "external")
    assert action.hours_approved_by_id == world.users["hr"].id
