"""Confidentiality and access: who may open an appraisal and what each person sees, over HTTP."""

from __future__ import annotations

from hrms.models import CALIBRATION, SELF_ASSESSED
from tests.hrms.test_workflow import post, ratings


def _assessed(hr_world, login_as, db):
    """The person's appraisal assessed by the manager (competencies only), waiting in calibration."""
    hr_world.cycle.unused_sections = ["objectives"]
    appraisal = hr_world.appraisal()
    appraisal.state = SELF_ASSESSED
    db.session.commit()
    manager = login_as(hr_world.users["manager"])
    data = ratings(hr_world.appraisal(), [], [2, 3, 2]) | {"private_note": "Struggles with deadlines; PRIVATE-XYZ.",
                                                          "comment": "Needs to improve planning."}
    post(manager, f"/hr/appraisals/{appraisal.id}/assessment", data, "Assessment submitted")
    assert hr_world.appraisal().state == CALIBRATION
    return hr_world.appraisal(), manager


def test_before_release_the_employee_sees_no_manager_rating_and_never_the_private_note(hr_world, login_as, db):
    appraisal, manager = _assessed(hr_world, login_as, db)
    employee, hr = login_as(hr_world.users["employee"]), login_as(hr_world.users["hr"])
    url = f"/hr/appraisals/{appraisal.id}"

    page = employee.get(url).text
    assert "Manager rating" not in page and "Needs to improve planning." not in page
    assert str(appraisal.score) not in page and "PRIVATE-XYZ" not in page
    assert "You will see it when HR releases it" in page
    assert "PRIVATE-XYZ" in manager.get(url).text and "PRIVATE-XYZ" in hr.get(url).text

    post(hr, f"{url}/release", {}, "Released")
    page = employee.get(url).text
    assert "Manager rating" in page and "Needs to improve planning." in page and str(appraisal.score) in page
    assert "PRIVATE-XYZ" not in page and "Private note" not in page


def test_strangers_cannot_open_an_appraisal(hr_world, login_as):
    url = f"/hr/appraisals/{hr_world.appraisal().id}"
    for who in ("other_manager", "hr_out", "peer0", "grand"):
        assert login_as(hr_world.users[who]).get(url).status_code == 403, who
    for who in ("employee", "manager", "hr"):
        assert login_as(hr_world.users[who]).get(url).status_code == 200, who
    # Nor act on it: the out-of-scope HR officer cannot release, the other manager cannot assess.
    assert login_as(hr_world.users["hr_out"]).post(f"{url}/release").status_code == 403
    assert login_as(hr_world.users["other_manager"]).post(f"{url}/assessment").status_code == 403


def test_a_manager_of_someone_else_and_hr_out_of_scope_see_no_cycle(hr_world, login_as):
    cycle_url = f"/hr/cycles/{hr_world.cycle.id}"
    assert login_as(hr_world.users["hr_out"]).get(cycle_url).status_code == 403
    assert login_as(hr_world.users["hr"]).get(cycle_url).status_code == 200
    team = login_as(hr_world.users["other_manager"]).get("/hr/team").text
    assert "Gelashvili" not in team and "Nobody is waiting for your assessment" in team
    assert "Gelashvili" in login_as(hr_world.users["manager"]).get("/hr/team").text


def test_reading_someone_elses_appraisal_is_in_the_access_log(hr_world, login_as, db):
    from sqlalchemy import select

    from common.models import AuditEvent

    appraisal = hr_world.appraisal()
    login_as(hr_world.users["hr"]).get(f"/hr/appraisals/{appraisal.id}")
    login_as(hr_world.users["employee"]).get(f"/hr/appraisals/{appraisal.id}")
    reads = db.session.execute(select(AuditEvent).where(AuditEvent.kind == "read",
                                                        AuditEvent.module == "hrms")).scalars().all()
    assert [(r.actor_email, r.subject_employee_id) for r in reads] == [("hr@mof.gov.ge", hr_world.person.id)]


def test_two_people_saving_at_once_the_second_is_told_and_nothing_is_overwritten(hr_world, login_as, db):
    appraisal = hr_world.appraisal()
    url = f"/hr/appraisals/{appraisal.id}/objectives"
    opened_at = appraisal.version  # both opened the page at this version
    employee, manager = login_as(hr_world.users["employee"]), login_as(hr_world.users["manager"])
    mine = {"version": opened_at, "rows-0-title": "Employee's objective", "rows-0-weight": 100}
    theirs = {"version": opened_at, "rows-0-title": "Manager's objective", "rows-0-weight": 100}
    post(employee, url, mine, "Objectives saved")
    page = post(manager, url, theirs, "Someone else saved this appraisal after you opened it")
    assert [o.title for o in hr_world.appraisal().objectives] == ["Employee's objective"]
    assert "Employee&#39;s objective" in page.text  # the page shows the current version
    assert hr_world.appraisal().version == opened_at + 1


def test_the_version_column_also_stops_a_save_racing_past_the_check(hr_world, app, db):
    """Two sessions load the same version; the one that flushes second gets the stale-data refusal."""
    import pytest

    from common.errors import OperationError
    from hrms.models import Appraisal
    from hrms.operations import workflow

    appraisal = hr_world.appraisal()
    with app.app_context():
        other = db.session.get(Appraisal, appraisal.id)
        other.midyear_comment = "first"
        db.session.commit()
    appraisal.midyear_comment = "second"
    with pytest.raises(OperationError) as refused:
        workflow.save(appraisal, "record_midyear", None, "racing save")
    assert refused.value.details.get("stale")
    db.session.rollback()
    assert hr_world.appraisal().midyear_comment == "first"
