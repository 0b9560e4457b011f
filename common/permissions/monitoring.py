"""Monitoring & evaluation: who maintains documents and indicators, enters, approves and reads values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, or_

from common.models import OrgUnit
from common.permissions.core import scope_paths, unit_in_scope, unit_scope

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


# One read rule for M&E data: approved data of published documents is for every signed-in user; drafts, submitted
# and returned values and their evidence only for the officers and approvers of the unit reporting them. Nobody
# approves what they entered or submitted themselves, whatever their roles (administrators included).


def can_read_unapproved(user: Any, unit: OrgUnit | None) -> bool:
    """Drafts, submitted and returned values reported for ``unit``, and the evidence behind them."""
    return can_enter_values(user, unit) or can_approve_values(user, unit)


def unapproved_scope(user: Any) -> ColumnElement[bool]:
    """A filter on ``OrgUnit.path``: the units whose unapproved values ``user`` may read."""
    return or_(unit_scope(user, "monitoring.enter"), unit_scope(user, "monitoring.approve"))


def can_read_document(user: Any, document: Any, reporting_units: Iterable[Any] = ()) -> bool:
    """A published document: everyone signed in. A draft: its owner agency, its approvers, and the officers of the
    agencies that report its indicators (``reporting_units``)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if document.published or can_manage_document(user, document) or can_publish_document(user, document):
        return True
    # An officer of the reporting agency, or of one of its offices (they report their part).
    paths = scope_paths(user, "monitoring.enter")
    return any(can_enter_values(user, unit) or (unit is not None and paths is not None and any(
        path.startswith(unit.path) for path in paths)) for unit in reporting_units)


def is_own_value(user: Any, value: Any) -> bool:
    """``user`` entered or submitted ``value``: they may not be the one who approves it."""
    mine = getattr(user, "id", None)
    return mine is not None and mine in (value.entered_by_id, value.submitted_by_id)


def can_decide_target(user: Any, target: Any, document: Any) -> bool:
    """Approve or turn down a proposed target: an approver of the document's owner, never the target's author."""
    return can_publish_document(user, document) and target.created_by_id != getattr(user, "id", None)


def can_read_evidence(user: Any, evidence: Any, units: Iterable[Any]) -> bool:
    """An evidence file is read like the values it backs (``units`` reporting them); unattached: its uploader only."""
    units = list(units)
    if not units:
        return evidence.uploaded_by_id is not None and evidence.uploaded_by_id == getattr(user, "id", None)
    return any(can_read_unapproved(user, unit) for unit in units)


def can_decide_tree_change(user: Any, item: Any, document: Any) -> bool:
    """Approve or turn down a result or indicator proposed for a published document: an approver of its owner
    agency, never the person who proposed it."""
    return can_publish_document(user, document) and item.proposed_by_id != getattr(user, "id", None)
