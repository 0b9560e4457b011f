"""The development pages as people use them: HR finds a person, the manager proposes, forms show their errors, and
the person's page costs the same number of statements for a short plan or a long one."""

from __future__ import annotations

from sqlalchemy import select

from hrms.development.models import DevelopmentAction, DevelopmentPlan, TrainingNeed
from hrms.development.operations import needs as need_ops
from hrms.development.operations import plans as plan_ops
from tests.hrms.test_workflow import post
from tests.learning.helpers import make_course


def test_hr_opens_a_persons_development_by_personal_number_only_in_scope(hr_world, login_as):
    hr = login_as(hr_world.users["hr"])
    response = hr.get(f"/hr/development/?number={hr_world.person.personal_number}")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/hr/development/people/{hr_world.person.id}")
    outside = login_as(hr_world.users["hr_out"])
    page = outside.get(f"/hr/development/?number={hr_world.person.personal_number}", follow_redirects=True).text
    assert "Nobody with this personal number in your scope." in page


def test_the_manager_proposes_a_need_and_adds_mentoring_the_employee_records_it_done(hr_world, factory, db,
                                                                                    login_as):
    competency = factory.competency()
    db.session.commit()
    manager, employee = login_as(hr_world.users["manager"]), login_as(hr_world.users["employee"])
    base = f"/hr/development/people/{hr_world.person.id}"
    page = post(manager, f"{base}/needs", {"priority": "high", "note": ""})
    assert "This field is required." in page.text or "Not a valid choice" in page.text
    post(manager, f"{base}/needs", {"competency_id": competency.id, "priority": "high", "note": "New duties"},
         "Training need recorded.")
    need = db.session.execute(select(TrainingNeed)).scalar_one()
    assert (need.source, need.priority) == ("manager", "high")
    assert "Start a development plan" in manager.get(base).text
    post(manager, f"{base}/plans", {}, "Add mentoring, a secondment or external training")
    plan = db.session.execute(select(DevelopmentPlan)).scalar_one()
    assert plan.cycle_id is None and plan.employee_id == hr_world.person.id
    page = post(manager, f"/hr/development/plans/{plan.id}/actions", {"kind": "mentoring", "title": ""})
    assert "This field is required." in page.text
    post(manager, f"/hr/development/plans/{plan.id}/actions", {"kind": "mentoring", "title": "Mentoring by the head",
                                                                 "need_id": need.id}, "Action added to the plan.")
    action = db.session.execute(select(DevelopmentAction)).scalar_one()
    page = post(employee, f"/hr/development/actions/{action.id}/complete",
                {f"a{action.id}-completed_on": "2020-01-01", f"a{action.id}-hours": "4",
                 f"a{action.id}-evidence": "Six sessions"}, "Action recorded as done.")
    db.session.expire_all()
    assert db.session.get(TrainingNeed, need.id).status == "addressed"
    # Hours the person declared count only once the manager approves them; the person cannot approve them.
    assert "Mentoring by the head" not in employee.get(f"{base}/record").text
    assert "The hours count once the manager or HR approves them." in employee.get(base).text
    assert "Approve the hours" not in employee.get(base).text
    post(employee, f"/hr/development/actions/{action.id}/hours", {},
         "Only the manager or HR approves these hours, never the person.")
    assert "Mentoring by the head" not in employee.get(f"{base}/record").text
    assert "Approve the hours" in manager.get(base).text
    post(manager, f"/hr/development/actions/{action.id}/hours", {}, "Hours approved")
    assert "Mentoring by the head" in employee.get(f"{base}/record").text
    assert "Dismiss" not in employee.get(base).text  # the person does not dismiss their own needs
    assert "Dismiss" in manager.get(base).text


def test_the_persons_page_costs_the_same_for_a_longer_plan(hr_world, factory, db, login_as, count_queries):
    manager = hr_world.users["manager"]
    client = login_as(manager)
    plan = plan_ops.start_plan(hr_world.person, actor=manager)

    def grow(n: int) -> None:
        for _ in range(n):
            competency = factory.competency()
            course = make_course(f"K{competency.id}", title=f"Course {competency.id}", quiz=False,
                                 competency_ids=[competency.id])
            need = need_ops.record_need(hr_world.person, competency.id, priority="medium", note="", actor=manager)
            plan_ops.choose_course(plan, course.id, need.id, actor=manager)
            plan_ops.add_action(plan, "mentoring", f"Mentoring {competency.id}", "", None, None, actor=manager)
        db.session.commit()

    url = f"/hr/development/people/{hr_world.person.id}"
    grow(2)
    client.get(url)
    with count_queries() as small:
        assert client.get(url).status_code == 200
    grow(8)
    with count_queries() as large:
        assert "Mentoring" in client.get(url).text
    assert large.count == small.count
