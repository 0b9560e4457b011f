"""``flask api clients create|list|revoke``: service clients are made by an administrator at the console.

The secret is printed once (only its hash is kept); the client then gets tokens at ``/api/v1/oauth/token``.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

api_cli = AppGroup("api", help="The REST API: service clients.")
clients_cli = AppGroup("clients", help="Service clients (OAuth 2.0 client credentials).")
api_cli.add_command(clients_cli)


@clients_cli.command("create")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, required=True,
              help="A scope to grant (repeat): directory:read, hr:read, me:read, me:write, learning:read.")
@click.option("--unit", "unit_code", help="Org unit code limiting every scope to its subtree (omit: everywhere).")
def create(name: str, scopes: tuple[str, ...], unit_code: str | None) -> None:
    """Create the client NAME; prints its client id and secret (the secret only this once)."""
    from sqlalchemy import select

    from common.api.tokens import create_client
    from common.errors import OperationError
    from common.extensions import db
    from common.models import OrgUnit

    unit = None
    if unit_code:
        unit = db.session.execute(select(OrgUnit).where(OrgUnit.code == unit_code)).scalar_one_or_none()
        if unit is None:
            raise click.ClickException(f"No org unit has the code {unit_code}.")
    try:
        issued = create_client(name, [s for scope in scopes for s in scope.replace(",", " ").split()], unit)
    except OperationError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"client_id:     {issued.row.client_id}\nclient_secret: {issued.secret}\n"
               "Keep the secret now: it is not stored and cannot be shown again.")


@clients_cli.command("list")
def list_clients() -> None:
    """Every client: name, client id, scopes, unit, and whether it is revoked."""
    from sqlalchemy import select

    from common.extensions import db
    from common.models import ApiClient

    for client in db.session.execute(select(ApiClient).order_by(ApiClient.name)).scalars():
        state = f"revoked {client.revoked_at:%Y-%m-%d}" if client.revoked_at else "active"
        unit = client.org_unit.code if client.org_unit else "everywhere"
        click.echo(f"{client.name}\t{client.client_id}\t{client.scopes}\t{unit}\t{state}")


@clients_cli.command("revoke")
@click.argument("client_id")
def revoke(client_id: str) -> None:
    """Revoke the client CLIENT_ID and all its tokens, at once."""
    from sqlalchemy import select

    from common.api.tokens import revoke_client
    from common.extensions import db
    from common.models import ApiClient

    client = db.session.execute(select(ApiClient).where(ApiClient.client_id == client_id)).scalar_one_or_none()
    if client is None:
        raise click.ClickException(f"No client has the id {client_id}.")
    revoke_client(client)
    db.session.commit()
    click.echo(f"Revoked {client.name}")
