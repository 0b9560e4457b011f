"""Times shown in the suite's zone, named: a quiz states its deadline in Tbilisi time (UTC+4) without JavaScript,
and carries the exact deadline for the countdown script; ``SUITE_TIMEZONE`` changes the zone."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from common.timezone import local_date, localtime
from learning import operations as ops
from learning.models import Attempt
from tests.learning.helpers import make_course, quiz_of


def test_the_filter_shows_tbilisi_time_and_names_the_zone(app):
    assert localtime(datetime(2026, 12, 5, 14, 22)) == "2026-12-05 18:22 Tbilisi time (UTC+4)"
    assert localtime(datetime(2026, 12, 5, 22, 30), "%H:%M") == "02:30 Tbilisi time (UTC+4)"
    assert localtime(None) == ""
    assert local_date(datetime(2026, 12, 5, 21, 30)) == "2026-12-06"  # already the next day in Tbilisi
    app.config["SUITE_TIMEZONE"] = "UTC"
    try:
        assert localtime(datetime(2026, 12, 5, 14, 22)) == "2026-12-05 14:22 UTC+0"
        app.config["SUITE_TIMEZONE"] = "Europe/Berlin"
        assert localtime(datetime(2026, 7, 1, 10, 0), "%H:%M") == "12:00 Europe/Berlin (UTC+2)"
    finally:
        app.config["SUITE_TIMEZONE"] = "Asia/Tbilisi"


@pytest.fixture()
def quiz_attempt(factory, db, login_as):
    learner = factory.user(employee=factory.employee(factory.unit("MOF")))
    course = make_course(quiz={"quiz_minutes": 20})
    ops.enrol(learner.employee, course)
    db.session.commit()
    client = login_as(learner)
    location = client.post(f"/learn/quizzes/{quiz_of(course).id}/attempts").headers["Location"]
    attempt = db.session.execute(select(Attempt)).scalar_one()
    attempt.deadline_at = datetime(2026, 12, 5, 14, 22)
    attempt.started_at = attempt.deadline_at - timedelta(minutes=20)
    db.session.commit()
    return client, location


def test_a_quiz_shows_its_deadline_in_tbilisi_time_named_and_a_countdown(quiz_attempt):
    client, location = quiz_attempt
    page = client.get(location).get_data(as_text=True)
    assert "Submit by 18:22 Tbilisi time (UTC+4) (20 minutes from the start)." in page
    shown = page.replace('data-deadline="2026-12-05T14:22:00+00:00"', "")
    assert "14:22" not in shown and " UTC " not in shown
    assert 'data-deadline="2026-12-05T14:22:00+00:00"' in page and "js/countdown.js" in page
    assert 'id="quiz-countdown"' in page and "hidden" in page.split('id="quiz-countdown"', 1)[1].split(">", 1)[0]


def test_the_georgian_quiz_page_names_the_zone_in_georgian(quiz_attempt):
    client, location = quiz_attempt
    with client.session_transaction() as session:
        session["lang"] = "ka"
    page = client.get(location).get_data(as_text=True)
    assert "18:22 თბილისის დრო (UTC+4)" in page
