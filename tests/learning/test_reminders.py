"""``flask learning remind``: e-mail before a due date and before a certificate expires, never twice."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from learning import operations as ops
from learning.dates import today
from learning.operations.progress import complete_enrolment
from tests.learning.helpers import make_course


def test_due_and_expiry_reminders_are_sent_once(app, factory, db, smtp_server):
    now = today()
    unit = factory.unit("MOF")
    due_soon = factory.user(employee=factory.employee(unit), email="due@test.gov.ge")
    later = factory.user(employee=factory.employee(unit), email="later@test.gov.ge")
    certified = factory.user(employee=factory.employee(unit), email="cert@test.gov.ge")
    due_soon.locale = "en"
    course = make_course(validity_months=12)
    ops.assign(due_soon.employee, course, now + timedelta(days=5), actor=None)
    ops.assign(later.employee, course, now + timedelta(days=60), actor=None)
    enrolment = ops.enrol(certified.employee, course)
    complete_enrolment(enrolment, now=datetime.combine(now - relativedelta(months=12) + timedelta(days=15), time(10)))
    expires = enrolment.expires_on
    db.session.commit()
    runner = app.test_cli_runner()

    first = runner.invoke(args=["learning", "remind", "--today", now.isoformat()])
    assert first.exit_code == 0, first.output
    assert "2 reminders sent" in first.output
    [due_mail] = smtp_server.to("due@test.gov.ge")
    assert due_mail["Subject"] == f"Training due on {(now + timedelta(days=5)).isoformat()}: Cyber hygiene basics"
    assert f"/learn/courses/{course.id}" in due_mail.get_content()
    [expiry_mail] = smtp_server.to("cert@test.gov.ge")
    assert expires.isoformat() in expiry_mail["Subject"]
    assert not smtp_server.to("later@test.gov.ge")

    again = runner.invoke(args=["learning", "remind", "--today", (now + timedelta(days=1)).isoformat()])
    assert "0 reminders sent" in again.output and len(smtp_server.messages) == 2
    ops.assign(due_soon.employee, course, now + timedelta(days=6), actor=None)  # a new due date is a new event
    db.session.commit()
    assert "1 reminders sent" in runner.invoke(args=["learning", "remind", "--today", now.isoformat()]).output
    assert len(smtp_server.to("due@test.gov.ge")) == 2
