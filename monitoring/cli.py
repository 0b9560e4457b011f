"""``flask monitoring rebuild-queue``: the approval queue's groups recounted after writes that bypassed the session."""

from __future__ import annotations

import click
from flask.cli import AppGroup

monitoring_cli = AppGroup("monitoring", help="M&E: the summary of groups awaiting approval.")


@monitoring_cli.command("rebuild-queue")
def rebuild_queue_command() -> None:
    """Recount the groups of submitted values from the values (after raw SQL, COPY or a restore)."""
    from common.extensions import db
    from common.i18n import gettext as _
    from monitoring.submitted import rebuild

    rebuild(db.session.connection())
    db.session.commit()
    click.echo(_("Approval queue groups recounted."))
