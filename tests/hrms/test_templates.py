"""Templates: weights that must total 100, with a clear message; versions that leave past cycles alone."""

from __future__ import annotations

from sqlalchemy import select

from hrms.models import AppraisalCycle, AppraisalTemplate
from tests.hrms.test_workflow import post


def template_form(competencies, weights, objectives=60, sections=40, **extra):
    data = {"name_ka": "შეფასება", "name_en": "Standard appraisal", "methodology_ref": "Decree No. 220 (2017)",
            "objectives_weight": objectives, "competencies_weight": sections, "band_excellent": 450,
            "band_good": 350, "band_satisfactory": 250}
    return data | {f"comp_{c.id}": w for c, w in zip(competencies, weights, strict=True)} | extra


def test_weights_must_total_100_and_the_message_says_by_how_much(factory, db, login_as, hr_world):
    competencies = [factory.competency() for _ in range(3)]
    db.session.commit()
    hr = login_as(hr_world.users["hr_gov"])
    page = post(hr, "/hr/templates/new", template_form(competencies, [50, 30, 20], objectives=60, sections=30))
    assert "The section weights must total 100; they total 90." in page.text
    page = post(hr, "/hr/templates/new", template_form(competencies, [50, 30, 30]))
    assert "The competency weights must total 100; they total 110." in page.text
    page = post(hr, "/hr/templates/new", template_form(competencies, [50, 30, 20], band_good=460))
    assert "Each band must start above the next lower one" in page.text
    post(hr, "/hr/templates/new", template_form(competencies, [50, 30, 20]), "Template saved as version 1.")


def test_a_revision_is_a_new_version_and_a_past_cycle_keeps_its_own(factory, db, login_as, hr_world):
    hr = login_as(hr_world.users["hr_gov"])
    template = hr_world.template
    criteria = template.section("competencies").criteria
    competencies = [c.competency for c in criteria]
    post(hr, f"/hr/templates/{template.id}", template_form(competencies, [20, 40, 40], objectives=70, sections=30,
                                                           methodology_ref="Decree No. 1 (2027)"),
         "Template saved as version 2.")
    db.session.expire_all()
    cycle = db.session.get(AppraisalCycle, hr_world.cycle.id)
    assert cycle.template_id == template.id and cycle.methodology_ref == "Decree No. 220 (2017)"
    assert [s.weight for s in cycle.template.sections] == [60, 40]
    assert [c.weight for c in cycle.template.section("competencies").criteria] == [40, 30, 30]
    revised = db.session.execute(select(AppraisalTemplate).where(AppraisalTemplate.version == 2)).scalar_one()
    assert revised.family == template.family and [s.weight for s in revised.sections] == [70, 30]
    listing = hr.get("/hr/templates").text
    assert "Decree No. 1 (2027)" in listing and "Decree No. 220 (2017)" not in listing


def test_the_appraisal_pages_render_in_georgian(hr_world, login_as):
    for who in ("employee", "manager", "hr"):
        client = login_as(hr_world.users[who])
        with client.session_transaction() as session:
            session["lang"] = "ka"
        page = client.get(f"/hr/appraisals/{hr_world.appraisal().id}")
        assert page.status_code == 200 and '<html lang="ka">' in page.text
    assert login_as(hr_world.users["hr"]).get(f"/hr/cycles/{hr_world.cycle.id}").status_code == 200


def test_a_ministrys_hr_officer_cannot_change_the_government_wide_template(factory, db, login_as, hr_world):
    template = hr_world.template
    competencies = [c.competency for c in template.section("competencies").criteria]
    message = "Appraisal templates are used government-wide: only HR with a government-wide role"
    for path in (f"/hr/templates/{template.id}", "/hr/templates/new"):
        page = post(login_as(hr_world.users["hr"]), path, template_form(competencies, [20, 40, 40]))
        assert message in page.text
    db.session.expire_all()
    assert db.session.execute(select(AppraisalTemplate)).scalars().all() == [template]
    assert db.session.get(AppraisalTemplate, template.id).superseded_at is None
