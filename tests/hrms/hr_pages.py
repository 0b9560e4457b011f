"""Every HR page the daily work goes through, with the data that fills it: one list, walked by several tests.

``build_pages(world, factory, db)`` fills the ``hr_world`` of ``tests/hrms/conftest.py`` with a released
appraisal (objectives, ratings, comments, history), an appraisal in calibration, an appeal, a development plan
with a need and actions, a basic programme and the staff of a second division; it returns the pages as
``HrPage`` rows (who opens them, and where). The 390 px walk (``test_hr_pages_mobile.py``) and the Georgian
walk (``test_hr_pages_georgian.py``) both read ``build_pages``; a page added here is checked by both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from common.models.users import ADMIN, AUDITOR


@dataclass(frozen=True)
class HrPage:
    name: str
    path: str
    persona: str  # a key of ``hr_world.users`` (plus "admin" and "auditor", added by ``build_pages``)


def _released_appraisal(world: Any, employee: Any) -> Any:
    from hrms.operations import release as release_ops
    from hrms.operations import workflow

    appraisal = world.appraisal(employee)
    users = {user.employee_id: user for user in world.users.values() if user.employee_id}
    me, boss = users[employee.id], users[appraisal.evaluator_id]
    workflow.save_objectives(appraisal, [
        workflow.ObjectiveInput(title="სამინისტროს საშუალოვადიანი ბიუჯეტის ჩარჩოს მომზადება თავების მიხედვით, "
                                      "დადგენილ ვადაში",
                                weight=60, measure="მინისტრის მიერ დამტკიცებული დადგენილებით განსაზღვრულ ვადამდე"),
        workflow.ObjectiveInput(title="რეგიონული ფინანსისტების გადამზადება", weight=40, measure="ოთხი სესია")],
        actor=me, version=None)
    workflow.agree_objectives(appraisal, actor=me, version=None)
    workflow.agree_objectives(appraisal, actor=boss, version=None)
    workflow.record_midyear(appraisal, "მიმდინარეობს გეგმის მიხედვით.", actor=boss, version=None)
    criteria = appraisal.cycle.template.section("competencies").criteria
    objectives = {o.id: 4 for o in appraisal.objectives}
    workflow.save_self_assessment(appraisal, objectives, {c.id: 4 for c in criteria}, "კარგი წელი.", submit=True,
                                  actor=me, version=None)
    workflow.save_manager_assessment(appraisal, objectives, {c.id: 5 for c in criteria}, comment="ძლიერი შედეგები.",
                                     private_note="", proposed_label=None, justification="", submit=True,
                                     actor=boss, version=None)
    release_ops.release(appraisal, actor=world.users["hr"])
    return appraisal


def build_pages(world: Any, factory: Any, db: Any) -> list[HrPage]:
    from hrms.development.operations import needs as need_ops
    from hrms.development.operations import plans as plan_ops
    from hrms.development.operations import programmes as programme_ops
    from hrms.operations import release as release_ops
    from tests.hrms.test_outcomes import assess
    from tests.learning.helpers import make_course

    released = _released_appraisal(world, world.person)
    in_calibration = assess(world, world.peers[0], (4, 4, 4))
    appealed = assess(world, world.peers[1], (2, 1, 2), release=True)
    release_ops.appeal(appealed, "შეფასება არ ითვალისწინებს წლის მეორე ნახევარს.", actor=world.users["peer1"],
                       version=None)
    final = assess(world, world.peers[2], (2, 2, 3), release=True)  # finalised: training needs drawn from it
    release_ops.acknowledge(final, "ვეცნობი.", actor=world.users["peer2"], version=None)
    release_ops.finalise(final, actor=world.users["hr"])
    competency = world.template.section("competencies").criteria[0].competency
    need = need_ops.record_need(world.person, competency.id, priority="high", note="ახალი მოვალეობები",
                                actor=world.users["manager"])
    plan = plan_ops.start_plan(world.person, actor=world.users["manager"])
    plan_ops.save_plan(plan, "სამინისტროს ბიუჯეტის რეფორმის ხელმძღვანელობა", plan.due_date,
                       actor=world.users["manager"])
    plan_ops.add_action(plan, "external", "შესყიდვების სემინარი", "", date.today() + timedelta(days=60), need.id,
                        actor=world.users["manager"])
    course = make_course("BASIC-9", title="Basic course", title_ka="საბაზო კურსი", quiz=False)
    programme_ops.create_programme({"name_ka": "საბაზო პროგრამა", "name_en": "Basic programme", "rank_min": 3,
                                    "rank_max": 4, "course_id": course.id, "unit_id": world.ministry.id,
                                    "starts_on": date.today() - timedelta(days=365)}, actor=world.users["hr"])
    world.users["admin"] = factory.user(roles=[(ADMIN, None)], email="admin@csb.gov.ge")
    world.users["auditor"] = factory.user(roles=[(AUDITOR, None)], email="auditor@csb.gov.ge")
    db.session.commit()
    cycle, person = world.cycle.id, world.person.id
    return [
        HrPage("appraisals home", "/hr/", "hr"),
        HrPage("my team", "/hr/team", "manager"),
        HrPage("appraisal (HR)", f"/hr/appraisals/{released.id}", "hr"),
        HrPage("appraisal (employee)", f"/hr/appraisals/{released.id}", "employee"),
        HrPage("appraisal (manager)", f"/hr/appraisals/{in_calibration.id}", "manager"),
        HrPage("finalised appraisal (employee)", f"/hr/appraisals/{final.id}", "peer2"),
        HrPage("cycle list", "/hr/cycles", "hr"),
        HrPage("cycle overview", f"/hr/cycles/{cycle}", "hr"),
        HrPage("cycle form", "/hr/cycles/new", "hr"),
        HrPage("calibration", f"/hr/cycles/{cycle}/calibration?unit={world.division.id}", "hr"),
        HrPage("consequences", f"/hr/cycles/{cycle}/consequences", "hr"),
        HrPage("appeals", "/hr/appeals", "hr"),
        HrPage("appeal", f"/hr/appeals/{appealed.appeal.id}", "hr"),
        HrPage("templates", "/hr/templates", "hr_gov"),
        HrPage("template form", "/hr/templates/new", "hr_gov"),
        HrPage("template edit", f"/hr/templates/{world.template.id}", "hr_gov"),
        HrPage("development (HR)", "/hr/development/", "hr"),
        HrPage("development (employee)", "/hr/development/", "employee"),
        HrPage("development of a person", f"/hr/development/people/{person}", "manager"),
        HrPage("development record", f"/hr/development/people/{person}/record", "manager"),
        HrPage("development after a final appraisal", f"/hr/development/people/{world.peers[2].id}", "peer2"),
        HrPage("needs analysis", f"/hr/development/analysis?unit={world.ministry.id}", "hr"),
        HrPage("basic programmes", "/hr/development/programmes", "hr"),
        HrPage("programme compliance", "/hr/development/programmes/compliance", "hr"),
        HrPage("profile", f"/directory/employees/{person}", "hr"),
        HrPage("staff search", "/directory/employees", "hr"),
        HrPage("import", "/directory/import", "admin"),
        HrPage("audit log", "/audit/", "auditor"),
        # Lists, inbox and safe bulk actions (hrlists), calibration and accounts (hrcalib).
        HrPage("cycle's appraisals", f"/hr/cycles/{cycle}/appraisals", "hr"),
        HrPage("cycle's appraisals without an evaluator", f"/hr/cycles/{cycle}/appraisals?no_evaluator=1", "hr"),
        HrPage("a person's appraisals", f"/hr/people/{person}/appraisals", "manager"),
        HrPage("release confirmation", f"/hr/cycles/{cycle}/release/confirm", "hr"),
        HrPage("cycle cancellation", f"/hr/cycles/{cycle}/cancel", "hr"),
        HrPage("home page with the to-do (employee)", "/", "employee"),
        HrPage("home page with the to-do (HR)", "/", "hr"),
        HrPage("inbox", "/inbox/", "employee"),
        HrPage("accounts for a unit's staff", f"/directory/accounts/bulk?unit={world.division.id}", "hr"),
    ]
