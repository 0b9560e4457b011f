"""Policy documents and their results trees: create, revise (a new version, the old one kept), publish.

Also the activities at the bottom of a tree: their agencies, terms and budget, and the implementation
status an agency reports for each period.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from common.audit import diff, log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import OrgUnit
from common.permissions import can_decide_tree_change, can_manage_document, can_publish_document
from monitoring import periods
from monitoring.models import (
    IMPLEMENTATION,
    ActivityReport,
    DocumentRevision,
    Indicator,
    PolicyDocument,
    ResultNode,
)

PASSPORT = ("code", "kind", "title_ka", "title_en", "owner_unit_id", "period_start", "period_end", "legal_act",
            "legal_act_ka", "levels", "entry_window_days", "green_threshold", "amber_threshold")


def passport_snapshot(document: PolicyDocument) -> dict[str, Any]:
    return {name: (value.isoformat() if isinstance(value, date) else value)
            for name in PASSPORT for value in [getattr(document, name)]}


def _check_passport(values: dict[str, Any]) -> None:
    if values["period_end"] < values["period_start"]:
        raise OperationError(_l("The document cannot end before it starts."))
    if not 0 < values["amber_threshold"] <= values["green_threshold"]:
        raise OperationError(_l("The amber threshold must be above 0 and not above the green one."))
    if not values.get("levels"):
        raise OperationError(_l("A results tree needs at least one level."))


def create_document(*, actor: Any, reason: str = "", **values: Any) -> PolicyDocument:
    """A new strategy or action plan at version 1, owned by an agency in the actor's scope."""
    owner = db.session.get(OrgUnit, values["owner_unit_id"])
    _check_passport(values)
    document = PolicyDocument(**values)
    document.owner_unit = owner
    if actor is not None and not can_manage_document(actor, document):
        raise OperationError(_l("You may only create documents owned by your own agency."))
    if db.session.execute(select(PolicyDocument.id).where(PolicyDocument.code == values["code"])).first():
        raise OperationError(_l("Another document already has the code %(code)s.", code=values["code"]))
    db.session.add(document)
    db.session.flush()
    db.session.add(DocumentRevision(document_id=document.id, version=1, snapshot=passport_snapshot(document),
                                    reason=reason or "Created", created_by_id=getattr(actor, "id", None)))
    log_action("monitoring", "create_document", document, f"Document {document.code} created", actor=actor)
    return document


def revise_document(document: PolicyDocument, *, actor: Any, reason: str, **values: Any) -> bool:
    """Change the passport as a new version; the earlier version stays readable in the revisions."""
    if not can_manage_document(actor, document):
        raise OperationError(_l("Only the owner agency's M&E officers may revise this document."))
    if not reason.strip():
        raise OperationError(_l("Say why the document is revised."))
    _check_passport({**passport_snapshot(document), **values})
    changes = diff(document, values)
    if not changes:
        return False
    for name, value in values.items():
        setattr(document, name, value)
    document.version += 1
    db.session.flush()
    db.session.add(DocumentRevision(document_id=document.id, version=document.version, reason=reason.strip(),
                                    snapshot=passport_snapshot(document), created_by_id=actor.id))
    log_action("monitoring", "revise_document", document, f"Document {document.code} revised to version "
               f"{document.version}: {reason.strip()}", actor=actor, changes=changes)
    return True


def set_published(document: PolicyDocument, published: bool, *, actor: Any) -> None:
    """Show the document and its approved data on the public pages, or take them off."""
    if not can_publish_document(actor, document):
        raise OperationError(_l("Only an M&E approver may publish this document."))
    if document.published != published:
        document.published = published
        log_action("monitoring", "publish_document" if published else "unpublish_document", document,
                   f"Document {document.code} {'published' if published else 'withdrawn from the public pages'}",
                   actor=actor)


def add_result(document: PolicyDocument, *, actor: Any, parent: ResultNode | None, partners: list[OrgUnit] = (),
               **values: Any) -> ResultNode:
    """A node one level below ``parent`` (or a top-level node); its code is unique within the document."""
    if not can_manage_document(actor, document):
        raise OperationError(_l("Only the owner agency's M&E officers may change this results tree."))
    level = parent.level + 1 if parent else 0
    if level >= len(document.levels):
        raise OperationError(_l("This document's results tree has only %(count)d levels.", count=len(document.levels)))
    taken = select(ResultNode.id).where(ResultNode.document_id == document.id, ResultNode.code == values["code"])
    if db.session.execute(taken).first():
        raise OperationError(_l("Another result in this document has the code %(code)s.", code=values["code"]))
    position = db.session.execute(select(func.count(ResultNode.id)).where(
        ResultNode.document_id == document.id, ResultNode.parent_id == (parent.id if parent else None))).scalar_one()
    node = ResultNode(document_id=document.id, parent_id=parent.id if parent else None, level=level,
                      position=position, **values, **proposal(document, actor))
    node.partners = list(partners)
    db.session.add(node)
    db.session.flush()
    log_action("monitoring", "add_result", node, f"Result {node.code} added to {document.code}"
               f"{' (proposed: awaits approval)' if node.status == 'proposed' else ''}", actor=actor)
    return node


def proposal(document: PolicyDocument, actor: Any) -> dict[str, Any]:
    """A change to a published document's results tree is proposed, and counts once someone else approves it."""
    if not document.published:
        return {"status": "approved"}
    return {"status": "proposed", "proposed_by_id": getattr(actor, "id", None)}


def decide_tree_change(item: ResultNode | Any, document: PolicyDocument, *, approve: bool, actor: Any) -> None:
    """Approve (it counts and goes public) or turn down a result or indicator proposed for a published document."""
    if item.status != "proposed" or item.document_id != document.id:
        raise OperationError(_l("This change is not waiting for approval."))
    if not can_decide_tree_change(actor, item, document):
        raise OperationError(_l("An approver of the owner agency other than its author decides on this change."))
    item.status = "approved" if approve else "rejected"
    kind = "indicator" if isinstance(item, Indicator) else "result"
    log_action("monitoring", f"{'approve' if approve else 'reject'}_{kind}", item,
               f"{kind.capitalize()} {item.code} of {document.code} {'approved' if approve else 'turned down'}",
               actor=actor, changes={"status": ["proposed", item.status]})


def report_activity(node: ResultNode, document: PolicyDocument, *, period: str, status: str, narrative: str,
                    actor: Any, narrative_ka: str = "") -> ActivityReport:
    """The implementation status of an activity for a reporting period (half-year or year), replacing an earlier one."""
    from common.permissions import can_enter_values

    unit = node.responsible_unit or document.owner_unit
    if not can_enter_values(actor, unit):
        raise OperationError(_l("Only the responsible agency's M&E officers may report on this activity."))
    parsed = periods.parse(period)
    if parsed is None or parsed.frequency not in ("semiannual", "annual") or status not in IMPLEMENTATION:
        raise OperationError(_l("Report on a half-year (2025S1) or a year (2025), with one of the statuses."))
    report = db.session.execute(select(ActivityReport).where(ActivityReport.result_id == node.id,
                                                             ActivityReport.period == parsed.code)).scalar_one_or_none()
    if report is None:
        report = ActivityReport(result_id=node.id, period=parsed.code)
        db.session.add(report)
    before = (report.status, report.narrative)
    report.status, report.narrative, report.updated_by_id = status, narrative.strip(), actor.id
    report.narrative_ka = narrative_ka.strip()
    db.session.flush()
    log_action("monitoring", "report_activity", node, f"Activity {node.code} reported {status} for {parsed.code}",
               actor=actor, changes={"status": [before[0], status]})
    return report
