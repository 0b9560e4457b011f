"""Loading and choice lists shared by the M&E pages."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from common.extensions import db
from common.labels import result_level
from common.models import OrgUnit
from common.permissions import can_read_document, unit_scope
from monitoring.models import Indicator, PolicyDocument, ResultNode

CHOICE_KINDS = ("ministry", "agency", "department", "regional_office")


def get_or_404(model: Any, object_id: int) -> Any:
    return db.session.get(model, object_id) or abort(404)


def document_or_404(document_id: int) -> PolicyDocument:
    """The document with its owner unit, which every access decision on it reads (one statement, not two)."""
    return db.session.get(PolicyDocument, document_id, options=[joinedload(PolicyDocument.owner_unit)]) or abort(404)


def indicator_or_404(indicator_id: int) -> Indicator:
    return get_or_404(Indicator, indicator_id)


def readable_document_or_404(document_id: int) -> PolicyDocument:
    """The document if the signed-in user may read it (``permissions.can_read_document``); 404 otherwise."""
    return check_readable(document_or_404(document_id))


def readable_indicator_or_404(indicator_id: int) -> Indicator:
    """The indicator if the signed-in user may read its document; 404 otherwise. Its document, the document's owner
    and its responsible unit come in the same statement: every access decision on it reads them."""
    indicator = db.session.get(Indicator, indicator_id, options=[
        joinedload(Indicator.document).joinedload(PolicyDocument.owner_unit),
        joinedload(Indicator.responsible_unit)]) or abort(404)
    check_readable(indicator.document)
    return indicator


def check_readable(document: PolicyDocument) -> PolicyDocument:
    from monitoring.reported import reporting_units

    if not can_read_document(current_user, document, () if document.published else reporting_units(document)):
        abort(404)
    return document


def units_for(user: Any, capability: str | None = None, limit: int = 1000) -> list[OrgUnit]:
    """Agencies and their main units the user may pick (in scope of ``capability``; all when ``None``)."""
    stmt = select(OrgUnit).where(OrgUnit.kind.in_(CHOICE_KINDS), OrgUnit.valid_to.is_(None))
    if capability:
        stmt = stmt.where(unit_scope(user, capability))
    return list(db.session.execute(stmt.order_by(OrgUnit.path).limit(limit)).scalars())


def result_nodes(document: PolicyDocument) -> list[ResultNode]:
    return list(db.session.execute(select(ResultNode).where(ResultNode.document_id == document.id)
                                   .order_by(ResultNode.level, ResultNode.position)).scalars())


def node_choices(document: PolicyDocument, nodes: list[ResultNode]) -> list[tuple[str, str]]:
    """Nodes as "objective 1.2 — title", indented by level, for a select."""
    by_parent: dict[int | None, list[ResultNode]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)
    choices: list[tuple[str, str]] = []

    def walk(parent: int | None) -> None:
        for node in by_parent.get(parent, []):
            level = result_level(document.levels[node.level]) if node.level < len(document.levels) else ""
            choices.append((str(node.id), f"{'— ' * node.level}{level} {node.code}: {node.title}"))
            walk(node.id)

    walk(None)
    return choices
