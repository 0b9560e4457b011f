"""Indicator passports and their targets. A target is never overwritten: each revision is a new version
with its reason, so the history shows every earlier target."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from common.audit import diff, log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models.base import utcnow
from common.permissions import can_decide_target, can_manage_document, can_manage_indicator
from monitoring import periods
from monitoring.models import Indicator, PolicyDocument, ResultNode, Target, ValidationRule
from monitoring.operations.documents import proposal


def _check_passport(values: dict[str, Any]) -> None:
    if values.get("computed") and values.get("unit") == "yes_no":
        raise OperationError(_l("A yes/no indicator cannot be computed from a numerator and a denominator."))
    if values.get("computed") and not values.get("factor"):
        raise OperationError(_l("A computed indicator needs a factor (100 for a percentage)."))
    low, high = values.get("range_min"), values.get("range_max")
    if low is not None and high is not None and low > high:
        raise OperationError(_l("The lowest allowed value is above the highest."))
    if values.get("baseline_value") is not None and values.get("baseline_not_available"):
        raise OperationError(_l("Either give a baseline or mark it as not available, not both."))


def create_indicator(document: PolicyDocument, result: ResultNode, *, actor: Any, **values: Any) -> Indicator:
    if actor is not None and not can_manage_document(actor, document):
        raise OperationError(_l("Only the owner agency's M&E officers may add indicators to this document."))
    if result.document_id != document.id:
        raise OperationError(_l("The result belongs to another document."))
    _check_passport(values)
    if db.session.execute(select(Indicator.id).where(Indicator.code == values["code"])).first():
        raise OperationError(_l("Another indicator already has the code %(code)s.", code=values["code"]))
    position = db.session.execute(select(func.count(Indicator.id)).where(Indicator.result_id == result.id)).scalar_one()
    indicator = Indicator(document_id=document.id, result_id=result.id, position=position, **values,
                          **proposal(document, actor))
    db.session.add(indicator)
    db.session.flush()
    log_action("monitoring", "create_indicator", indicator, f"Indicator {indicator.code} added to {document.code}"
               f"{' (proposed: awaits approval)' if indicator.status == 'proposed' else ''}", actor=actor)
    return indicator


def update_indicator(indicator: Indicator, *, actor: Any, **values: Any) -> bool:
    if not can_manage_indicator(actor, indicator, indicator.document):
        raise OperationError(_l("Only the responsible agency's M&E officers may change this passport."))
    _check_passport({**{name: getattr(indicator, name) for name in values}, **values})
    if "code" in values and values["code"] != indicator.code and db.session.execute(
            select(Indicator.id).where(Indicator.code == values["code"])).first():
        raise OperationError(_l("Another indicator already has the code %(code)s.", code=values["code"]))
    changes = diff(indicator, values)
    if not changes:
        return False
    for name, value in values.items():
        setattr(indicator, name, value)
    log_action("monitoring", "update_indicator", indicator, f"Indicator {indicator.code} passport changed",
               actor=actor, changes=changes)
    return True


def current_targets(indicator_ids: list[int]) -> dict[int, dict[str, Target]]:
    """The target in force (highest version) per indicator and period, in one query."""
    if not indicator_ids:
        return {}
    latest = (select(Target.indicator_id, Target.period, func.max(Target.version).label("version"))
              .where(Target.indicator_id.in_(indicator_ids), Target.status == "approved")
              .group_by(Target.indicator_id, Target.period).subquery())
    stmt = select(Target).join(latest, (Target.indicator_id == latest.c.indicator_id)
                               & (Target.period == latest.c.period) & (Target.version == latest.c.version))
    result: dict[int, dict[str, Target]] = {}
    for target in db.session.execute(stmt).scalars():
        result.setdefault(target.indicator_id, {})[target.period] = target
    return result


def set_target(indicator: Indicator, period: str, value: float, *, actor: Any, reason: str = "",
               check_access: bool = True) -> Target | None:
    """Set or revise the target for ``period``. A revision needs a reason and keeps the earlier versions.

    The period must lie within the document's. On a published document the new target is only ``proposed``: it
    counts, and goes public, once an approver other than its author approves it (``decide_target``).
    """
    document = indicator.document
    if check_access and actor is not None and not can_manage_indicator(actor, indicator, document):
        raise OperationError(_l("Only the responsible agency's M&E officers may set this indicator's targets."))
    parsed = periods.parse(period)
    if parsed is None:
        raise OperationError(_l("Not a period: write 2026, 2026S1, 2026Q1 or 2026-01."))
    if not within_document(document, parsed):
        raise OperationError(outside_document(document, parsed.code))
    if indicator.unit == "percentage" and not 0 <= value <= 100:
        raise OperationError(_l("A percentage is between 0 and 100."))
    current = current_targets([indicator.id]).get(indicator.id, {}).get(parsed.code)
    if current is not None and current.value == value:
        return None
    if current is not None and not reason.strip():
        raise OperationError(_l("A target revision needs a reason: it is kept in the history."))
    last = db.session.execute(select(func.max(Target.version)).where(
        Target.indicator_id == indicator.id, Target.period == parsed.code)).scalar_one()
    status = "proposed" if document.published else "approved"
    target = Target(indicator_id=indicator.id, period=parsed.code, value=value, version=(last or 0) + 1,
                    reason=reason.strip(), created_by_id=getattr(actor, "id", None), status=status)
    db.session.add(target)
    db.session.flush()
    summary = (f"Target of {indicator.code} for {parsed.code} revised from {current.value:g} to {value:g}: "
               f"{reason.strip()}" if current else f"Target of {indicator.code} for {parsed.code} set to {value:g}")
    if status == "proposed":
        summary += " (proposed: awaits approval)"
    log_action("monitoring", "revise_target" if current else "set_target", indicator, summary, actor=actor,
               changes={"target": [current.value if current else None, value], "period": parsed.code,
                        "status": status})
    return target


def within_document(document: PolicyDocument, period: periods.Period) -> bool:
    """A target (or value) period lies within the document's period."""
    return document.period_start <= period.start and period.end <= document.period_end


def outside_document(document: PolicyDocument, code: str) -> Any:
    return _l("%(period)s is outside the period of %(document)s (%(start)s – %(end)s).", period=code,
              document=document.code, start=document.period_start.isoformat(), end=document.period_end.isoformat())


def decide_target(target: Target, *, approve: bool, actor: Any) -> None:
    """An approver other than the author approves a proposed target (it comes into force) or turns it down."""
    indicator = db.session.get(Indicator, target.indicator_id)
    if target.status != "proposed":
        raise OperationError(_l("This target is not waiting for approval."))
    if not can_decide_target(actor, target, indicator.document):
        raise OperationError(_l("Someone other than its author, approving for the owner agency, decides on a target."))
    target.status = "approved" if approve else "rejected"
    target.decided_by_id, target.decided_at = actor.id, utcnow()
    log_action("monitoring", "approve_target" if approve else "reject_target", indicator,
               f"Target of {indicator.code} for {target.period} (version {target.version}, {target.value:g}) "
               f"{'approved' if approve else 'turned down'}", actor=actor,
               changes={"status": ["proposed", target.status]})


def add_validation_rule(document: PolicyDocument, left: Indicator, left_component: str, operator: str,
                        right: Indicator, right_component: str, *, actor: Any, message: str = "") -> ValidationRule:
    """A comparison every total of the same period and org unit must satisfy (e.g. processed ≤ received)."""
    from monitoring.operations.checks import OPERATORS

    if actor is not None and not can_manage_document(actor, document):
        raise OperationError(_l("Only the owner agency's M&E officers may add validation rules to this document."))
    if operator not in OPERATORS or left_component not in left.components or right_component not in right.components:
        raise OperationError(_l("Choose two data elements of this document and one of the comparisons."))
    if left.document_id != document.id or right.document_id != document.id or (left.id, left_component) == (
            right.id, right_component):
        raise OperationError(_l("Compare two different data elements of this document."))
    rule = ValidationRule(document_id=document.id, left_indicator_id=left.id, left_component=left_component,
                          operator=operator, right_indicator_id=right.id, right_component=right_component,
                          message=message.strip()[:500])
    db.session.add(rule)
    db.session.flush()
    log_action("monitoring", "add_validation_rule", document, f"Rule {left.code}.{left_component} {operator} "
               f"{right.code}.{right_component} added to {document.code}", actor=actor)
    return rule
