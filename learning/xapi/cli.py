"""``flask xapi clients ...``: issue, list and revoke the credentials clients of the LRS authenticate with."""

from __future__ import annotations

import click
from flask.cli import AppGroup

xapi_cli = AppGroup("xapi", help="The xAPI learning record store at /xapi/.")
clients = AppGroup("clients", help="Credentials of the LRS's clients (HTTP Basic).")
xapi_cli.add_command(clients)


@clients.command("create")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, default=("statements/write", "statements/read/mine", "state"),
              show_default=True, help="A scope of xAPI 1.0.3 (repeat for several): statements/write, "
              "statements/read/mine, statements/read, state, define, profile, all/read, all.")
@click.option("--unit", "unit_code", default=None, help="Code of the org unit whose people's statements this "
              "credential may read (with its subtree); none: everyone.")
def create_command(name: str, scopes: tuple[str, ...], unit_code: str | None) -> None:
    """Issue a credential; its secret is printed once and only its hash is kept."""
    from sqlalchemy import select

    from common.extensions import db
    from common.models.directory import OrgUnit
    from learning.xapi.auth import create_client

    unit_id = None
    if unit_code:
        unit_id = db.session.execute(select(OrgUnit.id).where(OrgUnit.code == unit_code)).scalar()
        if unit_id is None:
            raise click.BadParameter(f"no org unit with code {unit_code}", param_hint="--unit")
    try:
        client, secret = create_client(name, list(scopes), org_unit_id=unit_id)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--scope") from error
    db.session.commit()
    click.echo(f"key:    {client.key}\nsecret: {secret}\nscopes: {' '.join(client.scopes)}")
    click.echo("Clients send them as HTTP Basic (key:secret). The secret is not shown again.")


@clients.command("list")
def list_command() -> None:
    """The credentials issued, with their scopes (never their secrets)."""
    from common.extensions import db
    from learning.xapi.models import XapiClient

    for client in db.session.query(XapiClient).order_by(XapiClient.id):
        state = "active" if client.active else "revoked"
        click.echo(f"{client.key}  {state:7}  {client.name}  {' '.join(client.scopes)}")


@clients.command("revoke")
@click.argument("key")
def revoke_command(key: str) -> None:
    """Switch a credential off (its statements stay)."""
    from common.extensions import db
    from learning.xapi.auth import client_by_key, revoke_client

    client = client_by_key(key)
    if client is None:
        raise click.BadParameter(f"no credential {key}", param_hint="KEY")
    revoke_client(client)
    db.session.commit()
    click.echo(f"{key} revoked.")
