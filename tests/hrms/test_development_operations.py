"""The rules of the professional-development operations, called directly (no HTTP)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from common import signals
from common.errors import OperationError
from common.models import Notification
from hrms.development.models import CpdEntry, DevelopmentAction, TrainingNeed
from hrms.development.operations import needs as need_ops
from hrms.development.operations import plans as plan_ops
from hrms.models import FINAL, CompetencyRating
from hrms.operations.release import finalise
from tests.hrms.test_outcomes import assess
from tests.learning.helpers import make_course


def final_appraisal(world, values):
    appraisal = assess(world, world.person, values)
    appraisal.state, appraisal.acknowledged_at = "acknowledged", appraisal.released_at
    finalise(appraisal, actor=world.users["hr"])
    return appraisal


@pytest.fixture()
def world(hr_world, db):
    hr_world.cycle.unused_sections = ["objectives"]
    db.session.commit()
    return hr_world


def test_the_cycle_sets_the_level_below_which_a_competency_becomes_a_need(world, db):
    world.cycle.need_below = 4  # stricter than the default (at or below half the scale)
    appraisal = final_appraisal(world, (3, 4, 5))
    assert appraisal.state == FINAL
    needs = db.session.execute(select(TrainingNeed)).scalars().all()
    assert [(n.rating, n.source, n.priority) for n in needs] == [(3, "appraisal", "medium")]
    assert db.session.execute(select(Notification.subject)).scalars().all() == ["Training needs from your appraisal"]
    need_ops.needs_from_appraisal(appraisal)  # the signal again: nothing new
    assert db.session.execute(select(func.count(TrainingNeed.id))).scalar_one() == 1


def test_a_strong_appraisal_gives_no_needs_and_no_plan(world, db):
    final_appraisal(world, (4, 4, 5))
    assert db.session.execute(select(func.count(TrainingNeed.id))).scalar_one() == 0
    assert db.session.execute(select(CompetencyRating)).scalars().first() is not None


def test_who_records_a_need_gives_its_source_and_only_deciders_dismiss(world, factory, db):
    competencies = [factory.competency() for _ in range(3)]
    mine = need_ops.record_need(world.person, competencies[0].id, priority="high", note="For the new IT system",
                                actor=world.users["employee"])
    proposed = need_ops.record_need(world.person, competencies[1].id, priority="medium", note="",
                                    actor=world.users["manager"])
    added = need_ops.record_need(world.person, competencies[2].id, priority="low", note="", actor=world.users["hr"])
    assert [n.source for n in (mine, proposed, added)] == ["employee", "manager", "hr"]
    assert mine.org_unit_id == world.division.id
    with pytest.raises(OperationError, match="already an open training need"):
        need_ops.record_need(world.person, competencies[0].id, priority="low", note="", actor=world.users["hr"])
    with pytest.raises(OperationError, match="Only the person"):
        need_ops.record_need(world.person, competencies[0].id, priority="low", note="", actor=world.users["peer0"])
    with pytest.raises(OperationError, match="Only the manager and HR"):
        need_ops.dismiss_need(mine, "Not needed", actor=world.users["employee"])
    with pytest.raises(OperationError, match="Only the manager and HR"):
        need_ops.dismiss_need(mine, "Not needed", actor=world.users["hr_out"])
    need_ops.dismiss_need(mine, "The IT system was postponed.", actor=world.users["manager"])
    assert mine.status == "dismissed" and "postponed" in mine.note


def test_external_training_needs_evidence_and_hours_which_go_into_the_record(world, db):
    plan = plan_ops.start_plan(world.person, actor=world.users["manager"])
    action = plan_ops.add_action(plan, "external", "Procurement law seminar", "", None, None,
                                 actor=world.users["employee"])
    assert action.due_date == plan.due_date and action.status == "planned"
    with pytest.raises(OperationError, match="evidence"):
        plan_ops.complete_action(action, evidence="", hours="8", completed_on=date.today(),
                                 actor=world.users["employee"])
    with pytest.raises(OperationError, match="hours"):
        plan_ops.complete_action(action, evidence="Certificate 17", hours="0", completed_on=date.today(),
                                 actor=world.users["employee"])
    with pytest.raises(OperationError, match="future"):
        plan_ops.complete_action(action, evidence="Certificate 17", hours="8",
                                 completed_on=date.today() + timedelta(days=1), actor=world.users["employee"])
    plan_ops.complete_action(action, evidence="Certificate 17", hours="8", completed_on=date.today(),
                             actor=world.users["employee"])
    # Declared by the person: not in the record until the manager (or HR) approves; the person cannot approve.
    assert db.session.execute(select(CpdEntry)).scalars().all() == []
    with pytest.raises(OperationError, match="Only the manager or HR approves these hours"):
        plan_ops.approve_hours(action, actor=world.users["employee"])
    plan_ops.approve_hours(action, actor=world.users["manager"])
    entry = db.session.execute(select(CpdEntry)).scalar_one()
    assert (entry.kind, entry.hours, entry.evidence) == ("external", Decimal("8.0"), "Certificate 17")
    with pytest.raises(OperationError, match="already closed"):
        plan_ops.cancel_action(action, actor=world.users["manager"])


def test_a_course_completion_is_recorded_once_and_closes_only_that_persons_action(world, factory, db):
    competency = factory.competency()
    course = make_course("LAW-1", title="Administrative law", quiz=False, competency_ids=[competency.id])
    need = need_ops.record_need(world.person, competency.id, priority="medium", note="", actor=world.users["manager"])
    plan = plan_ops.start_plan(world.person, actor=world.users["manager"])
    action = plan_ops.choose_course(plan, course.id, need.id, actor=world.users["manager"])
    with pytest.raises(OperationError, match="already in the plan"):
        plan_ops.choose_course(plan, course.id, need.id, actor=world.users["manager"])
    other = make_course("LAW-2", title="Other law course", quiz=False)
    with pytest.raises(OperationError, match="does not cover"):
        plan_ops.choose_course(plan, other.id, need.id, actor=world.users["manager"])

    # Only the documented payload: the sender is opaque (an object with none of an enrolment's attributes).
    for _twice in range(2):
        signals.course_completed.send(object(), employee_id=world.person.id, course_id=course.id, enrolment_id=4242,
                                      completed_at=datetime(2025, 3, 4, 10), hours=Decimal("2.5"))
    entry = db.session.execute(select(CpdEntry)).scalar_one()
    assert (entry.hours, entry.completed_on, entry.title_en) == (Decimal("2.5"), date(2025, 3, 4), "Administrative law")
    assert action.status == "done" and need.status == "addressed" and action.hours == Decimal("2.5")
    signals.course_completed.send(object(), employee_id=world.peers[0].id, course_id=course.id, enrolment_id=4243,
                                  completed_at=datetime(2025, 3, 4, 10), hours=Decimal("2.5"))
    assert db.session.execute(select(func.count(DevelopmentAction.id)).where(
        DevelopmentAction.status == "done")).scalar_one() == 1
