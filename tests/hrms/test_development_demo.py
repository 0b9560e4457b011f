"""``flask demo`` gives professional development needs from last year's appraisals and a plan for the demo employee."""

from __future__ import annotations

from sqlalchemy import func, select

from common.models import AuditEvent, User
from hrms.development.models import CpdEntry, DevelopmentAction, DevelopmentPlan, TrainingNeed
from hrms.models import Appraisal


def test_the_demo_has_needs_from_last_years_appraisals_and_a_plan_with_a_course(app, db, login_as):
    result = app.test_cli_runner().invoke(args=["demo", "--employees", "300"])
    assert result.exit_code == 0, result.output
    from_appraisals = db.session.execute(select(func.count(TrainingNeed.id)).where(
        TrainingNeed.source == "appraisal")).scalar_one()
    assert from_appraisals > 5
    with_needs = set(db.session.execute(select(TrainingNeed.employee_id).where(
        TrainingNeed.source == "appraisal")).scalars())
    with_plans = set(db.session.execute(select(DevelopmentPlan.employee_id).where(
        DevelopmentPlan.cycle_id.is_not(None))).scalars())
    assert with_needs <= with_plans  # everyone with a need has a plan for that cycle
    weak = db.session.execute(select(TrainingNeed).where(TrainingNeed.source == "appraisal")).scalars().first()
    assert weak.rating * 2 <= weak.rating_max and db.session.get(Appraisal, weak.appraisal_id).state == "final"

    user = db.session.execute(select(User).where(User.email == "employee@demo.gov.ge")).scalar_one()
    actions = db.session.execute(select(DevelopmentAction).join(DevelopmentPlan).where(
        DevelopmentPlan.employee_id == user.employee_id)).scalars().all()
    assert {(a.kind, a.status) for a in actions} == {("course", "in_progress"), ("mentoring", "planned"),
                                                     ("external", "done")}
    kinds = set(db.session.execute(select(CpdEntry.kind).where(CpdEntry.employee_id == user.employee_id)).scalars())
    assert kinds == {"course", "external"}  # the demo's completed courses reached the record through the signal
    assert db.session.execute(select(func.count(AuditEvent.id)).where(AuditEvent.module == "hrms")).scalar_one() == 0

    page = login_as(user).get(f"/hr/development/people/{user.employee_id}").text
    assert "Personal data protection" in page or "PDP-101" in page
    hr = db.session.execute(select(User).where(User.email == "hr@demo.gov.ge")).scalar_one()
    analysis = login_as(hr).get("/hr/development/analysis").text
    assert "training needs in total" in analysis
