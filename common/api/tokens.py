"""Writes on tokens and service clients: create, revoke, each audited; the secret is shown once and never stored.

Personal access tokens (``suite_pat_...``) belong to a person, carry the scopes they chose (never more than their
roles allow: the route guard checks the person too) and end at their expiry date, on revocation, or as soon as the
account is deactivated. Service clients are created by an administrator on the command line
(``flask api clients create``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from common.api.auth import digest, new_secret
from common.audit import log_action
from common.auth.passwords import hash_password
from common.errors import ensure
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import ApiClient, ApiToken, OrgUnit, User
from common.models.base import utcnow
from common.permissions import valid_scopes

PAT_PREFIX = "suite_pat_"


@dataclass
class Issued:
    """A new token or client secret: ``secret`` is shown to its owner this once."""

    row: Any
    secret: str


def create_personal_token(user: User, name: str, scopes: list[str], days: int, *, max_days: int) -> Issued:
    name = name.strip()
    ensure(bool(name) and len(name) <= 100, _l("Give the token a name of at most 100 characters."), field="name")
    ensure(bool(scopes) and valid_scopes(scopes), _l("Choose at least one scope."), field="scopes")
    ensure(1 <= days <= max_days, _l("A token lives between 1 and %(days)s days.", days=max_days), field="days")
    value = new_secret(PAT_PREFIX)
    token = ApiToken(kind="personal", token_hash=digest(value), prefix=value[len(PAT_PREFIX):][:8], name=name,
                     scopes=" ".join(dict.fromkeys(scopes)), user_id=user.id,
                     expires_at=utcnow() + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    log_action("api", "token_created", token, f"Personal access token {name!r} ({token.scopes})", actor=user)
    return Issued(token, value)


def personal_tokens(user: User) -> list[ApiToken]:
    """The person's tokens, live ones first, newest first."""
    rows = db.session.execute(select(ApiToken).where(ApiToken.kind == "personal", ApiToken.user_id == user.id)
                              .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())).scalars()
    return list(rows)


def revoke_personal_token(user: User, token_id: int) -> ApiToken | None:
    """Revoke one of the person's own tokens (someone else's is not found: ``None``)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.kind != "personal" or token.user_id != user.id:
        return None
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        log_action("api", "token_revoked", token, f"Personal access token {token.name!r} revoked", actor=user)
    return token


def create_client(name: str, scopes: list[str], unit: OrgUnit | None) -> Issued:
    ensure(bool(name.strip()), _l("Give the client a name."))
    ensure(bool(scopes) and valid_scopes(scopes), _l("Choose at least one scope."))
    taken = db.session.execute(select(ApiClient.id).where(ApiClient.name == name.strip())).first()
    ensure(taken is None, _l("A client with this name exists already."))
    secret = new_secret("suite_cs_")
    client = ApiClient(name=name.strip(), client_id=f"suite_{secrets.token_hex(8)}", secret_hash=hash_password(secret),
                       scopes=" ".join(dict.fromkeys(scopes)), org_unit_id=unit.id if unit else None)
    db.session.add(client)
    db.session.flush()
    log_action("api", "client_created", client, f"API client {client.name} ({client.scopes}"
               f"{', unit ' + unit.code if unit else ''})")
    return Issued(client, secret)


def revoke_client(client: ApiClient) -> None:
    """Revoke the client and every token it holds: its next call gets 401."""
    now = utcnow()
    client.revoked_at = client.revoked_at or now
    for token in db.session.execute(select(ApiToken).where(ApiToken.client_id == client.id,
                                                           ApiToken.revoked_at.is_(None))).scalars():
        token.revoked_at = now
    log_action("api", "client_revoked", client, f"API client {client.name} revoked")
