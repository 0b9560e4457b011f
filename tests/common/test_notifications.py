"""Reminders: e-mail to a real local SMTP server and in the app, never twice for the same event."""

from __future__ import annotations

from sqlalchemy import select

from common.models import AuditEvent, Notification, SentReminder
from common.notifications import Reminder, remind


def test_a_reminder_is_sent_once_by_mail_and_in_the_app(factory, db, smtp_server):
    user = factory.user(email="nino@test.gov.ge")
    reminder = Reminder(key="test:1:due", user=user, subject="Self-assessment due", body="Please submit it.")
    assert remind([reminder], module="hrms") == (1, [])
    assert remind([reminder], module="hrms") == (0, [])

    messages = smtp_server.to("nino@test.gov.ge")
    assert len(messages) == 1 and messages[0]["Subject"] == "Self-assessment due"
    assert "Please submit it." in messages[0].get_content()
    notes = db.session.execute(select(Notification).where(Notification.user_id == user.id)).scalars().all()
    assert [n.subject for n in notes] == ["Self-assessment due"]
    assert db.session.execute(select(AuditEvent).where(AuditEvent.action == "reminder_sent")).scalar_one()


def test_a_failed_send_is_reported_and_retried_next_time(app, factory, db, smtp_server):
    user = factory.user(email="giorgi@test.gov.ge")
    reminder = Reminder(key="test:2:due", user=user, subject="Due", body="Body")
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 1  # nothing listens there
    sent, failures = remind([reminder], module="hrms")
    assert sent == 0 and failures and "giorgi@test.gov.ge" in failures[0]
    assert not db.session.execute(select(SentReminder)).first()

    app.config["MAIL_PORT"] = port
    assert remind([reminder], module="hrms") == (1, [])
    assert len(smtp_server.to("giorgi@test.gov.ge")) == 1
