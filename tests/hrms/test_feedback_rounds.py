"""Multi-rater feedback in rounds: nothing shown before closing, frozen results after, raters never named.

The attack these tests close: the person appraised used to see "3 of 4 answered, average 3.0", then
"4 of 4, average 2.5", so 4 × 2.5 − 3 × 3.0 = 1 was the fourth colleague's exact rating.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from common.extensions import db as _db
from hrms.models import FeedbackRequest, FeedbackRound
from tests.hrms.test_workflow import post, ratings


def _section(page: str) -> str:
    """The feedback part of the appraisal page (between its heading and the history)."""
    return page.split('id="feedback"')[1].split("<h2>History</h2>")[0]


def _ask(hr_world, client, url, people, closes_on=None) -> dict[int, int]:
    for n, person in enumerate(people):
        data = {"respondent": person.id}
        if n == 0 and closes_on is not None:
            data["closes_on"] = closes_on.isoformat()
        post(client, f"{url}/feedback", data, "Feedback requested")
    return {r.respondent_id: r.id for r in _db.session.execute(select(FeedbackRequest)).scalars()}


def _answer(login_as, hr_world, n, request_id, value, comment="", expect="your answer is recorded"):
    criteria = hr_world.appraisal().cycle.template.section("competencies").criteria
    data = {f"q_{c.id}": str(value) for c in criteria} | {"comment": comment}
    return post(login_as(hr_world.users[f"peer{n}"]), f"/hr/feedback/{request_id}", data, expect)


def _pass_closing_date() -> None:
    feedback_round = _db.session.execute(select(FeedbackRound)).scalar_one()
    feedback_round.closes_on = date.today() - timedelta(days=1)
    _db.session.commit()


def test_the_subtraction_attack_learns_nothing(hr_world, db, login_as):
    employee, manager = login_as(hr_world.users["employee"]), login_as(hr_world.users["manager"])
    url = f"/hr/appraisals/{hr_world.appraisal().id}"
    requests = _ask(hr_world, manager, url, hr_world.peers, closes_on=date.today() + timedelta(days=7))

    # Before closing: the employee's and the manager's view is the same whatever has been answered.
    before = _section(employee.get(url).text)
    assert "A feedback round is open until" in before and "Average" not in before
    manager_before = _section(manager.get(url).text).split("Asked (not shown")[0]
    for n, value in enumerate((3, 3, 3)):
        _answer(login_as, hr_world, n, requests[hr_world.peers[n].id], value)
        assert _section(employee.get(url).text) == before
        assert _section(manager.get(url).text).split("Asked (not shown")[0] == manager_before

    _pass_closing_date()
    closed = _section(employee.get(url).text)  # the first look after the date closes and freezes it
    assert "closed on" in closed and "with 3 answers" in closed and "Average of all answers (1 to 5): 3.0" in closed
    feedback_round = db.session.execute(select(FeedbackRound)).scalar_one()
    assert feedback_round.closed_at is not None and feedback_round.results["overall"] == 3.0

    # The fourth colleague answers (1 everywhere) after closing: refused, with a clear message...
    page = _answer(login_as, hr_world, 3, requests[hr_world.peers[3].id], 1, expect="This feedback round closed on")
    assert "Answers are no longer accepted" in page.text
    assert db.session.get(FeedbackRequest, requests[hr_world.peers[3].id]).answered_at is None
    # ...and nobody more can be asked to answer, so the frozen figure never moves.
    post(manager, f"{url}/feedback", {"respondent": hr_world.grand.id})
    assert "Request feedback" not in manager.get(url).text
    assert _section(employee.get(url).text) == closed
    assert "Feedback you were asked for" not in login_as(hr_world.users["peer3"]).get("/hr/").text


def test_with_fewer_than_three_answers_nothing_is_shown_and_comments_are_discarded(hr_world, db, login_as):
    manager = login_as(hr_world.users["manager"])
    url = f"/hr/appraisals/{hr_world.appraisal().id}"
    requests = _ask(hr_world, manager, url, hr_world.peers[:3])
    for n in range(2):
        _answer(login_as, hr_world, n, requests[hr_world.peers[n].id], 5, comment=f"Remark number {n}")
    post(manager, f"{url}/feedback/close", {}, "The feedback round is closed")
    for who in ("employee", "manager", "hr"):
        section = _section(login_as(hr_world.users[who]).get(url).text)
        assert "Fewer than three colleagues answered, so nothing is shown" in section
        assert "Remark number" not in section and "5.0" not in section
    assert [r.comment for r in db.session.execute(select(FeedbackRequest)).scalars()] == [None] * 3


def test_results_per_competency_and_comments_unsigned_once_closed(hr_world, db, login_as):
    manager, employee = login_as(hr_world.users["manager"]), login_as(hr_world.users["employee"])
    url = f"/hr/appraisals/{hr_world.appraisal().id}"
    requests = _ask(hr_world, manager, url, hr_world.peers[:3])
    for n, value in enumerate((5, 4, 2)):
        _answer(login_as, hr_world, n, requests[hr_world.peers[n].id], value, comment=f"Remark from rater {n}")
    post(login_as(hr_world.users["hr"]), f"{url}/feedback/close", {}, "The feedback round is closed")
    section = _section(employee.get(url).text)
    assert "with 3 answers" in section and "Comments (unsigned, in random order)" in section
    assert all(f"Remark from rater {n}" in section for n in range(3))
    assert section.count("<td class=\"num\">3.7</td>") == 3  # (5 + 4 + 2) / 3 for each competency
    for peer in hr_world.peers:
        assert peer.last_name_en not in section
    # No row links a comment to its author any more: they live, unsigned, in the frozen results only.
    assert {r.comment for r in db.session.execute(select(FeedbackRequest)).scalars()} == {None}
    frozen = db.session.execute(select(FeedbackRound)).scalar_one().results
    assert sorted(frozen["comments"]) == [f"Remark from rater {n}" for n in range(3)]


def test_the_employee_never_sees_who_was_asked(hr_world, db, login_as):
    employee, manager = login_as(hr_world.users["employee"]), login_as(hr_world.users["manager"])
    appraisal = hr_world.appraisal()
    url = f"/hr/appraisals/{appraisal.id}"
    page = employee.get(url).text
    assert "Ask for feedback from" not in page and "Peer Number0" not in page  # no list to subtract from
    assert employee.post(f"{url}/feedback", data={"respondent": hr_world.peers[0].id}).status_code == 403
    assert "Ask for feedback from" in manager.get(url).text

    requests = _ask(hr_world, manager, url, hr_world.peers[:3])
    for n in range(3):
        _answer(login_as, hr_world, n, requests[hr_world.peers[n].id], 4)
    manager_page = manager.get(url).text
    assert "Asked (not shown to the employee)" in manager_page and "Peer Number0" in manager_page
    post(manager, f"{url}/feedback/close", {}, "The feedback round is closed")

    names = [p.last_name_en for p in hr_world.peers]
    page = employee.get(url).text
    assert not any(name in page for name in names)
    assert "Feedback requested" not in page.split("<h2>History</h2>")[1]  # not even how many, nor when
    for export in (f"/hr/development/people/{hr_world.person.id}/record.csv",
                   f"/hr/development/people/{hr_world.person.id}/record.xlsx"):
        response = employee.get(export)
        assert response.status_code == 200
        assert not any(name.encode() in response.data for name in names)
    assert employee.post(f"{url}/feedback/close").status_code == 403


def _to_self_assessed(hr_world, login_as, url):
    employee, manager = login_as(hr_world.users["employee"]), login_as(hr_world.users["manager"])
    objectives = {"version": hr_world.appraisal().version}
    for n, (title, weight) in enumerate([("Budget plan", 50), ("Faster answers", 30), ("Open data", 20)]):
        objectives |= {f"rows-{n}-title": title, f"rows-{n}-measure": "by December", f"rows-{n}-weight": weight}
    post(employee, f"{url}/objectives", objectives, "Objectives saved")
    post(employee, f"{url}/agree", {"version": hr_world.appraisal().version})
    post(manager, f"{url}/agree", {"version": hr_world.appraisal().version})
    post(employee, f"{url}/self-assessment", ratings(hr_world.appraisal(), [5, 4, 5], [5, 5, 4]),
         "Self-assessment submitted")
    return manager


def test_the_manager_is_warned_before_submitting_while_a_round_is_open(hr_world, db, login_as):
    url = f"/hr/appraisals/{hr_world.appraisal().id}"
    manager = _to_self_assessed(hr_world, login_as, url)
    requests = _ask(hr_world, manager, url, hr_world.peers[:4])
    for n in range(3):
        _answer(login_as, hr_world, n, requests[hr_world.peers[n].id], 4)
    page = manager.get(url).text
    assert "Feedback from colleagues is still open until" in page and 'name="close_feedback"' in page

    assessment = ratings(hr_world.appraisal(), [4, 3, 5], [5, 4, 3])
    page = post(manager, f"{url}/assessment", assessment, "Tick the box to submit now")
    assert hr_world.appraisal().state == "self_assessed"
    post(manager, f"{url}/assessment", ratings(hr_world.appraisal(), [4, 3, 5], [5, 4, 3]) | {"close_feedback": "y"},
         "Assessment submitted for calibration")
    feedback_round = db.session.execute(select(FeedbackRound)).scalar_one()
    assert feedback_round.closed_at is not None and feedback_round.answered == 3
    assert feedback_round.results["overall"] == 4.0
    _answer(login_as, hr_world, 3, requests[hr_world.peers[3].id], 1, expect="Answers are no longer accepted")


def test_the_questionnaire_has_the_scale_anchors_and_needs_every_answer(hr_world, db, login_as):
    manager = login_as(hr_world.users["manager"])
    url = f"/hr/appraisals/{hr_world.appraisal().id}"
    requests = _ask(hr_world, manager, url, hr_world.peers[:1])
    peer = login_as(hr_world.users["peer0"])
    form = peer.get(f"/hr/feedback/{requests[hr_world.peers[0].id]}").text
    assert "1 – Rarely shows this" in form and "5 – A model for others in this" in form
    assert form.count("<select") == 3 and "Shown without your name" in form
    post(peer, f"/hr/feedback/{requests[hr_world.peers[0].id]}", {"comment": "Only a comment"}, "Answer this question")
    assert db.session.get(FeedbackRequest, requests[hr_world.peers[0].id]).answered_at is None


def test_the_refusal_after_closing_is_in_georgian_too(hr_world, db, login_as):
    manager = login_as(hr_world.users["manager"])
    url = f"/hr/appraisals/{hr_world.appraisal().id}"
    requests = _ask(hr_world, manager, url, hr_world.peers[:1])
    _pass_closing_date()
    peer = login_as(hr_world.users["peer0"])
    with peer.session_transaction() as session:
        session["lang"] = "ka"
    criteria = hr_world.appraisal().cycle.template.section("competencies").criteria
    page = peer.post(f"/hr/feedback/{requests[hr_world.peers[0].id]}",
                     data={f"q_{c.id}": "3" for c in criteria}, follow_redirects=True).text
    assert "უკუკავშირის რაუნდი დაიხურა" in page


def test_rounds_past_their_date_are_closed_by_the_daily_command(app, hr_world, db, login_as):
    manager = login_as(hr_world.users["manager"])
    url = f"/hr/appraisals/{hr_world.appraisal().id}"
    requests = _ask(hr_world, manager, url, hr_world.peers[:3])
    for n in range(3):
        _answer(login_as, hr_world, n, requests[hr_world.peers[n].id], 2)
    later = (date.today() + timedelta(days=60)).isoformat()
    result = app.test_cli_runner().invoke(args=["hr", "remind", "--today", later])
    assert "1 feedback rounds closed on their date." in result.output
    db.session.expire_all()
    assert db.session.execute(select(FeedbackRound)).scalar_one().results["overall"] == 2.0


def test_existing_feedback_requests_become_a_round_when_the_database_is_upgraded(tmp_path):
    """Requests written before rounds existed: each appraisal's become one round; a past one is closed and frozen."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from app import create_app
    from hrms.models import Appraisal
    from tests.conftest import TEST_CONFIG
    from tests.factories import Factory

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"})
    with app.app_context():
        upgrade(revision="head")
        factory = Factory()
        unit = factory.unit("MOF")
        boss = factory.employee(unit)
        staff = [factory.employee(unit, manager=boss) for _ in range(5)]
        cycle = factory.hr_cycle(unit)
        _db.session.commit()
        appraisals = {a.employee_id: a.id for a in _db.session.execute(select(Appraisal)).scalars()}
        live, past = appraisals[staff[0].id], appraisals[staff[1].id]
        respondents, due = [e.id for e in staff[2:]], cycle.manager_assessment_due
        _db.session.remove()
        downgrade(revision="audit_0001")  # the schema as it was, with the appraisals kept
        with _db.engine.begin() as conn:
            conn.execute(text(f"UPDATE hr_appraisal SET state = 'released' WHERE id = {past}"))
            for appraisal_id in (live, past):
                for n, (respondent, rating) in enumerate(zip(respondents, (4, 3, 2), strict=True)):
                    answered = "'2026-03-01 10:00:00.000000'" if appraisal_id == past or n == 0 else "NULL"
                    conn.execute(text(
                        "INSERT INTO hr_feedback_request (appraisal_id, respondent_id, relation, created_at, "
                        f"answered_at, rating) VALUES ({appraisal_id}, {respondent}, 'peer', "
                        f"'2026-02-01 10:00:00.000000', {answered}, {rating if answered != 'NULL' else 'NULL'})"))
        upgrade(revision="head")
        rounds = {r.appraisal_id: r for r in _db.session.execute(select(FeedbackRound)).scalars()}
        assert set(rounds) == {live, past}
        assert rounds[live].closed_at is None and rounds[live].closes_on == due
        assert rounds[past].closed_at is not None and rounds[past].answered == 3
        assert rounds[past].results["overall"] == 3.0
        requests = _db.session.execute(select(FeedbackRequest)).scalars().all()
        assert len(requests) == 6 and all(r.round_id == rounds[r.appraisal_id].id for r in requests)
        _db.session.remove()
        _db.engine.dispose()
