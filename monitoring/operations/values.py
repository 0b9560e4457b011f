"""The life of a value: recorded (draft), submitted, approved (locked) or returned with a comment, reopened.

Every write goes through ``checks`` first, so a form, an import and the API refuse the same things.
Approval works on groups, one indicator × period × org unit (all its cells and components at once),
which is what an approver reads and decides on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, tuple_

from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models.base import utcnow
from common.permissions import can_approve_values, can_enter_values, is_own_value
from monitoring.models import DataValue, Evidence, Indicator
from monitoring.operations.checks import (
    Entry,
    EntryRefused,
    Key,
    Problem,
    check_entries,
    existing_values,
    related_rules,
    rule_indicators,
)
from monitoring.operations.store import write_values
from monitoring.review import group_reviews

Group = tuple[int, str, int]  # indicator, period, org unit


def record_values(entries: list[Entry], *, actor: Any, submit: bool = False, cleared: Iterable[Key] = (),
                  today: date | None = None, audit_summary: str | None = None,
                  review: Review | None = None) -> list[Problem]:
    """Write ``entries`` (all or none) as drafts, or submitted for approval; returns the warnings.

    ``cleared`` are keys whose stored draft is removed (a field emptied in the form). Raises
    ``EntryRefused`` listing every problem when any value breaks a rule. ``audit_summary`` writes one
    audit entry for the whole batch (an import) instead of one per group. ``review`` is what
    ``review_values`` said of these very entries, when the caller (an import) already asked it.
    """
    cleared = list(cleared)  # read twice: by the checks and by the write
    review = review or review_values(entries, actor=actor, today=today or date.today(), cleared=cleared)
    if review.problems:
        raise EntryRefused(review.problems)
    status = "submitted" if submit else "draft"
    changes = write_values(entries, review.stored, status=status, actor_id=getattr(actor, "id", None),
                           cleared=cleared, describe=audit_summary is None)
    if audit_summary is not None:
        log_action("monitoring", "import_values", None, audit_summary, actor=actor,
                   changes={"groups": len(changes), "values": len(entries), "status": status})
    else:
        for (indicator_id, period, unit_id), change in changes.items():
            log_action("monitoring", "submit_values" if submit else "save_values", None,
                       f"Values of indicator {indicator_id} for {period}, unit {unit_id} "
                       f"{'submitted' if submit else 'saved as draft'}", actor=actor, changes=change)
    return review.warnings


@dataclass
class Review:
    """What the checks say of a batch: its problems and warnings, and the stored rows it meets, by key."""

    problems: list[Problem]
    warnings: list[Problem]
    stored: dict[Key, Any]


def review_values(entries: list[Entry], *, actor: Any, today: date, cleared: Iterable[Key] = ()) -> Review:
    """Check ``entries`` against the rules and the stored values of their indicators and org units."""
    cleared = list(cleared)
    pairs = {(e.indicator.id, e.unit.id) for e in entries} | {(k[0], k[2]) for k in cleared}
    rules = related_rules({pair[0] for pair in pairs})
    units = {pair[1] for pair in pairs}
    pairs |= {(indicator_id, unit_id) for indicator_id in rule_indicators(rules) for unit_id in units}
    existing = existing_values({pair[0] for pair in pairs}, units, pairs)
    problems, warnings = check_entries(entries, actor, today, existing, rules)
    stored = {(v.indicator_id, v.period, v.org_unit_id, v.cell, v.component): v for v in existing}
    for key in cleared:
        old = stored.get(key)
        if old is not None and old.status in ("approved", "submitted"):
            problems.append(Problem("locked", _l("A submitted or approved value cannot be removed."), None, key))
    return Review(problems, warnings, stored)


def group_values(groups: Iterable[Group]) -> list[DataValue]:
    groups = list(set(groups))
    if not groups:
        return []
    stmt = select(DataValue).where(tuple_(DataValue.indicator_id, DataValue.period, DataValue.org_unit_id).in_(groups))
    return list(db.session.execute(stmt).scalars())


def submit_group(group: Group, unit: Any, *, actor: Any) -> int:
    """Send a group's drafts (and returned values) for approval."""
    if not can_enter_values(actor, unit):
        raise OperationError(_l("Only the M&E officers of %(unit)s may submit these values.", unit=unit.name))
    values = [v for v in group_values([group]) if v.status in ("draft", "returned")]
    if not values:
        raise OperationError(_l("There is nothing to submit: enter values first."))
    for value in values:
        value.status, value.submitted_by_id = "submitted", actor.id
    log_action("monitoring", "submit_values", None, f"Values of indicator {group[0]} for {group[1]}, unit {group[2]} "
               "submitted", actor=actor)
    return len(values)


def decide(groups: list[Group], units: dict[int, Any], *, approve: bool, actor: Any, comment: str = "",
           confirmed: Iterable[Group] = ()) -> int:
    """Approve, or return with a comment, the submitted values of several groups at once; returns how many.

    A group whose values are flagged as outliers (``review``) is approved only when the approver confirmed it,
    having seen the flag: an absurd figure must not slip through with a batch."""
    if not approve and not comment.strip():
        raise OperationError(_l("Say what needs correcting: a returned value needs a comment."))
    refused = [units[g[2]] for g in groups if not can_approve_values(actor, units.get(g[2]))]
    if refused:
        raise OperationError(_l("You may not decide on values of %(unit)s.", unit=refused[0].name))
    values = [v for v in group_values(groups) if v.status == "submitted"]
    if not values:
        raise OperationError(_l("None of the chosen values await approval any more."))
    if approve and any(is_own_value(actor, v) for v in values):
        raise OperationError(_l("You entered or submitted some of these values: someone else must approve them."))
    flagged = _unconfirmed_outliers(values, set(confirmed)) if approve else []
    if flagged:
        raise OperationError(_l("Nothing was approved: %(groups)s has values flagged as unusual. Look at the "
                                "flagged values and tick “I have checked the flagged values” to approve them, or "
                                "return them with a comment.", groups=", ".join(flagged)))
    now = utcnow()
    for value in values:
        value.status = "approved" if approve else "returned"
        value.review_comment = "" if approve else comment.strip()
        value.reviewed_by_id, value.reviewed_at = actor.id, now
    decided = sorted({(v.indicator_id, v.period, v.org_unit_id) for v in values})
    log_action("monitoring", "approve_values" if approve else "return_values", None,
               f"{len(values)} values in {len(decided)} groups {'approved' if approve else 'returned'}",
               actor=actor, changes={"groups": [list(g) for g in decided], "comment": comment.strip() or None,
                                     "confirmed_flags": [list(g) for g in sorted(set(confirmed)) if g in decided]})
    return len(values)


def _unconfirmed_outliers(values: list[DataValue], confirmed: set[Group]) -> list[str]:
    """The groups (as "code period") among ``values`` with an outlier flag the approver did not confirm."""
    groups = sorted({(v.indicator_id, v.period, v.org_unit_id) for v in values} - confirmed)
    indicators = {i.id: i for i in db.session.execute(select(Indicator).where(
        Indicator.id.in_({g[0] for g in groups}))).scalars()} if groups else {}
    reviews = group_reviews([(indicators[i], p, u) for i, p, u in groups])
    return [f"{review.indicator.code} {review.period}" for review in reviews.values() if review.outliers]


def reopen(group: Group, unit: Any, *, actor: Any, reason: str) -> int:
    """Unlock approved values so that the agency can correct them; they must be submitted and approved again."""
    if not can_approve_values(actor, unit):
        raise OperationError(_l("You may not reopen values of %(unit)s.", unit=unit.name))
    if not reason.strip():
        raise OperationError(_l("Give the reason for reopening approved values."))
    values = [v for v in group_values([group]) if v.status == "approved"]
    if not values:
        raise OperationError(_l("These values are not approved, so there is nothing to reopen."))
    for value in values:
        value.status, value.review_comment = "returned", f"{reason.strip()}"
        value.reviewed_by_id, value.reviewed_at = actor.id, utcnow()
    log_action("monitoring", "reopen_values", None, f"Approved values of indicator {group[0]} for {group[1]}, "
               f"unit {group[2]} reopened", actor=actor, changes={"reason": reason.strip()})
    return len(values)


__all__ = ["Entry", "EntryRefused", "Group", "Review", "decide", "group_values", "record_values", "reopen",
           "review_values", "store_evidence", "submit_group"]


def store_evidence(filename: str, content_type: str | None, data: bytes, *, actor: Any) -> Evidence:
    """Keep an uploaded evidence file in the database (never on disk under a user-chosen name)."""
    if not data:
        raise OperationError(_l("The evidence file is empty."))
    evidence = Evidence(filename=(filename or "evidence")[-255:], content_type=(content_type or
                        "application/octet-stream")[:127], size=len(data), data=data,
                        uploaded_by_id=getattr(actor, "id", None))
    db.session.add(evidence)
    db.session.flush()
    return evidence
