"""``flask learning ...``: the daily jobs of the e-learning module (cron them; both are safe to run twice)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

learning_cli = AppGroup("learning", help="E-learning: mandatory-training sync and reminders.")


@learning_cli.command("sync")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Run as if on this date (default: today).")
def sync_command(today: object) -> None:
    """Create and renew the assignments that mandatory-training rules ask for."""
    from common.extensions import db
    from learning.models import Rule
    from learning.operations.rules import sync_rules

    day = today.date() if today else None  # type: ignore[attr-defined]
    rules = db.session.query(Rule).filter(Rule.active.is_(True)).count()
    with click.progressbar(length=max(rules, 1), label="Mandatory rules") as bar:
        result = sync_rules(today=day, progress=bar.update)
    db.session.commit()
    click.echo(f"{result.assigned} assigned, {result.renewed} renewed after expiry, "
               f"{result.adopted} existing enrolments brought under a rule.")


@learning_cli.command("remind")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Run as if on this date (default: today).")
def remind_command(today: object) -> None:
    """E-mail reminders before due dates and before certificates expire (never twice for the same event)."""
    from learning.operations.reminders import send_reminders

    day: date | None = today.date() if today else None  # type: ignore[attr-defined]
    sent, failures = send_reminders(day)
    for failure in failures:
        click.echo(f"not sent: {failure}", err=True)
    click.echo(f"{sent} reminders sent.")
    if failures:
        raise click.exceptions.Exit(1)
