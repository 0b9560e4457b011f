"""``flask`` commands: demo data, staff import, user administration."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

users_cli = AppGroup("users", help="Create accounts and grant roles.")


@users_cli.command("create")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--personal-number", help="Link the account to this employee.")
@click.option("--temporary", is_flag=True, help="The owner must choose their own password at the first sign-in.")
def create_user(email: str, password: str, personal_number: str | None, temporary: bool) -> None:
    """Create an account."""
    from common.extensions import db
    from common.users import operations as ops

    try:
        user = ops.create_user(email, password, personal_number=personal_number, temporary=temporary)
    except ops.OperationError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.email}")


@users_cli.command("grant")
@click.argument("email")
@click.argument("role")
@click.option("--unit", "unit_code", help="Org unit code of the scope (omit for government-wide).")
def grant(email: str, role: str, unit_code: str | None) -> None:
    """Grant ROLE to the account EMAIL, scoped to an org unit and its subtree."""
    from common.extensions import db
    from common.users import operations as ops

    try:
        ops.grant_role_by_codes(email, role, unit_code)
    except ops.OperationError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Granted {role} to {email}" + (f" in {unit_code}" if unit_code else ""))


def register_commands(app: Flask) -> None:
    from common.api.cli import api_cli
    from common.auditlog.cli import audit_cli, db_roles
    from common.demo import demo_command
    from common.directory.cli import staff_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(staff_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(audit_cli)
    app.cli.add_command(db_roles)
    app.cli.add_command(api_cli)
