"""The REST API (``/api/v1``): which scopes exist, what a service client's scopes let it do, and the route guard.

A call is allowed when its token carries the route's scope AND the caller holds the route's capability. A personal
access token's caller is its user, so it can never do more than that user can on the pages. A service client has no
account: its scopes are turned into the role a person would need (``me:write`` -> M&E officer), scoped to the
client's unit, so every data filter of the suite (``unit_scope``, ``can_enter_values``...) applies to it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import abort, g

from common.models import OrgUnit
from common.models.users import HR_OFFICER, LEARNING_ADMIN, ME_APPROVER, ME_OFFICER
from common.permissions.core import CAPABILITIES, has_capability

# scope -> the role a service client holding it acts with (inside its unit, or everywhere without one).
SCOPES: dict[str, str] = {
    "directory:read": HR_OFFICER,
    "hr:read": HR_OFFICER,
    "me:read": ME_APPROVER,
    "me:write": ME_OFFICER,
    "learning:read": LEARNING_ADMIN,
}
# Capabilities a scope stands for (a client's synthesized role also grants others; the routes never ask for them).
SCOPE_CAPABILITY: dict[str, str] = {
    "directory:read": "directory.browse",
    "hr:read": "hr.manage_cycles",
    "me:read": "monitoring.use",
    "me:write": "monitoring.enter",
    "learning:read": "learning.learners",
}


@dataclass(frozen=True)
class ClientRole:
    """A role a service client acts with; duck-types ``RoleAssignment`` for the scope functions."""

    role: str
    org_unit: OrgUnit | None
    id: None = None

    @property
    def org_unit_id(self) -> int | None:
        return self.org_unit.id if self.org_unit is not None else None


def client_roles(scopes: list[str], unit: OrgUnit | None) -> list[ClientRole]:
    return [ClientRole(SCOPES[scope], unit) for scope in dict.fromkeys(scopes) if scope in SCOPES]


def valid_scopes(requested: list[str]) -> bool:
    return all(scope in SCOPES for scope in requested)


def token_scopes() -> list[str]:
    """The scopes of the token this request came with (none outside the API)."""
    return g.get("api_scopes", [])


def api_require(scope: str) -> Callable[[Callable], Callable]:
    """Guard an API operation: a valid token (checked before the view, see ``common.api.auth``) carrying ``scope``,
    whose caller holds the scope's capability. Both refusals are 403 problem details."""
    if scope not in SCOPES:
        raise ValueError(f"Unknown API scope {scope!r}")
    capability = SCOPE_CAPABILITY[scope]
    assert capability in CAPABILITIES

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            from flask_login import current_user

            if scope not in token_scopes():
                abort(403, description=f"This token does not carry the scope {scope}.")
            if not has_capability(current_user, capability):
                abort(403, description=f"The token's account may not use {scope}.")
            return view(*args, **kwargs)

        wrapped.access = "api"  # type: ignore[attr-defined]
        wrapped.api_scope = scope  # type: ignore[attr-defined]
        return wrapped

    return decorator
