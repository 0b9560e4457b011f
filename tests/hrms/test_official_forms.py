"""The official forms as PDFs: the appraisal form and the development plan, read back in Georgian and English."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from common.models import AuditEvent
from hrms.development.operations import plans as plan_ops
from tests.hrms.test_outcomes import EXCELLENT, UNSATISFACTORY, assess


def pdf_text(data: bytes) -> str:
    """The PDF's text with runs of white space made single spaces (lines wrap where the layout says)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture()
def world(hr_world, db):
    hr_world.cycle.unused_sections = ["objectives"]
    db.session.commit()
    return hr_world


def download(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    return pdf_text(response.data)


def test_the_appraisal_form_in_both_languages_with_score_label_and_signature_lines(world, db, login_as):
    appraisal = assess(world, world.person, EXCELLENT, release=True)
    db.session.commit()
    url = f"/hr/appraisals/{appraisal.id}/form.pdf"
    employee = login_as(world.users["employee"])

    english = download(employee, url + "?lang=en")
    assert "Appraisal form" in english and "Nino Gelashvili" in english
    assert f"Final score {appraisal.score}" in english and "Label Excellent" in english
    for line in ("Signature", "Date", "Employee: Nino Gelashvili", "Evaluator: Tamar Beridze", "HR officer"):
        assert line in english
    assert "Released" in english  # the history

    georgian = download(employee, url + "?lang=ka")
    assert "შეფასების ფორმა" in georgian and str(appraisal.score) in georgian and "ფრიადი" in georgian
    assert "ხელმოწერა" in georgian and "თარიღი" in georgian and "Signature" not in georgian

    # The download is a read of the person's appraisal, logged like the page: HR's read names the employee.
    hr = login_as(world.users["hr"])
    assert "Label Excellent" in download(hr, url + "?lang=en")
    read = db.session.execute(select(AuditEvent).where(
        AuditEvent.kind == "read", AuditEvent.actor_email == "hr@mof.gov.ge", AuditEvent.summary.contains("form.pdf"))
    ).scalar_one()
    assert (read.action, read.subject_employee_id, read.object_id) == ("appraisal", world.person.id, str(appraisal.id))
    assert login_as(world.users["hr_out"]).get(url).status_code == 403


def test_the_employee_form_shows_no_rating_before_release_and_no_private_note(world, db, login_as):
    appraisal = assess(world, world.person, EXCELLENT)
    appraisal.manager_private_note = "Keep an eye on deadlines"
    db.session.commit()
    url = f"/hr/appraisals/{appraisal.id}/form.pdf?lang=en"
    mine = download(login_as(world.users["employee"]), url)
    assert "Label Excellent" not in mine and "not yet available to you" in mine
    manager = download(login_as(world.users["manager"]), url)
    assert "Label Excellent" in manager and "Keep an eye on deadlines" not in manager


def test_the_development_plan_in_both_languages(world, db, login_as):
    """The plan drawn from a final appraisal names it (cycle, score, label) and each need's rating with its level."""
    from hrms.development.models import DevelopmentPlan
    from hrms.operations.release import finalise

    appraisal = assess(world, world.person, UNSATISFACTORY)  # 2, 1, 2: three competencies become needs
    appraisal.state, appraisal.acknowledged_at = "acknowledged", appraisal.released_at
    finalise(appraisal, actor=world.users["hr"])
    plan = db.session.execute(select(DevelopmentPlan).where(DevelopmentPlan.cycle_id == world.cycle.id)).scalar_one()
    plan_ops.save_plan(plan, "Lead the budget reform", plan.due_date, actor=world.users["manager"])
    db.session.commit()
    url = f"/hr/development/plans/{plan.id}/plan.pdf"
    manager = login_as(world.users["manager"])
    english = download(manager, url + "?lang=en")
    assert "Development plan" in english and "Lead the budget reform" in english and "Nino Gelashvili" in english
    assert "Signature" in english and "Manager: Tamar Beridze" in english
    assert f"Drawn from the appraisal {world.cycle.name_en}" in english
    assert f"Final score {appraisal.score}" in english and "Label Unsatisfactory" in english
    assert english.count("2 – Below expectations") == 2 and "1 – Far below expectations" in english

    georgian = download(manager, url + "?lang=ka")
    assert "განვითარების გეგმა" in georgian and "ხელმოწერა" in georgian and "Lead the budget reform" in georgian
    assert "საფუძვლად აღებული შეფასება" in georgian and world.cycle.name_ka in georgian
    assert f"საბოლოო ქულა {appraisal.score}" in georgian and "არადამაკმაყოფილებელი" in georgian
    assert georgian.count("2 – მოლოდინზე დაბალი") == 2 and "Below expectations" not in georgian

    employee = download(login_as(world.users["employee"]), url + "?lang=en")  # final: hers to read too
    assert "Label Unsatisfactory" in employee
    page = manager.get(f"/hr/development/people/{world.person.id}").text
    assert f"/hr/development/plans/{plan.id}/plan.pdf?lang=ka" in page
    assert login_as(world.users["hr_out"]).get(url).status_code == 403


def test_a_plan_outside_a_cycle_names_no_appraisal(world, db, login_as):
    plan = plan_ops.start_plan(world.person, actor=world.users["manager"])
    db.session.commit()
    english = download(login_as(world.users["manager"]), f"/hr/development/plans/{plan.id}/plan.pdf?lang=en")
    assert "Development plan" in english and "Drawn from the appraisal" not in english and "Final score" not in english
