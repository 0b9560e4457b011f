"""The pages people use every day: their cost in SQL does not grow with the number of appraisals."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from common.models.users import HR_OFFICER
from hrms.models import AGREED, Appraisal
from hrms.operations.cycles import generate_appraisals
from tests.hrms.test_cycles import staff


def test_my_team_and_the_cycle_overview_cost_the_same_for_10_and_200_appraisals(factory, db, login_as,
                                                                               count_queries):
    ministry = factory.unit("MOF")
    division = factory.unit("MOF-1", parent=ministry, kind="division")
    boss = factory.employee(division, position=factory.position(rank=2))
    staff(db, division, 9, manager=boss)
    cycle = factory.hr_cycle(ministry, objectives_due=date.today() - timedelta(days=1))  # the drafts are overdue
    manager = login_as(factory.user(employee=boss))
    hr = login_as(factory.user(roles=[(HR_OFFICER, ministry)]))
    pages = {"/hr/team": manager, f"/hr/cycles/{cycle.id}": hr, "/hr/": manager,
             f"/hr/cycles/{cycle.id}/calibration": hr}

    def measure():
        counts = {}
        for url, client in pages.items():
            with count_queries() as counter:
                response = client.get(url)
            assert response.status_code == 200
            counts[url] = counter.count
        return counts

    small = measure()
    staff(db, factory.unit("MOF-2", parent=ministry, kind="division"), 100, manager=boss)
    staff(db, division, 90, manager=boss)
    generate_appraisals(cycle, actor=None)
    db.session.execute(update(Appraisal).where(Appraisal.id % 3 == 0).values(state=AGREED))
    db.session.commit()
    large = measure()
    assert large == small
    team = manager.get("/hr/team").text
    assert team.count("/hr/appraisals/") == 199  # everyone but the head herself
    drafts = db.session.query(Appraisal).filter(Appraisal.state == "objectives_draft").count()
    assert f"{drafts} appraisals are past their phase deadline" in hr.get(f"/hr/cycles/{cycle.id}").text


def test_my_team_loads_the_cycles_without_their_templates(hr_world, login_as, count_queries):
    """Issue 20: the page shows a cycle's name and dates; its template's sections and criteria stay unloaded."""
    manager = login_as(hr_world.users["manager"])
    manager.get("/hr/team")
    with count_queries() as counter:
        page = manager.get("/hr/team").text
    assert "Nino Gelashvili" in page and "Annual appraisal" in page and str(hr_world.cycle.objectives_due) in page
    assert not [s for s in counter.statements if "hr_template_section" in s or "hr_template_criterion" in s]
