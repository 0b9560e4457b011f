"""Demo professional development for ``flask demo``: needs from last year's finished appraisals, a plan for
each person with needs, and for the demo employee a plan with a course (enrolled through learning),
mentoring, and external training already in their record (declared by them, approved by their manager).

Receivers of ``demo_built`` run in no set order, and this one needs the appraisals (hrms) and the
courses (learning) the other receivers write; so it only arranges to run once the session is about to
commit, when every module's demo is in. Needs and plans are written with multi-row inserts; the few
operations used for the demo employee have their audit entries dropped, as demo data is nobody's action.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from common import signals
from common.extensions import db
from common.models import AuditEvent, Competency, Position, User
from hrms.development.models import DevelopmentPlan, TrainingNeed
from hrms.development.operations import one_year_after
from hrms.development.operations import plans as plan_ops
from hrms.models import FINAL, Appraisal, AppraisalCycle, AppraisalTemplate, CompetencyRating
from learning import public as catalogue

GOALS = "Strengthen the competencies the appraisal found weakest, with a course or mentoring for each, by the due date."


@contextmanager
def unaudited() -> Iterator[None]:
    def drop(session: Session, *_args: Any) -> None:
        for obj in list(session.new):
            if isinstance(obj, AuditEvent) and obj.module in ("hrms", "learning"):
                session.expunge(obj)

    event.listen(Session, "before_flush", drop)
    try:
        yield
        drop(db.session())
    finally:
        event.remove(Session, "before_flush", drop)


def needs_from_last_cycle() -> int:
    """Bulk: a need per weak competency of every final appraisal of the latest finished cycle, and a plan each."""
    cycle = db.session.execute(select(AppraisalCycle).where(AppraisalCycle.status == "final")
                               .order_by(AppraisalCycle.period_end.desc())).scalars().first()
    if cycle is None:
        return 0
    rows = db.session.execute(
        select(Appraisal.id, Appraisal.employee_id, Appraisal.org_unit_id, Position.rank,
               CompetencyRating.competency_id, CompetencyRating.manager_rating, AppraisalTemplate.rating_max)
        .join(CompetencyRating, CompetencyRating.appraisal_id == Appraisal.id)
        .join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
        .join(AppraisalTemplate, AppraisalCycle.template_id == AppraisalTemplate.id)
        .outerjoin(Position, Appraisal.position_id == Position.id)
        .where(Appraisal.cycle_id == cycle.id, Appraisal.state == FINAL,
               CompetencyRating.manager_rating.is_not(None))).all()
    when = datetime.combine(cycle.release_due + timedelta(days=30), time(12))
    needs = [{"employee_id": employee_id, "competency_id": competency_id, "source": "appraisal",
              "appraisal_id": appraisal_id, "cycle_id": cycle.id, "rating": rating, "rating_max": top,
              "priority": "high" if rating * 5 <= top else "medium", "status": "open", "org_unit_id": unit_id,
              "rank": rank, "created_at": when}
             for appraisal_id, employee_id, unit_id, rank, competency_id, rating, top in rows
             if (rating < cycle.need_below if cycle.need_below else rating <= top / 2)]
    for start in range(0, len(needs), 5000):
        db.session.execute(insert(TrainingNeed), needs[start:start + 5000])
    people = sorted({n["employee_id"] for n in needs})
    plans = [{"employee_id": e, "cycle_id": cycle.id, "goals": GOALS, "due_date": one_year_after(cycle.period_end),
              "status": "active", "created_at": when, "updated_at": when} for e in people]
    for start in range(0, len(plans), 5000):
        db.session.execute(insert(DevelopmentPlan), plans[start:start + 5000])
    return len(needs)


def employee_plan(employee_user: User, manager_user: User | None, today: date) -> None:
    """The demo employee: a need the catalogue covers, the course chosen (enrolled), mentoring, external training."""
    person = employee_user.employee
    course = catalogue.course_by_code("PDP-101")
    knowledge = db.session.execute(select(Competency).where(Competency.code == "PROF-KNOWLEDGE")).scalar_one_or_none()
    if person is None or course is None or knowledge is None:
        return
    cycle = db.session.execute(select(AppraisalCycle).where(AppraisalCycle.status == "final")
                               .order_by(AppraisalCycle.period_end.desc())).scalars().first()
    plan = plan_ops.ensure_plan(person, cycle)
    plan.goals = plan.goals or GOALS
    if plan.due_date < today:
        plan.due_date = one_year_after(today)
    need = db.session.execute(select(TrainingNeed).where(TrainingNeed.employee_id == person.id,
                                                         TrainingNeed.competency_id == knowledge.id)).scalars().first()
    if need is None:
        need = TrainingNeed(employee_id=person.id, competency_id=knowledge.id, source="manager", priority="medium",
                            status="open", org_unit_id=person.org_unit_id,
                            rank=person.position.rank if person.position else None,
                            note="New data-protection duties in the division from next year.",
                            created_by_id=getattr(manager_user, "id", None))
        db.session.add(need)
        db.session.flush()
    actor = manager_user or employee_user
    plan_ops.choose_course(plan, course.id, need.id, actor=actor)
    plan_ops.add_action(plan, "mentoring", "Monthly mentoring by the head of the Legal Department",
                        "Review of two drafting assignments a month.", None, None, actor=actor)
    external = plan_ops.add_action(plan, "external", "Public procurement law (two-day seminar, State Procurement "
                                   "Agency)", "", None, None, actor=employee_user)
    plan_ops.complete_action(external, evidence="Certificate SPA-2024-0412 issued by the State Procurement Agency",
                             hours="12", completed_on=today - timedelta(days=60), actor=employee_user)
    if manager_user is not None:  # declared by the employee, approved by their manager: only then it counts
        plan_ops.approve_hours(external, actor=manager_user)


@signals.demo_built.connect
def add_demo_development(_app: Any, accounts: dict[str, Any], size: int, **_extra: Any) -> None:
    employee, manager = accounts.get("employee@demo.gov.ge"), accounts.get("manager@demo.gov.ge")

    built: list[bool] = []

    def build(session: Session) -> None:
        # Savepoints released inside other receivers' work fire this too; only the demo's own commit counts.
        if built or session.in_nested_transaction():
            return
        built.append(True)
        with unaudited():
            needs_from_last_cycle()
            if employee is not None:
                employee_plan(employee, manager, date.today())

    event.listen(db.session(), "before_commit", build)
