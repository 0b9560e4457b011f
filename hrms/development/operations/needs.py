"""Training needs: from a finalised appraisal (each competency rated below the cycle's level), or recorded
by hand (requested by the employee, proposed by the manager, added by HR), and dismissed by a decider.

``appraisal_finalized`` arrives inside the transaction that finalised the appraisal; the needs, the
plan for that cycle and the employee's notification are written in it too, or not at all.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from common import signals
from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import Competency, Employee, Position, User
from common.models.base import utcnow
from common.notifications import notify
from common.permissions import can_decide_development, can_view_development, unit_in_scope
from hrms import queries as appraisal_queries
from hrms.development.models import PRIORITIES, TrainingNeed
from hrms.development.operations.plans import ensure_plan
from hrms.models import Appraisal


def is_weak(row: dict[str, Any], need_below: int | None) -> bool:
    """Below the cycle's level when it sets one, else hrms's own ``weak`` flag (at or below half the scale)."""
    if row["rating"] is None:
        return False
    return row["rating"] < need_below if need_below else bool(row["weak"])


def _rank(position_id: int | None) -> int | None:
    position = db.session.get(Position, position_id) if position_id else None
    return position.rank if position else None


def needs_from_appraisal(appraisal: Appraisal) -> list[TrainingNeed]:
    """One need per weak competency of a final appraisal (none twice), and the plan for its cycle."""
    cycle = appraisal.cycle
    weak = [r for r in appraisal_queries.competency_ratings(appraisal.employee_id, cycle.id)
            if is_weak(r, cycle.need_below)]
    # Never twice for one competency: not from this appraisal again, nor beside a need still open or planned for
    # the person (an overlapping cycle of the same period proposed "Professional knowledge" three times).
    known = set(db.session.execute(select(TrainingNeed.competency_id).where(
        TrainingNeed.employee_id == appraisal.employee_id,
        (TrainingNeed.appraisal_id == appraisal.id) | TrainingNeed.status.in_(("open", "planned")))).scalars())
    rank = _rank(appraisal.position_id)
    needs = [TrainingNeed(employee_id=appraisal.employee_id, competency_id=r["competency_id"], source="appraisal",
                          appraisal_id=appraisal.id, cycle_id=cycle.id, rating=r["rating"], rating_max=r["rating_max"],
                          priority="high" if r["rating"] * 5 <= r["rating_max"] else "medium", status="open",
                          org_unit_id=appraisal.org_unit_id, rank=rank)
             for r in weak if r["competency_id"] not in known]
    if not needs:
        return []
    db.session.add_all(needs)
    plan = ensure_plan(appraisal.employee, cycle)
    log_action("hrms", "needs_from_appraisal", appraisal, f"{len(needs)} training needs from appraisal {appraisal.id}"
               f" ({', '.join(r['code'] for r in weak)}); development plan {plan.id}",
               subject_employee_id=appraisal.employee_id)
    user = db.session.execute(select(User).where(User.employee_id == appraisal.employee_id,
                                                 User.active.is_(True))).scalar_one_or_none()
    if user is not None:
        notify(user, _l("Training needs from your appraisal"),
               _l("Your development plan suggests courses for the competencies to strengthen."),
               link=f"/hr/development/people/{appraisal.employee_id}")
    return needs


@signals.appraisal_finalized.connect
def _on_appraisal_finalized(sender: Any, employee_id: int | None = None, cycle_id: int | None = None,
                            **_extra: Any) -> None:
    appraisal = sender if isinstance(sender, Appraisal) else db.session.execute(select(Appraisal).where(
        Appraisal.employee_id == employee_id, Appraisal.cycle_id == cycle_id)).scalar_one_or_none()
    if appraisal is not None:
        needs_from_appraisal(appraisal)


def source_for(actor: Any, employee: Employee) -> str:
    """Who records a need decides its source: the person themselves, their manager, or HR."""
    if actor.employee_id == employee.id:
        return "employee"
    if actor.employee_id is not None and employee.manager_id == actor.employee_id:
        return "manager"
    return "hr"


def record_need(employee: Employee, competency_id: int | None, *, priority: str, note: str,
                actor: Any) -> TrainingNeed:
    if not can_view_development(actor, employee):
        raise OperationError(_l("Only the person, their manager and HR record their training needs."))
    competency = db.session.get(Competency, competency_id) if competency_id else None
    if competency is None:
        raise OperationError(_l("Choose a competency of the framework."), field="competency_id")
    if priority not in PRIORITIES:
        raise OperationError(_l("Choose a priority."), field="priority")
    duplicate = db.session.execute(select(TrainingNeed.id).where(
        TrainingNeed.employee_id == employee.id, TrainingNeed.competency_id == competency.id,
        TrainingNeed.status.in_(("open", "planned")))).first()
    if duplicate is not None:
        raise OperationError(_l("This competency is already an open training need."), field="competency_id")
    source = source_for(actor, employee)
    if source == "hr" and not unit_in_scope(actor, "hr.development", employee.org_unit):
        raise OperationError(_l("Only HR in scope adds training needs."))
    need = TrainingNeed(employee_id=employee.id, competency_id=competency.id, source=source, priority=priority,
                        note=note.strip() or None, status="open", org_unit_id=employee.org_unit_id,
                        rank=_rank(employee.position_id), created_by_id=actor.id)
    db.session.add(need)
    db.session.flush()
    log_action("hrms", "record_need", need, f"Training need {competency.code} ({source}, {priority}) for employee "
               f"{employee.id}", actor=actor, subject_employee_id=employee.id)
    return need


def dismiss_need(need: TrainingNeed, reason: str, *, actor: Any) -> None:
    if not can_decide_development(actor, need.employee):
        raise OperationError(_l("Only the manager and HR dismiss a training need."))
    if need.status not in ("open", "planned"):
        raise OperationError(_l("This need is already closed."))
    if not reason.strip():
        raise OperationError(_l("Give the reason."), field="reason")
    before, need.status, need.closed_at = need.status, "dismissed", utcnow()
    need.note = f"{need.note}\n{reason.strip()}" if need.note else reason.strip()
    log_action("hrms", "dismiss_need", need, f"Training need {need.id} dismissed: {reason.strip()}", actor=actor,
               subject_employee_id=need.employee_id, changes={"status": [before, "dismissed"]})
