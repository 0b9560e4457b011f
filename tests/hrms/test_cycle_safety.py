"""Issue 17, item 3: a confirmed bulk release, cancelling a cycle with a reason, overlapping cycles refused without
one, and training needs never duplicated for the same competency and period."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from common.models import AuditEvent
from hrms.development.models import TrainingNeed
from hrms.models import CALIBRATION, RELEASED, AppraisalCycle
from tests.hrms.test_cycles import form
from tests.hrms.test_outcomes import EXCELLENT, GOOD, assess


def _calibrated(hr_world, db, people):
    hr_world.cycle.unused_sections = ["objectives"]
    db.session.commit()
    for person in people:
        assess(hr_world, person, GOOD)
    db.session.commit()


def test_the_confirmation_page_states_what_will_happen_and_the_post_must_carry_its_count(hr_world, db, login_as):
    _calibrated(hr_world, db, [hr_world.person, hr_world.peers[0]])
    hr = login_as(hr_world.users["hr"])
    url = f"/hr/cycles/{hr_world.cycle.id}/release"
    page = hr.get(url + "/confirm").text
    assert "2 appraisals will be released." in page and "Nino Gelashvili" in page and "Peer Number0" in page
    assert "cannot be undone" in page and 'name="count" type="hidden" value="2"' in page

    missing = hr.post(url, data={})
    assert "Confirm the release on its confirmation page first." in hr.get(missing.headers["Location"]).text
    assess(hr_world, hr_world.peers[1], EXCELLENT)  # a third one is calibrated after HR confirmed two
    db.session.commit()
    stale = hr.post(url, data={"count": "2"})
    assert "changed since you confirmed (2 then, 3 now)" in hr.get(stale.headers["Location"]).text
    assert hr_world.appraisal().state == CALIBRATION  # nothing released

    done = hr.post(url, data={"count": "3"})
    assert "3 appraisals released." in hr.get(done.headers["Location"]).text
    assert hr_world.appraisal().state == RELEASED and hr_world.appraisal(hr_world.peers[1]).state == RELEASED


def test_a_cycle_is_cancelled_before_release_with_a_reason(hr_world, db, login_as):
    hr = login_as(hr_world.users["hr"])
    url = f"/hr/cycles/{hr_world.cycle.id}/cancel"
    assert "Reason for cancelling" in hr.get(url).text
    empty = hr.post(url, data={"reason": " "})
    assert empty.status_code == 200 and "This field is required." in empty.text
    assert db.session.get(AppraisalCycle, hr_world.cycle.id).status == "open"
    assert login_as(hr_world.users["hr_out"]).post(url, data={"reason": "Wrong ministry"}).status_code == 403

    done = hr.post(url, data={"reason": "Created with the wrong template"})
    page = hr.get(done.headers["Location"]).text
    assert "The cycle is cancelled; the reason is recorded." in page and "Created with the wrong template" in page
    db.session.expire_all()
    cycle = db.session.get(AppraisalCycle, hr_world.cycle.id)
    assert cycle.status == "cancelled" and cycle.cancelled_at is not None
    assert db.session.execute(select(AuditEvent).where(AuditEvent.action == "cancel_cycle")).scalar_one()
    assert "Send reminders" not in page and "Release all" not in page  # nothing more to do on it
    assert "Nino Gelashvili" not in login_as(hr_world.users["manager"]).get("/hr/team").text  # off her list
    refused = hr.post(f"/hr/cycles/{hr_world.cycle.id}/release", data={"count": "0"})
    assert "Only an open cycle&#39;s ratings are released." in hr.get(refused.headers["Location"]).text


def test_a_cycle_with_released_ratings_cannot_be_cancelled(hr_world, db, login_as):
    hr_world.cycle.unused_sections = ["objectives"]
    db.session.commit()
    assess(hr_world, hr_world.person, GOOD, release=True)
    db.session.commit()
    hr = login_as(hr_world.users["hr"])
    refused = hr.post(f"/hr/cycles/{hr_world.cycle.id}/cancel", data={"reason": "Too late"})
    assert "already released: it can no longer be cancelled" in refused.text
    assert db.session.get(AppraisalCycle, hr_world.cycle.id).status == "open"


def _count_cycles(db):
    return db.session.execute(select(func.count(AppraisalCycle.id))).scalar_one()


def test_an_overlapping_cycle_needs_a_reason(hr_world, db, login_as):
    hr = login_as(hr_world.users["hr"])
    data = form("MOF-1", hr_world.template.id) | {"name_en": "Second appraisal of the division"}
    refused = hr.post("/hr/cycles/new", data=data)
    assert refused.status_code == 200 and "overlaps the open cycle Annual appraisal" in refused.text
    assert _count_cycles(db) == 1

    accepted = hr.post("/hr/cycles/new", data=data | {"override_reason": "Re-run after the restructuring"})
    assert accepted.status_code == 302
    cycle = db.session.execute(select(AppraisalCycle).where(AppraisalCycle.name_en == data["name_en"])).scalar_one()
    assert cycle.overlap_reason == "Re-run after the restructuring"
    assert "Re-run after the restructuring" in hr.get(accepted.headers["Location"]).text

    other_year = data | {"name_en": "Last year", "period_start": f"{date.today().year - 1}-01-01",
                         "period_end": f"{date.today().year - 1}-12-31"}
    assert hr.post("/hr/cycles/new", data=other_year).status_code == 302  # no overlap: no reason asked
    outside = login_as(hr_world.users["hr_out"]).post("/hr/cycles/new", data=form("MOJ", hr_world.template.id))
    assert outside.status_code == 302  # another ministry's people: no overlap


def test_two_overlapping_cycles_give_one_training_need_per_competency(hr_world, factory, db):
    from hrms.operations import release as release_ops

    hr_world.cycle.unused_sections = ["objectives"]
    second = factory.hr_cycle(hr_world.ministry, template=hr_world.template, unused_sections=["objectives"],
                              name_en="Second cycle", override_reason="Test")
    db.session.commit()
    weak = [1] * len(hr_world.template.section("competencies").criteria)
    for cycle in (hr_world.cycle, second):
        hr_world.cycle = cycle
        appraisal = assess(hr_world, hr_world.person, weak, release=True)
        release_ops.acknowledge(appraisal, "Read.", actor=hr_world.users["employee"], version=None)
        release_ops.finalise(appraisal, actor=hr_world.users["hr"])
        db.session.commit()
    needs = db.session.execute(select(TrainingNeed.competency_id).where(
        TrainingNeed.employee_id == hr_world.person.id)).scalars().all()
    assert needs and len(needs) == len(set(needs))


def test_a_second_plan_does_not_repeat_an_action_for_the_same_competency(hr_world, factory, db):
    import pytest

    from common.errors import OperationError
    from hrms.development.operations.needs import record_need
    from hrms.development.operations.plans import add_action, ensure_plan

    second = factory.hr_cycle(hr_world.ministry, template=hr_world.template, name_en="Second cycle",
                              override_reason="Test")
    competency = hr_world.template.section("competencies").criteria[0].competency_id
    need = record_need(hr_world.person, competency, priority="high", note="", actor=hr_world.users["manager"])
    plans = [ensure_plan(hr_world.person, hr_world.cycle), ensure_plan(hr_world.person, second)]
    add_action(plans[0], "mentoring", "Mentoring by the head", "", None, need.id, actor=hr_world.users["manager"])
    with pytest.raises(OperationError, match="already planned for this competency"):
        add_action(plans[1], "mentoring", "Mentoring again", "", None, need.id, actor=hr_world.users["manager"])
    assert add_action(plans[1], "secondment", "Two weeks in the Treasury", "", None, need.id,
                      actor=hr_world.users["manager"]).id  # another kind of action is no duplicate
