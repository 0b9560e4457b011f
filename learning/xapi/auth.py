"""Credentials of the LRS: issuing one (the CLI), finding one by key, and the actor the audit log names when a
client reads or writes (``xAPI client <key>``). Whether a credential may do something is decided in
``common.permissions.xapi``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from common.audit import log_action
from common.extensions import db
from common.permissions import xapi_hash_secret
from learning.xapi.models import SCOPES, XapiClient


@dataclass
class XapiActor:
    """The audit log's actor for a client (``common.audit``/``common.reads`` read these attributes)."""

    client: Any
    id: None = None
    is_authenticated: bool = True
    employee_id: None = None
    roles: tuple[()] = ()

    @property
    def email(self) -> str:
        return f"xAPI client {self.client.key}" if self.client is not None else "xAPI"


def client_by_key(key: str) -> XapiClient | None:
    return db.session.execute(select(XapiClient).where(XapiClient.key == key)).scalar_one_or_none()


def create_client(name: str, scopes: list[str], *, org_unit_id: int | None = None,
                  actor: Any = None) -> tuple[XapiClient, str]:
    """A new credential and its secret (shown once: only its hash is kept)."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValueError(f"unknown scopes: {', '.join(unknown) or '(none given)'}; choose from {', '.join(SCOPES)}")
    secret = secrets.token_urlsafe(32)
    client = XapiClient(name=name, key=secrets.token_hex(12), secret_hash=xapi_hash_secret(secret),
                        scopes=list(dict.fromkeys(scopes)), org_unit_id=org_unit_id, active=True)
    db.session.add(client)
    db.session.flush()
    log_action("learning", "xapi_client_create", client, f"xAPI credential {client.key} ({name}) created with "
               f"scopes {', '.join(client.scopes)}", actor=actor)
    return client, secret


def revoke_client(client: XapiClient, *, actor: Any = None) -> None:
    client.active = False
    log_action("learning", "xapi_client_revoke", client, f"xAPI credential {client.key} revoked", actor=actor)
