"""Changes of manager mid-cycle (interim assessments) and multi-rater feedback."""

from __future__ import annotations

from sqlalchemy import select

from common import signals
from hrms.models import FeedbackRequest, InterimAssessment
from tests.hrms.test_workflow import post


def test_a_new_manager_in_the_directory_takes_over_and_the_outgoing_one_records_an_interim(
        hr_world, factory, db, login_as):
    new_boss = factory.employee(hr_world.division, manager=hr_world.grand, first_name_en="Davit",
                                last_name_en="Lomidze")
    new_user = factory.user(employee=new_boss)
    person = hr_world.person
    person.manager_id = new_boss.id
    signals.employees_changed.send("update_employee", employee_ids=[person.id])
    db.session.commit()

    appraisal = hr_world.appraisal()
    assert appraisal.evaluator_id == new_boss.id
    interim = db.session.execute(select(InterimAssessment)).scalar_one()
    assert (interim.evaluator_id, interim.reason, interim.recorded_at) == (hr_world.boss.id, "manager_change", None)

    outgoing, url = login_as(hr_world.users["manager"]), f"/hr/appraisals/{appraisal.id}"
    assert "Your interim assessment as the outgoing manager" in outgoing.get(url).text
    post(outgoing, f"{url}/interim/{interim.id}", {"label": "good", "comment": "Reliable in the first half-year."},
         "Interim assessment recorded")
    assert outgoing.get(url).status_code == 403  # done: the outgoing manager's access ends
    assert "Reliable in the first half-year." in login_as(new_user).get(url).text


def test_hr_changes_the_evaluator_by_personal_number(hr_world, db, login_as):
    hr = login_as(hr_world.users["hr"])
    appraisal = hr_world.appraisal()
    url = f"/hr/appraisals/{appraisal.id}/evaluator"
    post(hr, url, {"personal_number": "99999999999"}, "Nobody in the directory has this personal number.")
    post(hr, url, {"personal_number": hr_world.grand.personal_number}, "Evaluator changed")
    assert hr_world.appraisal().evaluator_id == hr_world.grand.id
    assert login_as(hr_world.users["manager"]).get(f"/hr/appraisals/{appraisal.id}").status_code == 200  # interim


def test_feedback_is_shown_only_as_an_average_of_three_or_more_answers(hr_world, db, login_as):
    """The manager chooses whom to ask among those the directory relates; results only from three answers."""
    manager = login_as(hr_world.users["manager"])
    appraisal = hr_world.appraisal()
    url = f"/hr/appraisals/{appraisal.id}"
    page = manager.get(url).text
    assert "Peer Number0" in page and "Kapanadze" in page  # peers and the manager's manager may be asked
    assert "Outside" not in page
    post(manager, f"{url}/feedback", {"respondent": hr_world.outsider.id}, "Not a valid choice")
    for peer in hr_world.peers[:3]:
        post(manager, f"{url}/feedback", {"respondent": peer.id}, "Feedback requested")
    post(manager, f"{url}/feedback", {"respondent": hr_world.grand.id}, "Feedback requested")
    relations = {r.respondent_id: r.relation for r in db.session.execute(select(FeedbackRequest)).scalars()}
    assert relations[hr_world.grand.id] == "manager_manager" and relations[hr_world.peers[0].id] == "peer"

    employee = login_as(hr_world.users["employee"])
    requests = {r.respondent_id: r.id for r in db.session.execute(select(FeedbackRequest)).scalars()}
    assert employee.get(f"/hr/feedback/{requests[hr_world.peers[0].id]}").status_code == 403
    criteria = appraisal.cycle.template.section("competencies").criteria
    for n, rating in enumerate((5, 2, 5)):
        post(login_as(hr_world.users[f"peer{n}"]), f"/hr/feedback/{requests[hr_world.peers[n].id]}",
             {f"q_{c.id}": rating for c in criteria}, "your answer is recorded")
    assert "Average" not in employee.get(url).text  # open: nothing shown
    post(manager, f"{url}/feedback/close", {}, "The feedback round is closed")
    for who in ("employee", "manager", "hr"):
        page = login_as(hr_world.users[who]).get(url).text
        assert "with 3 answers" in page and "Average of all answers (1 to 5): 4.0" in page
    assert "Peer Number1" not in employee.get(url).text.split("Feedback from colleagues")[1].split("History")[0]
