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
    # The head of division: once for her own objectives, once (naming every report, not once per report) as manager.
    manager_mail = [m.get_content() for m in smtp_server.to("tamar@mof.gov.ge")]
    assert len(manager_mail) == 2 and "Please agree your objectives" in manager_mail[0]
    body = manager_mail[1]
    assert "Nino Gelashvili" in body and "Peer Number0" in body and "/hr/team" in body
    assert len(smtp_server.to("giorgi@mof.gov.ge")) == 2  # his own objectives, and the head of division's
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
