"""``flask audit verify`` (the chain, for an operator or cron) and ``flask db-roles`` (the runtime role's grants)."""

from __future__ import annotations

import re
import sys

import click
from flask.cli import AppGroup

audit_cli = AppGroup("audit", help="Check the audit log's hash chain.")

AUDIT_TABLES = ("audit_event", "audit_anchor", "audit_subject")
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _parse_expect(value: str | None) -> tuple[int, str] | None:
    if not value:
        return None
    count, _, digest = value.partition(":")
    if not count.isdigit() or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise click.BadParameter("give COUNT:HASH as printed by an earlier run", param_hint="--expect")
    return int(count), digest


@audit_cli.command("verify")
@click.option("--expect", help="COUNT:HASH of a head printed by an earlier run, kept outside the database.")
@click.option("--no-anchor", is_flag=True, help="Do not record the verified head as an anchor.")
def verify(expect: str | None, no_anchor: bool) -> None:
    """Check the whole chain; exit 1 naming the first broken entry, else print the head and anchor it.

    Run it from cron (daily, say) and keep the printed ``COUNT:HASH`` line somewhere the database's
    owner cannot reach: passing it back with ``--expect`` catches even a log rewritten with its anchors.
    """
    from common.auditlog.integrity import verify_chain, write_anchor
    from common.extensions import db

    report = verify_chain(db.session, _parse_expect(expect))
    if not report.ok:
        click.echo(f"Audit log BROKEN at entry #{report.broken_seq}: {report.problem}", err=True)
        click.echo(f"The chain is intact up to entry #{report.count} (head {report.head_hash}).", err=True)
        sys.exit(1)
    if not no_anchor:
        write_anchor(db.session, "verify")
        db.session.commit()
    when = report.head_at.isoformat(sep=" ", timespec="seconds") if report.head_at else "-"
    click.echo(f"Audit log intact: {report.count} entries, head {report.head_hash} written at {when} UTC.")
    click.echo(f"Keep this line: {report.count}:{report.head_hash}")


def runtime_role_grants(role: str) -> list[str]:
    """The SQL giving ``role`` what the application needs, and on the audit tables INSERT and SELECT only.

    The role must not own the tables (an owner may disable their triggers) nor be a member of the
    owner's role; the owner runs the migrations and then this, after every upgrade (new tables).
    """
    if not _ROLE.match(role):
        raise click.BadParameter("a role name is lower-case letters, digits and underscores", param_hint="ROLE")
    audit = ", ".join(AUDIT_TABLES)
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE ALL ON {audit} FROM {role}",
        f"GRANT SELECT, INSERT ON {audit} TO {role}",
        f"REVOKE ALL ON alembic_version FROM {role}",
        f"GRANT SELECT ON alembic_version TO {role}",
    ]


@click.command("db-roles")
@click.argument("role")
@click.option("--print-only", is_flag=True, help="Print the SQL instead of running it.")
def db_roles(role: str, print_only: bool) -> None:
    """Grant the runtime database ROLE its privileges (PostgreSQL; run as the owner after each upgrade)."""
    from sqlalchemy import text

    from common.extensions import db

    statements = runtime_role_grants(role)
    if print_only:
        click.echo(";\n".join(statements) + ";")
        return
    if db.engine.dialect.name != "postgresql":
        raise click.ClickException("Database roles exist on PostgreSQL only; SQLite has no roles.")
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    click.echo(f"Granted {role} the runtime privileges; on {', '.join(AUDIT_TABLES)} SELECT and INSERT only.")
