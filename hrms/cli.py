"""``flask hr remind``: reminders before each phase deadline, safe to run from cron as often as wanted;
``flask hr rebuild-counts``: the cycle overview's counts recomputed after writes that bypassed the session."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

hr_cli = AppGroup("hr", help="Performance appraisal: reminders, the summary of appraisal counts.")


@hr_cli.command("remind")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Pretend today is this date.")
def remind_command(today: object) -> None:
    """E-mail and notify everyone who still has to act before a phase deadline (each reminder once).

    Also closes the feedback rounds whose closing date has passed, freezing their results.
    """
    from common.extensions import db
    from common.notifications import remind
    from hrms.operations.feedback import close_due_rounds
    from hrms.operations.reminders import due_reminders

    day = today.date() if today is not None else date.today()  # type: ignore[attr-defined]
    closed = close_due_rounds(day)  # feedback rounds past their date: results frozen now
    db.session.commit()
    if closed:
        click.echo(f"{closed} feedback rounds closed on their date.")
    reminders = due_reminders(day)
    sent, failures = remind(reminders, module="hrms")
    db.session.commit()
    click.echo(f"{sent} reminders sent, {len(reminders) - sent - len(failures)} already sent before.")
    for failure in failures:
        click.echo(f"Not sent: {failure}", err=True)
    if failures:
        raise SystemExit(1)


@hr_cli.command("rebuild-counts")
def rebuild_counts_command() -> None:
    """Recount the appraisals per cycle, unit and state from the appraisals (after raw SQL, COPY or a restore)."""
    from common import cache
    from common.extensions import db
    from common.i18n import gettext as _
    from hrms.counts import NAMESPACE, rebuild

    rebuild(db.session.connection())
    db.session.commit()
    cache.bump(NAMESPACE)  # again once committed: nothing cached from the old counts meanwhile survives
    click.echo(_("Appraisal counts rebuilt."))
