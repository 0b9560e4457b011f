"""The pages people use every day: their cost in SQL does not grow with the number of appraisals."""

from __future__ import annotations

import re
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


def test_the_cycle_overview_shows_25_units_a_page_in_tree_order_with_totals_of_the_whole_cycle(factory, db, login_as,
                                                                                              count_queries):
    ministry = factory.unit("MOF")
    units = [factory.unit(f"MOF-{n:02d}", parent=ministry, kind="division", name_en=f"Division {n:02d}")
             for n in range(3)]
    for unit in units:
        staff(db, unit, 2)
    cycle = factory.hr_cycle(ministry, objectives_due=date.today() - timedelta(days=1))
    hr = login_as(factory.user(roles=[(HR_OFFICER, ministry)]))
    url = f"/hr/cycles/{cycle.id}"

    def measure(query: str = "") -> tuple[int, str]:
        with count_queries() as counter:
            response = hr.get(url + query)
        assert response.status_code == 200
        return counter.count, response.text

    small, page = measure()
    assert page.count("/calibration?unit=") == 3 and "Page 1 of" not in page
    for n in range(3, 40):
        staff(db, factory.unit(f"MOF-{n:02d}", parent=ministry, kind="division", name_en=f"Division {n:02d}"), 2)
    generate_appraisals(cycle, actor=None)
    db.session.commit()
    large, first = measure()
    assert large == small
    shown = re.findall(r">Division (\d\d)</a></th>", first)
    assert len(shown) == 25 and first.count("/calibration?unit=") == 25
    assert "Page 1 of 2" in first and "Units 1–25 of 40" in first and f'href="{url}?page=2"' in first
    assert "80 appraisals" in first and "80 appraisals are past their phase deadline" in first  # the whole cycle
    again, second = measure("?page=2")
    assert again == small
    rest = re.findall(r">Division (\d\d)</a></th>", second)
    assert len(rest) == 15 and not set(shown) & set(rest)
    assert sorted(shown + rest) == [f"{n:02d}" for n in range(40)]  # every unit once, none on both pages
    assert "80 appraisals" in second and "Units 26–40 of 40" in second
    assert measure("?page=9")[1].count("/calibration?unit=") == 15  # past the end: the last page


def test_my_team_loads_the_cycles_without_their_templates(hr_world, login_as, count_queries):
    """Issue 20: the page shows a cycle's name and dates; its template's sections and criteria stay unloaded."""
    manager = login_as(hr_world.users["manager"])
    manager.get("/hr/team")
    with count_queries() as counter:
        page = manager.get("/hr/team").text
    assert "Nino Gelashvili" in page and "Annual appraisal" in page and str(hr_world.cycle.objectives_due) in page
    assert not [s for s in counter.statements if "hr_template_section" in s or "hr_template_criterion" in s]
