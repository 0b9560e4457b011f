"""What an xAPI credential may do at ``/xapi/``: the only place the learning record store's access is decided.

Credentials are issued per client (``flask xapi clients create``) and presented as HTTP Basic (key:secret). The
secret is 32 random bytes, so its SHA-256 is stored (a slow password hash would buy nothing against a random
secret and would cap statements per second); it is compared in constant time. Scopes are the specification's
(xAPI 1.0.3 Communication §4.2): ``statements/read/mine`` reads only what the credential itself stored,
``statements/read`` reads everyone's statements within the credential's unit (``org_unit_id``; none: everywhere),
``all/read`` reads every resource, ``all`` does everything.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import Any

__all__ = ["xapi_basic_credentials", "xapi_hash_secret", "xapi_may", "xapi_reads_only_its_own", "xapi_secret_matches",
           "xapi_within_limits"]

# What each action needs: any one of these scopes.
_NEEDS: dict[str, set[str]] = {
    "statements/write": {"statements/write", "all"},
    "statements/read": {"statements/read", "statements/read/mine", "all/read", "all"},
    "state": {"state", "all"},
    "state/read": {"state", "all/read", "all"},
    "profile": {"profile", "all"},
    "profile/read": {"profile", "all/read", "all"},
    "define": {"define", "all"},
    "activities/read": {"define", "profile", "all/read", "all", "statements/read"},
    "agents/read": {"profile", "all/read", "all", "statements/read"},
}


def xapi_basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """(key, secret) from an ``Authorization: Basic`` header, or None if there is none or it is malformed."""
    scheme, _, value = (authorization or "").partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    key, sep, secret = decoded.partition(":")
    return (key, secret) if sep and key and secret else None


def xapi_hash_secret(secret: str) -> str:
    return "sha256$" + hashlib.sha256(secret.encode()).hexdigest()


def xapi_secret_matches(client: Any, secret: str) -> bool:
    """Whether ``secret`` is the active client's secret."""
    if client is None or not client.active:
        return False
    return hmac.compare_digest(xapi_hash_secret(secret), client.secret_hash)


def xapi_may(client: Any, action: str) -> bool:
    """Whether the client's scopes allow ``action`` (a key of ``_NEEDS``)."""
    return bool(set(client.scopes or []) & _NEEDS[action])


def xapi_reads_only_its_own(client: Any) -> bool:
    """A ``statements/read/mine`` credential sees only the statements it stored itself."""
    return not (set(client.scopes or []) & {"statements/read", "all/read", "all"})


def xapi_within_limits(client: Any, *, agent: str | None = None, registration: str | None = None,
                       activity: str | None = None) -> bool:
    """Whether a request about this agent (its key), registration and activity is within the credential's
    ``limits`` (a cmi5 AU's session credential names one of each; a client's credential has none). What the request
    does not involve is passed as None and not compared; a missing registration is passed as "" and refused."""
    limits = getattr(client, "limits", None)
    if not limits:
        return True
    wanted = {"agent": agent, "registration": registration, "activity": activity}
    return all(value is None or value == limits.get(name) for name, value in wanted.items())
