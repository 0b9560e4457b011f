"""One appraisal walked through the whole workflow over HTTP, as the employee, the manager and HR.

The final score is checked against a hand computation, including a cycle where the objectives
section is unused and the competencies carry the whole weight.
"""

from __future__ import annotations

from typing import Any

import pytest

from common import signals
from hrms import queries as q
from hrms.models import AGREED, CALIBRATION, DRAFT, FINAL, RELEASED, SELF_ASSESSED


def post(client: Any, url: str, data: dict[str, Any], expect: str | None = None) -> Any:
    response = client.post(url, data=data, follow_redirects=True)
    assert response.status_code == 200, response.text[:500]
    if expect is not None:
        assert expect in response.text, response.text
    return response


def ratings(appraisal: Any, objective_values: list[int], competency_values: list[int]) -> dict[str, Any]:
    data = {f"o_{o.id}": str(v) for o, v in zip(appraisal.objectives, objective_values, strict=True)}
    criteria = appraisal.cycle.template.section("competencies").criteria
    data |= {f"c_{c.id}": str(v) for c, v in zip(criteria, competency_values, strict=True)}
    return data | {"version": appraisal.version, "action": "submit"}


@pytest.fixture()
def finalized() -> list[dict[str, Any]]:
    received: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        received.append(kwargs)

    signals.appraisal_finalized.connect(receiver)
    yield received
    signals.appraisal_finalized.disconnect(receiver)


def test_the_whole_workflow_over_http_gives_the_hand_computed_score(hr_world, login_as, finalized):
    employee, manager, hr = (login_as(hr_world.users[k]) for k in ("employee", "manager", "hr"))
    appraisal = hr_world.appraisal()
    url = f"/hr/appraisals/{appraisal.id}"
    assert appraisal.state == DRAFT and appraisal.evaluator_id == hr_world.boss.id

    objectives = {"version": appraisal.version}
    for n, (title, weight) in enumerate([("Budget plan", 50), ("Faster answers", 30), ("Open data", 20)]):
        objectives |= {f"rows-{n}-title": title, f"rows-{n}-measure": "by December", f"rows-{n}-weight": weight}
    post(employee, f"{url}/objectives", objectives, "Objectives saved")
    post(employee, f"{url}/agree", {"version": hr_world.appraisal().version}, "Your agreement is recorded")
    assert hr_world.appraisal().state == DRAFT  # the manager has not agreed yet
    post(manager, f"{url}/agree", {"version": hr_world.appraisal().version})
    assert hr_world.appraisal().state == AGREED

    post(manager, f"{url}/midyear", {"version": hr_world.appraisal().version, "comment": "On track."})
    appraisal = hr_world.appraisal()
    post(employee, f"{url}/self-assessment", ratings(appraisal, [5, 4, 5], [5, 5, 4]), "Self-assessment submitted")
    assert hr_world.appraisal().state == SELF_ASSESSED

    appraisal = hr_world.appraisal()
    assessment = ratings(appraisal, [4, 3, 5], [5, 4, 3]) | {"comment": "A solid year.",
                                                              "private_note": "Consider for deputy head."}
    page = post(manager, f"{url}/assessment", assessment, "Assessment submitted for calibration")
    appraisal = hr_world.appraisal()
    # Objectives 0.5·4 + 0.3·3 + 0.2·5 = 3.9; competencies 0.4·5 + 0.3·4 + 0.3·3 = 4.1; 0.6·3.9 + 0.4·4.1 = 3.98.
    assert appraisal.state == CALIBRATION
    assert appraisal.score == pytest.approx(3.98) and appraisal.label == appraisal.computed_label == "good"
    assert "3.98" in page.text and "Consider for deputy head." in page.text

    post(hr, f"{url}/release", {}, "Released to the employee")
    assert hr_world.appraisal().state == RELEASED
    page = post(employee, f"{url}/acknowledge", {"version": hr_world.appraisal().version, "comment": "Thank you."},
                "your acknowledgement is recorded")
    assert "3.98" in page.text and "Good" in page.text
    post(hr, f"{url}/finalise", {}, "The appraisal is final")
    assert hr_world.appraisal().state == FINAL
    assert finalized == [{"employee_id": hr_world.person.id, "cycle_id": hr_world.cycle.id}]
    # What the training-needs module reads once the signal arrives: each competency's final rating.
    rated = q.competency_ratings(hr_world.person.id, hr_world.cycle.id)
    assert [(r["rating"], r["rating_max"], r["weak"]) for r in rated] == [(5, 5, False), (4, 5, False), (3, 5, False)]

    history = employee.get(url).text
    for step in ("Objectives agreed", "Self-assessment submitted", "Manager assessment submitted", "Released",
                 "Acknowledged", "Finalised"):
        assert step in history


def test_an_unused_section_is_left_out_and_the_rest_renormalised(hr_world, factory, db, login_as):
    cycle = factory.hr_cycle(hr_world.ministry, template=hr_world.template, unused_sections=["objectives"],
                             name_en="Probation Q1", track="probation", employment_types=["professional"])
    db.session.commit()
    hr_world.cycle = cycle
    appraisal = hr_world.appraisal()
    assert appraisal.state == AGREED  # nothing to agree: the objectives section is not used
    employee, manager = login_as(hr_world.users["employee"]), login_as(hr_world.users["manager"])
    url = f"/hr/appraisals/{appraisal.id}"
    post(employee, f"{url}/self-assessment", ratings(appraisal, [], [4, 4, 4]))
    post(manager, f"{url}/assessment", ratings(hr_world.appraisal(), [], [5, 4, 3]))
    appraisal = hr_world.appraisal()
    # Competencies alone: 0.4·5 + 0.3·4 + 0.3·3 = 4.1, not 0.4·4.1 = 1.64 with objectives counted as zero.
    assert appraisal.score == pytest.approx(4.1) and appraisal.label == "good"
    page = manager.get(url).text
    assert "Not used in this cycle" in page and "weight 100.0%" in page


def test_a_different_label_needs_a_justification_which_is_logged(hr_world, login_as, db):
    from sqlalchemy import select

    from common.models import AuditEvent

    cycle = hr_world.cycle
    cycle.unused_sections = ["objectives"]
    db.session.commit()
    appraisal = hr_world.appraisal()
    appraisal.state = SELF_ASSESSED
    db.session.commit()
    manager = login_as(hr_world.users["manager"])
    url = f"/hr/appraisals/{appraisal.id}/assessment"
    data = ratings(hr_world.appraisal(), [], [5, 4, 3]) | {"proposed_label": "excellent"}
    page = post(manager, url, data, "needs a written justification")
    assert hr_world.appraisal().state == SELF_ASSESSED
    data = ratings(hr_world.appraisal(), [], [5, 4, 3]) | {"proposed_label": "excellent",
                                                          "justification": "Led the budget reform alone."}
    post(manager, url, data, "Assessment submitted")
    appraisal = hr_world.appraisal()
    assert (appraisal.computed_label, appraisal.label) == ("good", "excellent")
    entry = db.session.execute(select(AuditEvent).where(AuditEvent.action == "submit_manager_assessment")).scalar_one()
    assert entry.changes["label"] == ["good", "excellent"]
    assert entry.changes["justification"] == [None, "Led the budget reform alone."]
    assert page.status_code == 200


def test_the_page_shows_the_stored_score_not_a_recomputed_one(hr_world, login_as, db):
    hr_world.cycle.unused_sections = ["objectives"]
    appraisal = hr_world.appraisal()
    appraisal.state = SELF_ASSESSED
    db.session.commit()
    manager = login_as(hr_world.users["manager"])
    post(manager, f"/hr/appraisals/{appraisal.id}/assessment", ratings(hr_world.appraisal(), [], [5, 4, 3]))
    appraisal = hr_world.appraisal()
    assert appraisal.score == pytest.approx(4.1)
    appraisal.score = 3.85  # as stored when it was submitted (e.g. before a rating row was corrected by hand)
    db.session.commit()
    page = manager.get(f"/hr/appraisals/{appraisal.id}").text
    assert "<dd>3.85</dd>" in page and "<dd>4.1</dd>" not in page
    assert "weight 100.0%" in page, "the sections' breakdown is still shown"
