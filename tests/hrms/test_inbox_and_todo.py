"""Issue 17, item 2: the inbox with its unread count in the header, and the home page's "what waits for you"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hrms.models import AGREED, Appeal
from learning.operations.enrolment import assign
from tests.hrms.test_outcomes import EXCELLENT, assess
from tests.learning.helpers import make_course


def _released(hr_world, db):
    hr_world.cycle.unused_sections = ["objectives"]
    db.session.commit()
    appraisal = assess(hr_world, hr_world.person, EXCELLENT, release=True)
    db.session.commit()
    return appraisal


def test_a_release_reaches_the_inbox_and_reading_it_lowers_the_count(hr_world, db, login_as):
    appraisal = _released(hr_world, db)
    employee = login_as(hr_world.users["employee"])
    home = employee.get("/").text
    assert '<span class="tag" id="unread-count">1</span>' in home
    inbox = employee.get("/inbox/").text
    assert "Your appraisal has been released" in inbox and "1 unread notification" in inbox
    note_id = int(re.search(r"/inbox/(\d+)/read", inbox).group(1))

    # Somebody else can neither open nor mark it.
    assert login_as(hr_world.users["peer0"]).post(f"/inbox/{note_id}/read", data={"open": "1"}).status_code == 403
    opened = employee.post(f"/inbox/{note_id}/read", data={"open": "1"})
    assert opened.status_code == 302 and opened.headers["Location"] == f"/hr/appraisals/{appraisal.id}"
    after = employee.get("/inbox/").text
    assert 'id="unread-count"' not in after and "0 unread notifications" in after
    assert "Your appraisal has been released" in after  # still listed, no longer new


def test_mark_all_read(hr_world, db, login_as):
    _released(hr_world, db)
    from common.notifications import notify

    notify(hr_world.users["employee"], "Second", "Another message")
    db.session.commit()
    employee = login_as(hr_world.users["employee"])
    assert "2 unread notifications" in employee.get("/inbox/").text
    employee.post("/inbox/read-all")
    assert "0 unread notifications" in employee.get("/inbox/").text


def test_the_home_page_lists_what_waits_for_each_role_with_deadlines(hr_world, db, login_as):
    cycle = hr_world.cycle
    employee = login_as(hr_world.users["employee"])
    page = employee.get("/").text
    assert "What waits for you" in page and "Agree your objectives (Annual appraisal)" in page
    assert str(cycle.objectives_due) in page

    manager = login_as(hr_world.users["manager"]).get("/").text
    assert "Agree the objectives of 5 people you evaluate" in manager and "Agree your objectives" in manager
    assert "Nino Gelashvili" not in manager  # counted, not named: the home page shows nobody's data

    hr_world.appraisal(hr_world.peers[0]).state = AGREED
    course = make_course()
    assign(hr_world.peers[0], course, date.today() + timedelta(days=9), actor=None)
    db.session.commit()
    peer = login_as(hr_world.users["peer0"]).get("/").text
    assert "Submit your self-assessment (Annual appraisal)" in peer and str(cycle.self_assessment_due) in peer
    assert "Complete the course Cyber hygiene basics" in peer and str(date.today() + timedelta(days=9)) in peer

    appraisal = _released(hr_world, db)
    db.session.add(Appeal(appraisal_id=appraisal.id, reason="No", decision_due=date.today() - timedelta(days=1)))
    db.session.commit()
    assess(hr_world, hr_world.peers[1], EXCELLENT)  # calibrated, waiting for HR
    db.session.commit()
    hr = login_as(hr_world.users["hr"]).get("/").text
    assert "Decide 1 open appeal" in hr and "Overdue" in hr
    assert "Calibrate and release 1 appraisal (Annual appraisal)" in hr and str(cycle.release_due) in hr
    nino = login_as(hr_world.users["employee"]).get("/").text
    assert "Acknowledge your appraisal or appeal (Annual appraisal)" in nino
    assert str(appraisal.released_at.date() + timedelta(days=cycle.appeal_days)) in nino  # the last day to appeal
    assert "Nothing waits for you." in login_as(hr_world.users["hr_out"]).get("/").text


def test_the_new_pages_speak_georgian(hr_world, db, login_as):
    """Issue 17's lists, inbox, to-do and bulk-action pages have no English left once Georgian is chosen."""
    _released(hr_world, db)
    english = ("Appraisals of the cycle", "Without an evaluator", "Download CSV", "What waits for you", "Inbox",
               "Release the calibrated ratings", "Cancel the cycle", "Reason for cancelling", "Send reminders",
               "Mark as read", "Final score", "appraisals match", "Agree the objectives", "No calibrated appraisal")
    cycle = hr_world.cycle.id
    for user, urls in ((hr_world.users["hr"], [f"/hr/cycles/{cycle}", f"/hr/cycles/{cycle}/appraisals",
                                               f"/hr/cycles/{cycle}/release/confirm", f"/hr/cycles/{cycle}/cancel",
                                               f"/hr/people/{hr_world.person.id}/appraisals", "/"]),
                       (hr_world.users["manager"], ["/", "/inbox/"]), (hr_world.users["employee"], ["/", "/inbox/"])):
        client = login_as(user)
        client.post("/auth/language", data={"lang": "ka"})
        for url in urls:
            page = client.get(url).text
            assert 'lang="ka"' in page, url
            left = [text for text in english if text in page]
            assert not left, (url, left)


def _ask_of(hr_world, db, colleague):
    """Give ``colleague`` one of each thing others ask of them, plus what they may not count (a recorded interim)."""
    from common.models.base import utcnow
    from hrms.models import FeedbackRequest, FeedbackRound, InterimAssessment

    person, peer1, peer2 = (hr_world.appraisal(e) for e in (hr_world.person, hr_world.peers[1], hr_world.peers[2]))
    feedback_round = FeedbackRound(appraisal_id=person.id, closes_on=date.today() + timedelta(days=5))
    db.session.add(feedback_round)
    db.session.flush()
    asked = FeedbackRequest(appraisal_id=person.id, round_id=feedback_round.id, respondent_id=colleague.id,
                            relation="peer")
    db.session.add_all([
        asked, Appeal(appraisal_id=peer1.id, reason="No", decision_due=date.today() + timedelta(days=7),
                      reviewer_id=colleague.id),
        InterimAssessment(appraisal_id=peer2.id, evaluator_id=colleague.id, reason="manager_change"),
        InterimAssessment(appraisal_id=person.id, evaluator_id=colleague.id, reason="position_change",
                          recorded_at=utcnow(), label="good"),
    ])
    db.session.commit()
    return asked, peer1, peer2


def test_what_colleagues_ask_shows_on_the_home_page_in_a_fixed_number_of_statements(hr_world, db, login_as,
                                                                                   count_queries):
    """Issue 20: feedback asked, appeals to review and interim assessments to record are counted in one statement,
    and the whole to-do list costs the same for a busy colleague as for an idle one."""
    peer = hr_world.peers[0]
    asked, appealed, interim = _ask_of(hr_world, db, peer)
    assign(peer, make_course(), date.today() + timedelta(days=9), actor=None)
    db.session.commit()
    busy, idle = login_as(hr_world.users["peer0"]), login_as(hr_world.users["other_manager"])
    busy.get("/"), idle.get("/")  # the first page of a session writes its CSRF secret

    with count_queries() as busy_count:
        page = busy.get("/").text
    with count_queries() as idle_count:
        idle_page = idle.get("/").text
    assert "Nothing waits for you." in idle_page

    assert f'<a href="/hr/feedback/{asked.id}">Give the feedback 1 colleague asked you for</a>' in page
    assert str(date.today() + timedelta(days=5)) in page
    assert f'<a href="/hr/appraisals/{appealed.id}">Review 1 appeal</a>' in page
    assert str(date.today() + timedelta(days=7)) in page
    # The recorded interim assessment is not counted: one to record, linked to its appraisal.
    assert f'<a href="/hr/appraisals/{interim.id}#interim">Record 1 interim assessment</a>' in page
    assert "Agree your objectives (Annual appraisal)" in page and "Complete the course" in page

    assert busy_count.count == idle_count.count <= 9, busy_count.statements
    # The person's own lines (appraisals, people evaluated, what colleagues ask, courses due) are one statement.
    assert len([s for s in busy_count.statements if "hr_appraisal" in s]) == 1, busy_count.statements
