"""Creating a cycle: one action gives every eligible employee exactly one appraisal, in bulk."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from sqlalchemy import func, insert, select

from common.models import Employee
from common.models.users import HR_OFFICER
from hrms.models import Appraisal, AppraisalCycle
from hrms.operations.cycles import generate_appraisals
from tests.factories import personal_number

_numbers = count(70_000_000)


def staff(db, unit, n, manager=None, **fields):
    """``n`` employees in ``unit`` in one insert, reporting to ``manager``."""
    rows = [{"personal_number": personal_number(next(_numbers)), "first_name_ka": "ნინო", "last_name_ka": "გვარი",
             "first_name_en": "Nino", "last_name_en": f"Staff{i:04d}", "employment_type": "professional",
             "hire_date": date(2015, 1, 1), "org_unit_id": unit.id, "manager_id": manager.id if manager else None}
            | fields for i in range(n)]
    db.session.execute(insert(Employee), rows)


def ministry_of_300(factory, db):
    """A ministry of 300 eligible staff in 10 divisions (a head and 29 staff each), plus people who are not."""
    ministry = factory.unit("MOF")
    minister = factory.employee(ministry, employment_type="political")
    heads = []
    for d in range(10):
        division = factory.unit(f"MOF-{d}", parent=ministry, kind="division")
        head = factory.employee(division, manager=minister)
        heads.append(head)
        staff(db, division, 29, manager=head)
    staff(db, ministry, 5, employment_type="contract")  # not in the cycle's employment types
    staff(db, ministry, 2, leave_date=date(date.today().year - 1, 6, 30))  # left before the period
    staff(db, ministry, 1, deleted_at=date(2020, 1, 1))
    other = factory.unit("MOJ")
    staff(db, other, 7)
    return ministry, minister, heads


def form(unit_code, template_id):
    today = date.today()
    days = {name: (today + timedelta(days=n)).isoformat() for n, name in enumerate(
        ("objectives_due", "self_assessment_due", "manager_assessment_due", "calibration_due", "release_due"), 1)}
    return {"name_ka": "წლიური შეფასება", "name_en": "Annual appraisal", "track": "annual", "template": template_id,
            "unit_code": unit_code, "employment_types": ["professional"], "period_start": f"{today.year}-01-01",
            "period_end": f"{today.year}-12-31", "appeal_days": 14, "appeal_decision_days": 30, "excellent_cap": 20,
            **days}


def test_one_action_creates_the_cycle_for_a_ministry_of_300_and_repeating_creates_none(factory, db, login_as):
    ministry, minister, _heads = ministry_of_300(factory, db)
    template = factory.hr_template()
    hr = login_as(factory.user(roles=[(HR_OFFICER, ministry)]))

    response = hr.post("/hr/cycles/new", data=form("MOF", template.id), follow_redirects=True)
    assert response.status_code == 200 and "Cycle created with 300 appraisals." in response.text
    cycle = db.session.execute(select(AppraisalCycle)).scalar_one()
    assert cycle.methodology_ref == template.methodology_ref and cycle.template_id == template.id

    rows = db.session.execute(select(Appraisal.employee_id, Appraisal.evaluator_id, Employee.manager_id,
                                     Employee.employment_type).join(Employee, Appraisal.employee_id == Employee.id)
                              ).all()
    assert len(rows) == 300 and len({r.employee_id for r in rows}) == 300
    assert all(r.evaluator_id == r.manager_id and r.employment_type == "professional" for r in rows)
    assert sum(r.evaluator_id == minister.id for r in rows) == 10  # the heads of division, by the minister

    again = hr.post(f"/hr/cycles/{cycle.id}/generate", follow_redirects=True)
    assert "Everyone eligible already has an appraisal." in again.text
    assert db.session.execute(select(func.count(Appraisal.id))).scalar_one() == 300

    overview = hr.get(f"/hr/cycles/{cycle.id}").text
    assert "300 appraisals" in overview and "Unit MOF-9" in overview


def test_a_newcomer_gets_an_appraisal_when_the_action_is_repeated(factory, db, hr_world):
    before = db.session.execute(select(func.count(Appraisal.id))).scalar_one()
    newcomer = factory.employee(hr_world.division, manager=hr_world.boss)
    assert generate_appraisals(hr_world.cycle, actor=None) == 1
    assert generate_appraisals(hr_world.cycle, actor=None) == 0
    assert db.session.execute(select(func.count(Appraisal.id))).scalar_one() == before + 1
    assert hr_world.appraisal(newcomer).evaluator_id == hr_world.boss.id


def test_creating_the_appraisals_costs_the_same_queries_for_30_and_300_people(factory, db, count_queries):
    def measure(n):
        unit = factory.unit()
        head = factory.employee(unit)
        staff(db, unit, n, manager=head)
        cycle = factory.hr_cycle(unit)
        db.session.execute(select(Appraisal).where(Appraisal.cycle_id == cycle.id).limit(0))  # cycle loaded
        db.session.query(Appraisal).filter_by(cycle_id=cycle.id).delete()
        with count_queries() as counter:
            created = generate_appraisals(cycle, actor=None)
        assert created == n + 1
        return counter.count

    assert measure(30) == measure(300)


def test_an_hr_officer_cannot_create_a_cycle_outside_the_scope(factory, db, login_as, hr_world):
    hr = login_as(hr_world.users["hr"])
    response = hr.post("/hr/cycles/new", data=form("MOJ", hr_world.template.id))
    assert response.status_code == 200 and "No org unit with this code in your scope." in response.text
    assert db.session.execute(select(func.count(AppraisalCycle.id))).scalar_one() == 1
