"""Calibration, appeals and proposed consequences, end to end (over HTTP where a person would act)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hrms import queries as q
from hrms.models import APPEALED, FINAL, RELEASED, SELF_ASSESSED, Appeal, CalibrationChange, ConsequenceProposal
from hrms.operations import release as release_ops
from hrms.operations.workflow import save_manager_assessment
from tests.hrms.test_workflow import post

EXCELLENT, GOOD, UNSATISFACTORY = (5, 5, 5), (4, 4, 4), (2, 1, 2)


def assess(world, employee, values, *, release=False):
    """The evaluator's assessment of ``employee`` (competencies only), submitted; released if asked."""
    appraisal = world.appraisal(employee)
    appraisal.state = SELF_ASSESSED
    evaluators = {user.employee_id: user for user in world.users.values()}
    criteria = world.template.section("competencies").criteria
    save_manager_assessment(appraisal, {}, {c.id: v for c, v in zip(criteria, values, strict=True)}, comment="",
                            private_note="", proposed_label=None, justification="", submit=True,
                            actor=evaluators[appraisal.evaluator_id], version=None)
    if release:
        release_ops.release(appraisal, actor=world.users["hr"])
    return appraisal


@pytest.fixture()
def world(hr_world, db):
    hr_world.cycle.unused_sections = ["objectives"]
    db.session.commit()
    return hr_world


def test_calibration_shows_the_distribution_and_keeps_before_after_and_reason(world, db, login_as):
    for employee, values in zip([world.person, *world.peers], [EXCELLENT, EXCELLENT, EXCELLENT, GOOD, GOOD],
                                strict=True):
        assess(world, employee, values)
    db.session.commit()
    hr = login_as(world.users["hr"])
    url = f"/hr/cycles/{world.cycle.id}/calibration?unit={world.division.id}"
    page = hr.get(url).text
    assert "60.0%" in page and "at most 20%" in page and "Above the guideline" in page

    appraisal = world.appraisal()
    action = f"/hr/cycles/{world.cycle.id}/calibration/{appraisal.id}?unit={world.division.id}"
    prefix = f"a{appraisal.id}-"
    refused = post(hr, action, {f"{prefix}label": "good", f"{prefix}version": appraisal.version})
    assert "This field is required." in refused.text and world.appraisal().label == "excellent"
    page = post(hr, action, {f"{prefix}label": "good", f"{prefix}reason": "Results comparable to peers rated good.",
                             f"{prefix}version": appraisal.version}, "the reason is recorded")
    change = db.session.execute(select(CalibrationChange)).scalar_one()
    assert (change.label_before, change.label_after, change.reason) == (
        "excellent", "good", "Results comparable to peers rated good.")
    assert world.appraisal().label == "good" and world.appraisal().computed_label == "excellent"
    assert "40.0%" in page.text


def test_an_appeal_within_the_window_is_assigned_decided_and_closes_the_appraisal(world, db, login_as):
    appraisal = assess(world, world.person, UNSATISFACTORY, release=True)
    db.session.commit()
    employee, hr = login_as(world.users["employee"]), login_as(world.users["hr"])
    url = f"/hr/appraisals/{appraisal.id}"
    post(employee, f"{url}/appeal", {"version": world.appraisal().version, "reason": ""}, "This field is required")
    post(employee, f"{url}/appeal", {"version": world.appraisal().version,
                                     "reason": "My objectives changed in May and this was not considered."},
         "Your appeal is filed")
    assert world.appraisal().state == APPEALED
    filed = db.session.execute(select(Appeal)).scalar_one()
    assert filed.decision_due == date.today() + timedelta(days=world.cycle.appeal_decision_days)
    assert "Gelashvili" in hr.get("/hr/appeals").text

    decision = {"outcome": "changed", "label": "satisfactory", "reason": "The May reorganisation was not weighed."}
    post(hr, f"/hr/appeals/{filed.id}/decision", decision, "Assign a reviewer or a committee first.")
    post(hr, f"/hr/appeals/{filed.id}/reviewer", {"committee": "Appeals committee of the ministry"},
         "Reviewer assigned")
    post(hr, f"/hr/appeals/{filed.id}/decision", decision, "the appraisal is final")
    appraisal = world.appraisal()
    assert (appraisal.state, appraisal.label) == (FINAL, "satisfactory")
    assert [r["weak"] for r in q.competency_ratings(world.person.id, world.cycle.id)] == [True, True, True]
    db.session.refresh(filed)
    assert (filed.outcome, filed.label_before, filed.label_after) == ("changed", "unsatisfactory", "satisfactory")
    assert "Gelashvili" not in hr.get("/hr/appeals").text
    assert "Rating changed" in employee.get(url).text


def test_no_appeal_after_the_window_and_overdue_appeals_are_flagged(world, db, login_as):
    late = assess(world, world.peers[0], GOOD, release=True)
    late.released_at -= timedelta(days=world.cycle.appeal_days + 1)
    appealed = assess(world, world.person, GOOD, release=True)
    db.session.commit()
    peer = login_as(world.users["peer0"])
    post(peer, f"/hr/appraisals/{late.id}/appeal", {"version": world.appraisal(world.peers[0]).version,
                                                     "reason": "Too late?"}, "The appeal window closed")
    assert world.appraisal(world.peers[0]).state == RELEASED
    filed = release_ops.appeal(world.appraisal(), "I disagree.", actor=world.users["employee"], version=None,
                               today=date.today() - timedelta(days=40))
    db.session.commit()
    assert filed.decision_due < date.today()
    page = login_as(world.users["hr"]).get("/hr/appeals").text
    assert "Overdue" in page and appealed.employee.last_name_en in page


def _last_year(factory, world, db, labels):
    year = date.today().year - 1
    cycle = factory.hr_cycle(world.ministry, template=world.template, period_start=date(year, 1, 1),
                             period_end=date(year, 12, 31), objectives_due=date(year, 3, 1),
                             self_assessment_due=date(year, 12, 1), manager_assessment_due=date(year, 12, 10),
                             calibration_due=date(year, 12, 20), release_due=date(year, 12, 30),
                             name_en="Annual appraisal last year")
    for appraisal in cycle_appraisals(db, cycle):
        appraisal.state, appraisal.label = FINAL, labels.get(appraisal.employee_id, "good")
    cycle.status = "final"


def cycle_appraisals(db, cycle):
    from hrms.models import Appraisal

    return db.session.execute(select(Appraisal).where(Appraisal.cycle_id == cycle.id)).scalars().all()


def test_closing_a_cycle_proposes_consequences_which_hr_decides(world, factory, db, login_as):
    _last_year(factory, world, db, {world.person.id: "unsatisfactory", world.peers[1].id: "good"})
    outcomes = {world.person: UNSATISFACTORY, world.peers[0]: EXCELLENT, world.peers[1]: UNSATISFACTORY}
    for appraisal in cycle_appraisals(db, world.cycle):
        if appraisal.employee_id in (world.boss.id, world.grand.id):
            continue
        assess(world, appraisal.employee, outcomes.get(appraisal.employee, GOOD), release=True)
        appraisal.released_at -= timedelta(days=world.cycle.appeal_days + 1)  # the appeal window has closed
    grand = world.appraisal(world.grand)
    grand.state, grand.label = FINAL, "good"  # the minister's deputy, appraised outside this test's flow
    db.session.commit()
    hr = login_as(world.users["hr"])
    refused = post(hr, f"/hr/cycles/{world.cycle.id}/finalise", {}, "The cycle cannot be closed yet: 1 not released")
    assert refused.status_code == 200
    assess(world, world.boss, GOOD, release=True).released_at -= timedelta(days=30)
    db.session.commit()

    post(hr, f"/hr/cycles/{world.cycle.id}/finalise", {}, "The cycle is final; 4 consequences are proposed")
    proposals = {(p.employee_id, p.kind) for p in db.session.execute(select(ConsequenceProposal)).scalars()}
    assert proposals == {
        (world.person.id, "training_need"), (world.person.id, "dismissal_review"),  # unsatisfactory twice
        (world.peers[1].id, "training_need"),  # unsatisfactory once: no dismissal review
        (world.peers[0].id, "promotion_or_incentive"),
    }
    page = hr.get(f"/hr/cycles/{world.cycle.id}/consequences").text
    assert "Dismissal review (unsatisfactory twice in a row)" in page

    review = db.session.execute(select(ConsequenceProposal).where(
        ConsequenceProposal.kind == "dismissal_review")).scalar_one()
    post(hr, f"/hr/consequences/{review.id}", {"decision": "reject", "note": ""}, "Write a note on the decision.")
    post(hr, f"/hr/consequences/{review.id}", {"decision": "reject", "note": "Long illness this year; see file."},
         "Decision recorded.")
    db.session.refresh(review)
    assert (review.status, review.note) == ("rejected", "Long illness this year; see file.")
    assert all(p.status == "proposed" for p in db.session.execute(select(ConsequenceProposal)).scalars()
               if p.id != review.id)  # nothing is applied without a person's decision
