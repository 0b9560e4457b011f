"""``flask staff ...``: the command-line side of the staff directory.

``flask staff import FILE`` runs as the system: no capability or scope limit, for the initial load
of a whole civil service. It checks the whole file first and commits only if every row is good.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from common.i18n import gettext as _

staff_cli = AppGroup("staff", help="Staff directory: import org units, positions and employees.")


class _ProgressBars:
    """Turns the import's ``progress(stage, done, total)`` calls into one click progress bar per stage."""

    def __init__(self) -> None:
        self.stage: str | None = None
        self.bar: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            labels = {"check": _("Checking rows"), "write": _("Writing")}
            self.stage, self.bar = stage, click.progressbar(length=max(total, 1), label=labels.get(stage, stage))
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
        self.stage, self.bar = None, None


@staff_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(["employees", "units", "positions"]),
              help="What the file holds (by default: told from the column names).")
@click.option("--dry-run", is_flag=True, help="Check the file and report, but write nothing.")
def import_command(file: Path, kind: str | None, dry_run: bool) -> None:
    """Import org units, positions or employees from FILE (CSV or XLSX), all or nothing."""
    # No request here, so the request's locale selector cannot run: messages use the default language.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        _import(file, kind, dry_run)


def _import(file: Path, kind: str | None, dry_run: bool) -> None:
    from common.directory.operations import import_directory_file
    from common.extensions import db

    bars = _ProgressBars()
    try:
        result = import_directory_file(file.read_bytes(), file.name, kind=kind, dry_run=dry_run, progress=bars)
    finally:
        bars.close()
    if result.rejected or dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    if result.problem is not None:
        click.echo(_("%(file)s was not imported: %(problem)s", file=result.filename, problem=result.problem), err=True)
        raise click.exceptions.Exit(1)
    if result.errors:
        for error in result.errors:
            click.echo(_("line %(line)d, %(column)s: %(reason)s", line=error.line, column=error.column,
                         reason=error.reason), err=True)
        click.echo(_("%(count)d of %(rows)d rows have problems; nothing was imported.",
                     count=len(result.bad_lines), rows=result.rows), err=True)
        raise click.exceptions.Exit(1)
    counts = _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.", created=result.created,
               updated=result.updated, unchanged=result.unchanged)
    if dry_run:
        click.echo(_("%(file)s (%(kind)s) has no problems; nothing was written (dry run). It would give: %(counts)s",
                     file=result.filename, kind=result.kind, counts=counts))
    else:
        click.echo(_("%(file)s (%(kind)s) imported: %(counts)s", file=result.filename, kind=result.kind,
                     counts=counts))


@staff_cli.command("rebuild-headcounts")
def rebuild_headcounts_command() -> None:
    """Recount the subtree headcounts of every org unit from the employees (after writes that bypass the ORM)."""
    from common.cache_events import note_write
    from common.directory import chart_cache
    from common.directory.headcounts import rebuild
    from common.extensions import db

    rebuild(db.session.connection())
    note_write(db.session, {chart_cache.NAMESPACE})  # the charts drawn with the old counts
    db.session.commit()
    click.echo(_("Headcounts rebuilt."))
