"""Mandatory training: rules, and the daily sync that turns them into assignments.

``sync_rules`` is what ``flask learning sync`` runs every day. For each active rule it finds the
people it covers (subtree, rank, position, new hires), then per person:

- no current enrolment: assign the course, due ``rule.due_for(hire date)``;
- an unfinished enrolment of their own: the rule adopts it (its due date becomes the earlier one);
- a completion older than the recertification period: close it (it stays as history, with its
  certificate) and assign the next cycle, due ``due_days`` after the expiry.

Every due date is computed from stored dates, never from "now", so a second run the same day (or a
re-run after a crash) changes nothing. New enrolments are written with one multi-row insert per
rule, because a government-wide rule covers a hundred thousand people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, insert, or_, select, update

from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import Employee, OrgUnit, Position
from common.models.base import utcnow
from common.permissions import can_admin_unit
from learning.dates import today as today_
from learning.models import Course, Enrolment, Rule


@dataclass
class SyncResult:
    assigned: int = 0
    renewed: int = 0
    adopted: int = 0

    @property
    def changed(self) -> int:
        return self.assigned + self.renewed + self.adopted


def create_rule(course: Course, values: dict[str, Any], *, actor: Any) -> Rule:
    unit = db.session.get(OrgUnit, values["unit_id"]) if values.get("unit_id") else None
    if actor is not None and not can_admin_unit(actor, unit):
        raise OperationError(_l("You can make rules only for units inside your scope."), field="unit_id")
    if (values.get("due_days") or 0) < 1:
        raise OperationError(_l("Allow at least one day to complete the course."), field="due_days")
    rule = Rule(course=course, unit=unit, rank=values.get("rank"), position_id=values.get("position_id"),
                new_hires_only=bool(values.get("new_hires_only")), starts_on=values.get("starts_on") or today_(),
                due_days=values["due_days"], recert_months=values.get("recert_months"),
                created_by_id=getattr(actor, "id", None))
    db.session.add(rule)
    db.session.flush()
    log_action("learning", "create_rule", rule, f"Mandatory rule {rule.id} for {course.code} "
               f"(unit {unit.code if unit else 'all'}, rank {rule.rank}, due {rule.due_days} days, "
               f"recertify {rule.recert_months} months)", actor=actor)
    return rule


def preview_rule(course: Course, values: dict[str, Any], *, today: date | None = None) -> int:
    """How many people saving this rule would assign now: the "this will assign N people" shown before the rule is
    saved. Those covered without a current enrolment in the course, and those whose completion has expired (the
    sync renews them), as ``_sync_rule`` counts them. Nothing is written."""
    day = today or today_()
    unit = db.session.get(OrgUnit, values["unit_id"]) if values.get("unit_id") else None
    draft = Rule(unit=unit, rank=values.get("rank"), position_id=values.get("position_id"),
                 new_hires_only=bool(values.get("new_hires_only")), starts_on=values.get("starts_on") or day)
    if draft.starts_on > day:
        return 0
    ids = [employee_id for employee_id, _hired in covered_employees(draft, day)]
    months, kept = values.get("recert_months"), 0
    for chunk in (ids[i:i + 5000] for i in range(0, len(ids), 5000)):
        for state, expires_on, completed_at in db.session.execute(select(
                Enrolment.state, Enrolment.expires_on, Enrolment.completed_at).where(
                Enrolment.course_id == course.id, Enrolment.is_current.is_(True), Enrolment.employee_id.in_(chunk))):
            if expires_on is None and months and state == "completed" and completed_at is not None:
                expires_on = completed_at.date() + relativedelta(months=months)
            kept += not (state == "completed" and expires_on is not None and expires_on < day)
    return len(ids) - kept


def apply_rule_now(rule: Rule, *, actor: Any, today: date | None = None) -> SyncResult:
    """Run the sync for this one rule at once, so that saving a rule assigns without waiting for the night (the
    nightly ``flask learning sync`` still runs it again, and changes nothing that is already right)."""
    day, result = today or today_(), SyncResult()
    if rule.active and rule.starts_on <= day:
        _sync_rule(rule, day, result)
    if result.changed:
        log_action("learning", "sync_rule", rule, f"Mandatory rule {rule.id} ({rule.course.code}) applied on saving: "
                   f"{result.changed} assignments created or renewed", actor=actor)
    return result


def set_rule_active(rule: Rule, active: bool, *, actor: Any) -> Rule:
    if actor is not None and not can_admin_unit(actor, rule.unit):
        raise OperationError(_l("You can change rules only for units inside your scope."))
    rule.active = active
    log_action("learning", "activate_rule" if active else "deactivate_rule", rule,
               f"Mandatory rule {rule.id} {'switched on' if active else 'switched off'}", actor=actor)
    return rule


def covered_employees(rule: Rule, today: date) -> list[tuple[int, date | None]]:
    """(employee id, hire date) of everyone the rule covers today."""
    stmt = (select(Employee.id, Employee.hire_date).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
            .where(Employee.deleted_at.is_(None), or_(Employee.leave_date.is_(None), Employee.leave_date > today),
                   or_(Employee.hire_date.is_(None), Employee.hire_date <= today)))
    if rule.unit is not None:
        stmt = stmt.where(OrgUnit.path.startswith(rule.unit.path, autoescape=True))
    if rule.rank is not None:
        stmt = stmt.join(Position, Employee.position_id == Position.id).where(Position.rank == rule.rank)
    if rule.position_id is not None:
        stmt = stmt.where(Employee.position_id == rule.position_id)
    if rule.new_hires_only:
        stmt = stmt.where(Employee.hire_date >= rule.starts_on)
    return list(db.session.execute(stmt).tuples().all())


def sync_rules(*, today: date | None = None, actor: Any = None,
               progress: Callable[[int], None] | None = None) -> SyncResult:
    """Create and renew the assignments every active rule asks for. Safe to run twice."""
    today = today or today_()
    result = SyncResult()
    rules = db.session.execute(select(Rule).where(Rule.active.is_(True), Rule.starts_on <= today).order_by(Rule.id)
                               ).scalars().all()
    for rule in rules:
        before = result.changed
        _sync_rule(rule, today, result)
        if result.changed != before:
            log_action("learning", "sync_rule", rule, f"Mandatory rule {rule.id} ({rule.course.code}): "
                       f"{result.changed - before} assignments created or renewed", actor=actor)
        if progress:
            progress(1)
    return result


def sync_rules_now(rule_ids: list[int], *, today: date | None = None) -> int:
    """Run the daily mandatory-training sync for these rules only, now (a new rule need not wait for the night's
    run). Returns how many enrolments were created, renewed or adopted."""
    day, result = today or today_(), SyncResult()
    rules = db.session.execute(select(Rule).where(Rule.id.in_(rule_ids or [0]), Rule.active.is_(True),
                                                  Rule.starts_on <= day).order_by(Rule.id)).scalars().all()
    for rule in rules:
        _sync_rule(rule, day, result)
    return result.changed


def _sync_rule(rule: Rule, today: date, result: SyncResult) -> None:
    people = covered_employees(rule, today)
    if not people:
        return
    ids = [employee_id for employee_id, _hired in people]
    current: dict[int, Enrolment] = {}
    cycles: dict[int, int] = {}
    for chunk in (ids[i:i + 5000] for i in range(0, len(ids), 5000)):
        current.update((e.employee_id, e) for e in db.session.execute(select(Enrolment).where(
            Enrolment.course_id == rule.course_id, Enrolment.is_current.is_(True),
            Enrolment.employee_id.in_(chunk))).scalars())
        cycles.update(db.session.execute(select(Enrolment.employee_id, func.max(Enrolment.cycle)).where(
            Enrolment.course_id == rule.course_id, Enrolment.employee_id.in_(chunk))
            .group_by(Enrolment.employee_id)).tuples().all())
    now, rows, closing = utcnow(), [], []
    for employee_id, hired in people:
        enrolment = current.get(employee_id)
        values = {"employee_id": employee_id, "course_id": rule.course_id, "cycle": cycles.get(employee_id, 0) + 1,
                  "is_current": True, "source": "rule", "rule_id": rule.id, "state": "assigned", "enrolled_at": now}
        if enrolment is None:
            rows.append(values | {"due_date": rule.due_for(hired)})
            result.assigned += 1
        elif enrolment.state == "completed":
            expiry = enrolment.expires_on
            if expiry is None and rule.recert_months and enrolment.completed_at is not None:
                expiry = enrolment.completed_at.date() + relativedelta(months=rule.recert_months)
            if expiry is not None and expiry < today:
                closing.append(enrolment.id)
                rows.append(values | {"due_date": max(expiry, rule.starts_on) + timedelta(days=rule.due_days)})
                result.renewed += 1
            elif expiry is not None and enrolment.expires_on is None:
                enrolment.expires_on = expiry  # the rule's recertification period applies to an older completion
                result.adopted += 1
        elif enrolment.state in ("requested", "assigned", "in_progress") and enrolment.rule_id is None:
            due = rule.due_for(hired)
            enrolment.rule_id, enrolment.state = rule.id, "assigned" if enrolment.state == "requested" \
                else enrolment.state
            enrolment.due_date = min(enrolment.due_date, due) if enrolment.due_date else due
            result.adopted += 1
    for chunk in (closing[i:i + 5000] for i in range(0, len(closing), 5000)):
        db.session.execute(update(Enrolment).where(Enrolment.id.in_(chunk)).values(is_current=False)
                           .execution_options(synchronize_session=False))
    db.session.flush()
    for chunk in (rows[i:i + 5000] for i in range(0, len(rows), 5000)):
        db.session.execute(insert(Enrolment), chunk)
    db.session.expire_all()
