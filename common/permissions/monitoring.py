"""Monitoring & evaluation: who maintains documents and indicators, enters, approves and reads values."""

from __future__ import annotations

from typing import Any

from common.models import OrgUnit
from common.permissions.core import unit_in_scope

# --- monitoring -------------------------------------------------------------------------------------------------
# M&E officers maintain the documents and indicators their agency owns and enter the values of org units in their
# agency's subtree; approvers (government-wide or scoped) approve, return and reopen values of units in their scope
# and publish documents. Objects are read duck-typed (common imports no module).


def can_manage_document(user: Any, document: Any) -> bool:
    """Edit a policy document's passport and results tree: its owner agency is in the user's scope."""
    return unit_in_scope(user, "monitoring.manage", document.owner_unit)


def can_manage_indicator(user: Any, indicator: Any, document: Any) -> bool:
    """Edit a passport or revise targets: the indicator's responsible unit, or its document, is in scope."""
    return (unit_in_scope(user, "monitoring.manage", indicator.responsible_unit)
            or can_manage_document(user, document))


def can_enter_values(user: Any, unit: OrgUnit | None) -> bool:
    """Enter, change and submit values reported for ``unit`` (an M&E officer's own agency subtree)."""
    return unit_in_scope(user, "monitoring.enter", unit)


def can_approve_values(user: Any, unit: OrgUnit | None) -> bool:
    """Approve, return and reopen values reported for ``unit``."""
    return unit_in_scope(user, "monitoring.approve", unit)


def can_publish_document(user: Any, document: Any) -> bool:
    """Put a document (and its approved data) on the public pages, or take it off."""
    return unit_in_scope(user, "monitoring.approve", document.owner_unit)
