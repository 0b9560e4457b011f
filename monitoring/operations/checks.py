"""The checks every value passes, whether typed in a form, read from a file or sent to the API.

Problems come in kinds (the import report groups them so): the officer's scope, a closed period, a
value already submitted or approved, and invalid values (ranges, percentages within 0–100,
numerator not above denominator, the document's custom comparisons). Outliers against the
indicator's history are warnings: they are shown but do not stop the entry.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from sqlalchemy import or_, select

from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import OrgUnit
from common.permissions import can_enter_values
from monitoring import flags, periods
from monitoring.models import DataValue, Evidence, Indicator, ValidationRule

KINDS = ("unknown", "duplicate", "closed", "invalid", "locked", "scope")
KIND_LABELS = {
    "unknown": _l("Unknown code"), "duplicate": _l("Duplicate row"), "closed": _l("Closed period"),
    "invalid": _l("Invalid value"), "locked": _l("Value locked"), "scope": _l("Outside your agency"),
}
FREQUENCY_WORDS = {"monthly": _l("monthly"), "quarterly": _l("quarterly"), "semiannual": _l("every half year"),
                   "annual": _l("annually")}
OPERATORS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt, "==": operator.eq}
Key = tuple[int, str, int, str, str]  # indicator, period, unit, cell, component
LOCKING = frozenset({"submitted", "approved"})  # statuses in which a value cannot change (see lock_reason)


@dataclass
class Entry:
    """One value about to be written."""

    indicator: Indicator
    period: str
    unit: OrgUnit
    value: float
    cell: str = ""
    depth: int = 0
    component: str = "value"
    comment: str = ""
    line: int | None = None  # the file line or API item it came from
    evidence: Evidence | None = None

    @cached_property
    def key(self) -> Key:
        # Kept (in the instance's dict, read as a plain attribute after the first time): the checks and the write
        # ask for it several times per value, 650,000 times for an import of 100,000 values.
        return self.indicator.id, self.period, self.unit.id, self.cell, self.component


@dataclass
class Problem:
    kind: str
    message: Any
    line: int | None = None
    key: Key | None = None


class EntryRefused(OperationError):
    """Some values broke a rule; nothing was written. ``problems`` says which and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(_l("Nothing was saved: %(count)d values have problems.", count=len(problems)))
        self.problems = problems


def lock_reason(indicator: Indicator, period: str, unit: OrgUnit | None, actor: Any, today: date,
                statuses: Iterable[str] = ()) -> tuple[str, Any] | None:
    """Why the values of ``indicator`` × ``period`` × ``unit`` cannot be entered now, as (kind, message); ``None``
    if they can. ``actor`` ``None`` is the system (the command line): no scope limit."""
    if not indicator.frequency:
        return "invalid", _l("Set the indicator's reporting frequency in its passport before entering values: the "
                             "periods to report depend on it.")
    if actor is not None and not can_enter_values(actor, unit):
        return "scope", _l("These values belong to %(unit)s, outside your agency: only its own M&E officers may "
                           "enter them.", unit=unit.name if unit else "?")
    window = indicator.document.entry_window_days
    if periods.is_closed(period, window, today):
        return "closed", _l("Entry for %(period)s closed on %(date)s, %(days)d days after the period ended.",
                            period=period, date=periods.closes_on(period, window).isoformat(), days=window)
    statuses = set(statuses)
    if "approved" in statuses:
        return "locked", _l("These values are approved and locked. An approver must reopen them before they can "
                            "change.")
    if "submitted" in statuses:
        return "locked", _l("These values are submitted and await approval. They can change again if an approver "
                            "returns them.")
    return None


# What the checks read of a stored value: a light row, not an ORM object (an import may meet a million of them).
STORED_COLUMNS = (DataValue.id, DataValue.indicator_id, DataValue.period, DataValue.org_unit_id, DataValue.cell,
                  DataValue.component, DataValue.value, DataValue.status, DataValue.comment, DataValue.entered_by_id,
                  DataValue.submitted_by_id,
                  DataValue.evidence_id)


def existing_values(indicator_ids: Iterable[int], unit_ids: Iterable[int],
                    pairs: set[tuple[int, int]] | None = None) -> list[Any]:
    """Every stored value of these indicators and units (of only the (indicator, unit) ``pairs`` when given):
    locks, pairs, rules and history come from it. Rows carry ``STORED_COLUMNS`` as attributes."""
    indicator_ids, unit_ids = set(indicator_ids), set(unit_ids)
    if not indicator_ids or not unit_ids:
        return []
    stmt = select(*STORED_COLUMNS).where(DataValue.indicator_id.in_(indicator_ids),
                                         DataValue.org_unit_id.in_(unit_ids))
    rows = db.session.execute(stmt.execution_options(yield_per=20_000))
    if pairs is None:
        return list(rows)
    return [row for row in rows if (row.indicator_id, row.org_unit_id) in pairs]


def related_rules(indicator_ids: set[int]) -> list[ValidationRule]:
    if not indicator_ids:
        return []
    stmt = select(ValidationRule).where(or_(ValidationRule.left_indicator_id.in_(indicator_ids),
                                            ValidationRule.right_indicator_id.in_(indicator_ids)))
    return list(db.session.execute(stmt).scalars())


def rule_indicators(rules: Iterable[ValidationRule]) -> set[int]:
    """The indicators the rules compare: their stored values are needed to check a rule."""
    return {i for rule in rules for i in (rule.left_indicator_id, rule.right_indicator_id)}


def check_entries(entries: list[Entry], actor: Any, today: date, existing: list[Any],
                  rules: list[ValidationRule] = ()) -> tuple[list[Problem], list[Problem]]:
    """The problems (which refuse the whole batch) and the warnings of ``entries``.

    Scope and closing are decided once per org unit and per (window, period), not once per value: an
    import repeats them a million times. A value that passes both and meets no lock skips ``lock_reason``,
    which is asked only to word a refusal."""
    problems: list[Problem] = []
    stored = {(v.indicator_id, v.period, v.org_unit_id, v.cell, v.component): v for v in existing}
    in_scope: dict[int, bool] = {}
    closed: dict[tuple[int, str], bool] = {}
    windows: dict[int, int] = {}
    frequencies: dict[int, str] = {}
    for entry in entries:
        key = entry.key
        old = stored.get(key)
        unit_id, window = key[2], windows.get(key[0])
        if window is None:
            window = windows[key[0]] = entry.indicator.document.entry_window_days
        if unit_id not in in_scope:
            in_scope[unit_id] = actor is None or can_enter_values(actor, entry.unit)
        if (window, entry.period) not in closed:
            closed[(window, entry.period)] = periods.is_closed(entry.period, window, today)
        if frequencies.get(key[0]) is None:
            frequencies[key[0]] = entry.indicator.frequency or ""
        if not frequencies[key[0]]:
            problems.append(Problem(*lock_reason(entry.indicator, entry.period, entry.unit, actor, today), entry.line,
                                    key))
            continue
        parsed = periods.parse(entry.period)
        if parsed is not None and parsed.frequency != frequencies[key[0]]:
            problems.append(Problem("invalid", _l("%(code)s is reported %(frequency)s: %(period)s is not one of its "
                                                  "periods.", code=entry.indicator.code, period=entry.period,
                                                  frequency=FREQUENCY_WORDS[frequencies[key[0]]]), entry.line, key))
            continue
        if not in_scope[unit_id] or closed[(window, entry.period)] or (old is not None and old.status in LOCKING):
            lock = lock_reason(entry.indicator, entry.period, entry.unit, actor, today, [old.status] if old else [])
            if lock is not None:
                problems.append(Problem(*lock, entry.line, key))
                continue
        found = value_problems(entry)
        if found:
            problems.extend(Problem("invalid", message, entry.line, key) for message in found)
    merged = _Merged(stored, entries)
    problems += _pair_problems(entries, merged) + _rule_problems(entries, merged, rules)
    return problems, _outliers(entries, existing, merged)


class _Merged:
    """The value each key will hold once ``entries`` are written: the entry's, else the stored one's."""

    def __init__(self, stored: dict[Key, Any], entries: list[Entry]) -> None:
        self.stored, self.entered = stored, {e.key: e.value for e in entries}

    def get(self, key: Key) -> float | None:
        if key in self.entered:
            return self.entered[key]
        old = self.stored.get(key)
        return None if old is None else old.value


def value_problems(entry: Entry) -> list[Any]:
    indicator, value = entry.indicator, entry.value
    found = []
    if entry.component != "value":
        if value < 0:
            found.append(_l("A numerator or denominator cannot be negative."))
        return found
    if indicator.unit == "percentage" and not 0 <= value <= 100:
        found.append(_l("A percentage is between 0 and 100."))
    if indicator.unit == "yes_no" and value not in (0, 1):
        found.append(_l("Answer yes (1) or no (0)."))
    if indicator.range_min is not None and value < indicator.range_min:
        found.append(_l("At least %(min)s for this indicator.", min=f"{indicator.range_min:g}"))
    if indicator.range_max is not None and value > indicator.range_max:
        found.append(_l("At most %(max)s for this indicator.", max=f"{indicator.range_max:g}"))
    return found


def _pair_problems(entries: list[Entry], merged: _Merged) -> list[Problem]:
    """A computed percentage cannot have a numerator above its denominator, or a denominator of zero."""
    found, paired = [], {}
    for entry in entries:
        indicator_id = entry.key[0]
        if indicator_id not in paired:
            paired[indicator_id] = entry.indicator.computed and entry.indicator.unit == "percentage"
        if not paired[indicator_id]:
            continue
        numerator = merged.get((*entry.key[:4], "numerator"))
        denominator = merged.get((*entry.key[:4], "denominator"))
        if numerator is not None and denominator is not None and numerator > denominator:
            found.append(Problem("invalid", _l("The numerator (%(n)s) is above the denominator (%(d)s).",
                                               n=f"{numerator:g}", d=f"{denominator:g}"), entry.line, entry.key))
    return found


def _rule_problems(entries: list[Entry], merged: _Merged, rules: Iterable[ValidationRule]) -> list[Problem]:
    concerned: dict[tuple[int, str], list[ValidationRule]] = {}  # (indicator, component) -> its rules, in order
    for rule in rules:
        for side in {(rule.left_indicator_id, rule.left_component), (rule.right_indicator_id, rule.right_component)}:
            concerned.setdefault(side, []).append(rule)
    found = []
    for entry in entries if concerned else ():
        if entry.cell:
            continue
        ind, period, unit, cell, component = entry.key
        for rule in concerned.get((ind, component), ()):
            left = merged.get((rule.left_indicator_id, period, unit, cell, rule.left_component))
            right = merged.get((rule.right_indicator_id, period, unit, cell, rule.right_component))
            if left is not None and right is not None and not OPERATORS[rule.operator](left, right):
                message = rule.message or _l("Breaks the rule %(left)s %(op)s %(right)s.", left=f"{left:g}",
                                             op=rule.operator, right=f"{right:g}")
                found.append(Problem("invalid", message, entry.line, entry.key))
    return found


def _outliers(entries: list[Entry], existing: list[Any], merged: _Merged) -> list[Problem]:
    """Cells whose own value (the ratio of a computed indicator) is far from the same cell's earlier periods.

    The rule is ``flags.outlier_range``; each cell is judged once, on its value once ``entries`` are written."""
    history: dict[tuple[int, int, str], dict[str, dict[str, float]]] = {}
    for value in existing:
        point = history.setdefault((value.indicator_id, value.org_unit_id, value.cell), {})
        point.setdefault(value.period, {})[value.component] = value.value
    warnings, judged = [], set()
    windows: dict[str, set[str]] = {}  # period -> its history window: the same few periods recur for every cell
    for entry in entries if history else ():
        ind, period, unit, cell, _component = entry.key
        if (ind, period, unit, cell) in judged:
            continue
        judged.add((ind, period, unit, cell))
        window = windows.get(period)
        if window is None:
            window = windows[period] = set(flags.history_window(period))
        points = history.get((ind, unit, cell))
        if points is None:
            continue
        earlier = [v for p, parts in points.items() if p in window and (v := flags.own_value(entry.indicator, parts))
                   is not None]
        if len(earlier) < flags.MIN_POINTS:  # too little history to judge (outlier_range would say so): skip the rest
            continue
        own = flags.own_value(entry.indicator, {c: merged.get((ind, period, unit, cell, c))
                                                for c in entry.indicator.components})
        found = flags.outlier_range(own, earlier)
        if found is not None:
            warnings.append(Problem("outlier", flags.outlier_message(entry.indicator, own, *found), entry.line,
                                    entry.key))
    return warnings
