"""Basic programmes by rank group: a new hire of rank III is assigned the ranks III–IV programme, due a year after
appointment, by learning's nightly sync, and stays on HR's compliance list until they complete it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hrms.development.models import BasicProgramme
from hrms.development.operations import one_year_after
from learning.models import Enrolment, Rule
from tests.hrms.test_workflow import post
from tests.learning.helpers import make_course, text_lessons

COMPLIANCE = "/hr/development/programmes/compliance"


@pytest.fixture()
def programmes(hr_world, factory, db, login_as):
    """Two programmes for the ministry, made by its HR officer over HTTP: ranks I–II and ranks III–IV."""
    senior = make_course("BASIC-1", title="Basic programme for senior ranks", quiz=False)
    junior = make_course("BASIC-3", title="Basic programme for ranks III and IV", quiz=False)
    recent_senior = factory.employee(hr_world.division, position=factory.position(rank=1), manager=hr_world.boss,
                                     first_name_en="Irakli", last_name_en="Recent",
                                     hire_date=date.today() - timedelta(days=100))
    factory.employee(hr_world.division, position=factory.position(rank=3), manager=hr_world.boss,
                     first_name_en="Eka", last_name_en="Veteran", hire_date=date(2015, 1, 1))
    db.session.commit()
    hr = login_as(hr_world.users["hr"])
    start = date.today() - timedelta(days=365)
    for name, low, high, course in (("Senior", 1, 2, senior), ("Junior", 3, 4, junior)):
        post(hr, "/hr/development/programmes", {"name_ka": f"საბაზო {name}", "name_en": f"Basic programme {name}",
                                                "rank_min": low, "rank_max": high, "course_id": course.id,
                                                "unit_id": hr_world.ministry.id, "starts_on": start.isoformat()},
             "Basic programme saved")
    return {"senior": senior, "junior": junior, "recent_senior": recent_senior, "hr": hr}


def test_a_new_rank_iii_hire_gets_the_junior_programme_due_a_year_after_appointment(hr_world, factory, db, app,
                                                                                     login_as, programmes):
    hr, junior, senior = programmes["hr"], programmes["junior"], programmes["senior"]
    page = hr.get(COMPLIANCE).text
    assert "Recent" in page  # appointed 100 days ago, rank I: assigned the senior programme at once
    assert "Veteran" not in page  # rank III, but appointed in 2015: long before the programme's window

    hired = date.today() - timedelta(days=20)
    newcomer = factory.employee(hr_world.division, position=factory.position(rank=3), manager=hr_world.boss,
                                first_name_en="Mariam", last_name_en="Newcomer", hire_date=hired)
    user = factory.user(employee=newcomer, email="mariam@mof.gov.ge")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["learning", "sync"])  # the nightly job
    assert result.exit_code == 0, result.output

    db.session.expire_all()
    mine = db.session.execute(select(Enrolment).where(Enrolment.employee_id == newcomer.id)).scalars().all()
    assert [e.course_id for e in mine] == [junior.id] and senior.id not in {e.course_id for e in mine}
    due = mine[0].due_date
    assert due == hired + timedelta(days=365)
    assert 0 <= (one_year_after(hired) - due).days <= 1  # the anniversary, a day early across a 29 February
    programme = db.session.execute(select(BasicProgramme).where(BasicProgramme.rank_min == 3)).scalar_one()
    assert mine[0].rule_id in programme.rule_ids
    rules = db.session.execute(select(Rule).where(Rule.id.in_(programme.rule_ids))).scalars().all()
    assert sorted(r.rank for r in rules) == [3, 4] and all(r.new_hires_only and r.due_days == 365 for r in rules)

    page = hr.get(COMPLIANCE).text
    assert "Newcomer" in page and due.isoformat() in page and "Basic programme Junior" in page
    assert "Newcomer" not in login_as(hr_world.users["hr_out"]).get(COMPLIANCE).text

    learner = login_as(user)
    for lesson in text_lessons(junior):
        learner.post(f"/learn/courses/{junior.id}/lessons/{lesson.id}/done", follow_redirects=True)
    assert "Newcomer" not in hr.get(COMPLIANCE).text
    everyone = hr.get(COMPLIANCE + "?show=all").text
    assert "Newcomer" in everyone and "Completed" in everyone
    assert "Basic programme for ranks III and IV" in learner.get(f"/hr/development/people/{newcomer.id}/record").text


def test_rank_groups_do_not_overlap_and_hr_sets_programmes_only_in_scope(hr_world, db, login_as, programmes):
    hr = programmes["hr"]
    page = post(hr, "/hr/development/programmes", {
        "name_ka": "x", "name_en": "Overlapping", "rank_min": 2, "rank_max": 3, "course_id": programmes["junior"].id,
        "unit_id": hr_world.ministry.id, "starts_on": date.today().isoformat()})
    assert "already have a basic programme here" in page.text
    outside = login_as(hr_world.users["hr_out"])
    page = post(outside, "/hr/development/programmes", {
        "name_ka": "x", "name_en": "Elsewhere", "rank_min": 1, "rank_max": 4, "course_id": programmes["junior"].id,
        "unit_id": hr_world.ministry.id, "starts_on": date.today().isoformat()})
    assert "Not a valid choice" in page.text  # the ministry is not even offered to HR of another ministry
    assert len(db.session.execute(select(BasicProgramme)).scalars().all()) == 2
