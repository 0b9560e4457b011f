"""The needs analysis: a ministry's figure is the sum of what its units recorded, by competency, unit and rank;
HR of another ministry cannot read it; the numbers cost the same statements for ten needs or a thousand."""

from __future__ import annotations

import csv
import io

import pytest

from common.models.users import ADMIN, LEARNING_ADMIN
from hrms.development import queries as q
from hrms.development.models import TrainingNeed
from hrms.development.operations.needs import dismiss_need, record_need


@pytest.fixture()
def needs(hr_world, factory, db):
    """Needs in two divisions, a department's sub-division and the ministry itself; more in another ministry."""
    ministry, other = hr_world.ministry, hr_world.other_ministry
    second = factory.unit("MOF-2", parent=ministry, kind="division", name_en="Treasury Division")
    department = factory.unit("MOF-3", parent=ministry, kind="department", name_en="Revenue Policy Department")
    deep = factory.unit("MOF-3-1", parent=department, kind="division", name_en="Tax Analysis Division")
    c1, c2, c3 = (factory.competency(code) for code in ("ANALYSIS", "PLANNING", "TEAMWORK"))
    hr, hr_out = hr_world.users["hr"], hr_world.users["hr_out"]
    ranks = {n: factory.position(rank=n) for n in (1, 2, 3, 4)}

    def person(unit, rank, name):
        return factory.employee(unit, position=ranks[rank], last_name_en=name)

    plan = [(hr_world.division, 3, [c1, c2]), (hr_world.division, 4, [c1]), (second, 3, [c1, c3]),
            (deep, 2, [c2]), (deep, 4, [c3]), (ministry, 1, [c1])]
    for n, (unit, rank, competencies) in enumerate(plan):
        employee = person(unit, rank, f"Staff{n}")
        for competency in competencies:
            record_need(employee, competency.id, priority="medium", note="", actor=hr)
    dismissed = record_need(person(second, 3, "Dismissed"), c2.id, priority="low", note="", actor=hr)
    dismiss_need(dismissed, "Covered by the new job description.", actor=hr)
    for n, competency in enumerate((c1, c1, c2, c3)):
        record_need(person(other, 3, f"Justice{n}"), competency.id, priority="high", note="", actor=hr_out)
    db.session.commit()
    return {"second": second, "department": department, "deep": deep, "competencies": (c1, c2, c3)}


def test_the_ministry_total_is_the_sum_of_its_units_by_competency_unit_and_rank(hr_world, needs):
    hr = hr_world.users["hr"]
    analysis = q.needs_analysis(hr, hr_world.ministry)
    assert analysis.total == 8  # the dismissed need and the other ministry's four are not counted
    by_unit = {(u.code if u else "itself"): n for u, n in analysis.by_unit()}
    assert by_unit == {"MOF-1": 3, "MOF-2": 2, "MOF-3": 2, "itself": 1}
    assert sum(by_unit.values()) == analysis.total
    for unit in (hr_world.division, needs["second"], needs["department"]):
        assert q.needs_analysis(hr, unit).total == by_unit[unit.code]  # drilling down gives the same figure
    c1 = needs["competencies"][0]
    assert {c.code: n for c, n in analysis.by_competency()} == {"ANALYSIS": 4, "PLANNING": 2, "TEAMWORK": 2}
    assert dict(analysis.by_rank()) == {1: 1, 2: 1, 3: 4, 4: 2}
    assert sum(analysis.matrix().values()) == analysis.total
    assert analysis.matrix()[(c1.id, hr_world.division.id)] == 2


def test_the_analysis_page_and_export_agree_and_hr_of_another_ministry_cannot_see_it(hr_world, factory, needs,
                                                                                     login_as):
    hr = login_as(hr_world.users["hr"])
    url = f"/hr/development/analysis?unit={hr_world.ministry.id}"
    page = hr.get(url).text
    assert "8 training needs in total." in page and "Treasury Division" in page and "Tax Analysis" not in page
    rows = list(csv.DictReader(io.StringIO(hr.get(f"/hr/development/analysis.csv?unit={hr_world.ministry.id}")
                                           .text.lstrip("\ufeff"))))
    assert sum(int(r["Needs"]) for r in rows) == 8
    per_unit: dict[str, int] = {}
    for r in rows:
        per_unit[r["Unit code"]] = per_unit.get(r["Unit code"], 0) + int(r["Needs"])
    assert per_unit == {"MOF-1": 3, "MOF-2": 2, "MOF-3": 2, "MOF": 1}
    assert "3 training needs in total." in hr.get(f"/hr/development/analysis?unit={hr_world.division.id}").text

    outside = login_as(hr_world.users["hr_out"])
    assert outside.get(url).status_code == 403
    assert outside.get(f"/hr/development/analysis.xlsx?unit={hr_world.ministry.id}").status_code == 403
    assert outside.get(f"/hr/development/analysis?unit={needs['deep'].id}").status_code == 403
    own = outside.get("/hr/development/analysis").text  # their own ministry only
    assert "4 training needs in total." in own and "Treasury" not in own
    assert login_as(hr_world.users["employee"]).get(url).status_code == 403

    admin = login_as(factory.user(roles=[(ADMIN, None)]))
    government = admin.get("/hr/development/analysis").text
    assert "12 training needs in total." in government
    planner = login_as(factory.user(roles=[(LEARNING_ADMIN, hr_world.ministry)]))
    assert "8 training needs in total." in planner.get(url).text


def test_the_analysis_costs_the_same_statements_for_more_needs(hr_world, factory, db, count_queries):
    hr = hr_world.users["hr"]
    competencies = [factory.competency() for _ in range(4)]

    def add(n: int) -> None:
        for i in range(n):
            employee = factory.employee(hr_world.division, position=factory.position(rank=1 + i % 4))
            db.session.add(TrainingNeed(employee_id=employee.id, competency_id=competencies[i % 4].id,
                                        source="hr", org_unit_id=employee.org_unit_id, rank=1 + i % 4))
        db.session.commit()

    add(5)
    with count_queries() as small:
        assert q.needs_analysis(hr, hr_world.ministry).total == 5
    add(60)
    with count_queries() as large:
        assert q.needs_analysis(hr, hr_world.ministry).total == 65
    assert large.count == small.count
