"""``flask hr remind``: before each phase deadline, to the people who still have to act, once each."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from common.models import Notification
from hrms.operations import workflow


def remind(app, today=None):
    args = ["hr", "remind"] + (["--today", today.isoformat()] if today else [])
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    return result.output


def test_reminders_reach_the_smtp_server_once_per_person_per_phase(app, hr_world, db, smtp_server):
    hr_world.cycle.objectives_due = date.today() + timedelta(days=5)  # within a week: time to remind
    workflow.save_objectives(hr_world.appraisal(hr_world.peers[0]), [workflow.ObjectiveInput("Plan", 100)],
                             actor=hr_world.users["peer0"], version=None)
    workflow.agree_objectives(hr_world.appraisal(hr_world.peers[0]), actor=hr_world.users["peer0"], version=None)
    db.session.commit()

    output = remind(app)
    assert "reminders sent" in output
    employee_mail = smtp_server.to("nino@mof.gov.ge")
    assert len(employee_mail) == 1 and "Please agree your objectives" in employee_mail[0].get_content()
    assert smtp_server.to("peer0@mof.gov.ge") == []  # already agreed: nothing to do
    # The head of division: ONE message for her own objectives and (naming every report, not once per report)
    # those of her reports as evaluator.
    manager_mail = [m.get_content() for m in smtp_server.to("tamar@mof.gov.ge")]
    assert len(manager_mail) == 1, manager_mail
    body = manager_mail[0]
    assert "What you need to do:" in body and "Please agree your objectives" in body
    assert "Please agree the objectives of" in body
    assert "Nino Gelashvili" in body and "Peer Number0" in body and "/hr/team" in body
    assert len(smtp_server.to("giorgi@mof.gov.ge")) == 1  # his own objectives and the head of division's, together
    recipients = [m["To"] for m in smtp_server.messages]
    assert len(recipients) == len(set(recipients))  # nobody twice
    sent = len(smtp_server.messages)

    remind(app)
    remind(app)
    assert len(smtp_server.messages) == sent  # running it again sends nothing twice
    notes = db.session.execute(select(Notification).where(
        Notification.user_id == hr_world.users["employee"].id)).scalars().all()
    assert len(notes) == 1 and notes[0].link.startswith("/hr/appraisals/")

    # The next phase is a new reminder: the self-assessment, once the objectives are agreed.
    appraisal = hr_world.appraisal()
    appraisal.state = "objectives_agreed"
    db.session.commit()
    remind(app, today=hr_world.cycle.self_assessment_due - timedelta(days=3))
    assert len(smtp_server.to("nino@mof.gov.ge")) == 2
    assert "self-assessment" in smtp_server.to("nino@mof.gov.ge")[-1].get_content()


def test_nothing_is_sent_long_before_a_deadline(app, hr_world, db, smtp_server):
    hr_world.cycle.objectives_due = date.today() + timedelta(days=30)
    db.session.commit()
    assert "0 reminders sent" in remind(app)
    assert smtp_server.messages == []


def test_an_evaluator_gets_one_message_in_her_language_and_later_only_what_is_new(app, hr_world, db, smtp_server):
    """Her own objectives reminded of from the page (only her appraisal); the cron run then sends her one message,
    in Georgian, with the task she was not reminded of: her reports' objectives, not her own again."""
    from hrms.models import Appraisal
    from hrms.operations.reminders import send_cycle_reminders

    hr_world.cycle.objectives_due = date.today() + timedelta(days=5)
    hr_world.users["manager"].locale = "ka"
    db.session.commit()
    own = select(Appraisal.id).where(Appraisal.employee_id == hr_world.boss.id)
    sent = send_cycle_reminders(hr_world.cycle, actor=hr_world.users["hr"], only=own)[0]
    assert sent == 2  # her, and Giorgi as her evaluator
    first = [m.get_content() for m in smtp_server.to("tamar@mof.gov.ge")]
    assert len(first) == 1 and "გთხოვთ, შეათანხმოთ თქვენი ამოცანები" in first[0]
    assert hr_world.person.last_name_ka not in first[0]

    remind(app)
    mail = smtp_server.to("tamar@mof.gov.ge")
    assert len(mail) == 2
    later = mail[1].get_content()
    assert "შეფასება: საჭიროა მოქმედება" in mail[1]["Subject"]
    assert "გთხოვთ, შეათანხმოთ ამოცანები" in later and hr_world.person.last_name_ka in later  # names in Georgian
    assert "თქვენი ამოცანები" not in later  # her own objectives: reminded of before, not again
    recipients = [m["To"] for m in smtp_server.messages]
    assert recipients.count("nino@mof.gov.ge") == 1
    giorgi = [m.get_content() for m in smtp_server.to("giorgi@mof.gov.ge")]
    assert len(giorgi) == 2 and "Tamar Beridze" in giorgi[0] and "Tamar Beridze" not in giorgi[1]  # his, in English
