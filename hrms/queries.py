"""Reads of the appraisal module, each a fixed number of statements whatever the number of appraisals.

Lists load what they show with joins (never one query per row), so "my team" costs the same for a
division of five and a ministry of three hundred; the cycle overview is ``hrms.overview_queries``.
``competency_ratings`` is the queryable form other modules (training needs) read.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, bindparam, case, func, or_, select
from sqlalchemy.orm import defaultload, joinedload, noload
from sqlalchemy.orm.attributes import set_committed_value

from common.extensions import db
from common.models import AuditEvent, Competency, Employee, OrgUnit
from common.permissions import unit_scope
from common.reads import shows
from hrms.models import (
    AGREED,
    APPEALED,
    CALIBRATION,
    DRAFT,
    FEEDBACK_MIN_ANSWERS,
    FINAL,
    LABELS,
    RELEASED,
    SELF_ASSESSED,
    Appeal,
    Appraisal,
    AppraisalCycle,
    AppraisalTemplate,
    CompetencyRating,
    ConsequenceProposal,
    FeedbackRequest,
    FeedbackRound,
    InterimAssessment,
    Objective,
    TemplateCriterion,
    TemplateSection,
)


def my_appraisals(user: Any) -> list[Appraisal]:
    if user.employee_id is None:
        return []
    return list(db.session.execute(
        select(Appraisal).where(Appraisal.employee_id == user.employee_id)
        .order_by(Appraisal.created_at.desc())).scalars())


def pending_interims(user: Any) -> list[InterimAssessment]:
    if user.employee_id is None:
        return []
    return list(db.session.execute(
        select(InterimAssessment).where(InterimAssessment.evaluator_id == user.employee_id,
                                        InterimAssessment.recorded_at.is_(None))
    ).scalars())


def feedback_to_give(user: Any) -> list[FeedbackRequest]:
    if user.employee_id is None:
        return []
    return list(db.session.execute(
        select(FeedbackRequest).join(Appraisal).join(FeedbackRound).where(
            FeedbackRequest.respondent_id == user.employee_id, FeedbackRequest.answered_at.is_(None),
            Appraisal.state.in_((DRAFT, AGREED, SELF_ASSESSED)), FeedbackRound.closed_at.is_(None),
            FeedbackRound.closes_on >= date.today())
        .options(joinedload(FeedbackRequest.appraisal).joinedload(Appraisal.employee))
    ).scalars())


def cycles_in_scope(user: Any) -> Select:
    return (select(AppraisalCycle).join(OrgUnit, AppraisalCycle.root_unit_id == OrgUnit.id)
            .where(unit_scope(user, "hr.manage_cycles")).order_by(AppraisalCycle.period_end.desc(),
                                                                  AppraisalCycle.id.desc()))


def current_templates() -> list[AppraisalTemplate]:
    return list(db.session.execute(select(AppraisalTemplate).where(AppraisalTemplate.superseded_at.is_(None))
                                   .order_by(AppraisalTemplate.name_en)).scalars())


@functools.cache
def _appraisal_page_statement() -> Select:
    """The appraisal with all its page shows, in two statements, built once (building its options each time cost a
    tenth of the page).

    The appraisal's row is joined with its people, unit, appeal, feedback round (one row at most; its own statement
    cost a twentieth of the page), competency ratings, interim assessments and its template's sections and
    criteria: the rows are ratings × criteria (a template has a handful of criteria, and interims are rare), which
    the ORM reads faster than it runs a separate statement for each (about a millisecond each, issue 20). The
    objectives come in a second statement with their notes, which would multiply those rows again. The cycle's root
    unit and the person's current unit are left out: the page never shows them (it shows the unit of the
    appraisal)."""
    template = defaultload(Appraisal.cycle).defaultload(AppraisalCycle.template)
    return select(Appraisal).where(Appraisal.id == bindparam("appraisal_id")).options(
        joinedload(Appraisal.employee), joinedload(Appraisal.evaluator), joinedload(Appraisal.org_unit),
        joinedload(Appraisal.appeal), joinedload(Appraisal.competency_ratings), joinedload(Appraisal.interims),
        joinedload(Appraisal.feedback_round),
        defaultload(Appraisal.cycle).lazyload(AppraisalCycle.root_unit),
        template.joinedload(AppraisalTemplate.sections).joinedload(TemplateSection.criteria),
        noload(Appraisal.objectives))


@functools.cache
def _objectives_statement() -> Select:
    """The appraisal's objectives with their notes, built once and set as the loaded collection: the
    ``selectinload`` it replaces composed its statement and cache key at every load (about a twentieth of the page's
    function calls, issue 20); same order (``Objective.position``), same single statement."""
    return (select(Objective).where(Objective.appraisal_id == bindparam("appraisal_id"))
            .options(joinedload(Objective.notes)).order_by(Objective.position))


def appraisal_for_page(appraisal_id: int) -> Appraisal | None:
    appraisal = db.session.execute(_appraisal_page_statement(), {"appraisal_id": appraisal_id}
                                   ).unique().scalar_one_or_none()
    if appraisal is not None:
        objectives = db.session.execute(_objectives_statement(), {"appraisal_id": appraisal_id}).unique().scalars()
        set_committed_value(appraisal, "objectives", list(objectives))
    return appraisal


@functools.cache
def _history_statement() -> Select:
    e = AuditEvent
    return (select(e.created_at, e.action, e.changes, e.actor_email)
            .where(e.object_type == "Appraisal", e.object_id == bindparam("object_id"), e.kind == "write")
            .order_by(e.created_at, e.id))


def history(appraisal: Appraisal) -> list[Any]:
    """The writes on this appraisal, oldest first (reads of it are in the access log, not here): rows of the four
    columns the page and the PDF show (``created_at``, ``action``, ``changes``, ``actor_email``), not entries."""
    return list(db.session.execute(_history_statement(), {"object_id": str(appraisal.id)}))


@dataclass
class FeedbackView:
    """What the appraisal page may show of its feedback round: nothing before it closes, the frozen results after.

    ``status``: ``none`` (no round), ``open`` (closes on ``closes_on``; no counts, no names), ``too_few``
    (closed with fewer than three answers: nothing shown), ``shown`` (closed: the frozen results).
    ``raters`` is filled only for the manager and HR, who chose them; never for the person appraised.
    """

    status: str
    closes_on: date | None = None
    answered: int | None = None
    overall: float | None = None
    competencies: list[tuple[str, float]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    raters: list[Employee] = field(default_factory=list)


_NOT_READ: Any = object()


def feedback_view(appraisal: Appraisal, *, show_raters: bool, today: date | None = None,
                  feedback_round: FeedbackRound | None = _NOT_READ) -> FeedbackView:
    """The one reading of a round that every page uses (call ``feedback.close_if_due`` first). A page that has
    just read the round (``feedback.round_of``) passes it, ``None`` included, instead of reading it again."""
    today = today or date.today()
    if feedback_round is _NOT_READ:
        feedback_round = db.session.execute(select(FeedbackRound).where(FeedbackRound.appraisal_id == appraisal.id)
                                            ).scalar()
    if feedback_round is None:
        return FeedbackView("none")
    raters = [r.respondent for r in feedback_round.requests] if show_raters else []
    raters.sort(key=lambda e: e.full_name)
    if feedback_round.is_open(today) or feedback_round.closed_at is None:
        return FeedbackView("open", closes_on=feedback_round.closes_on, raters=raters)
    results = feedback_round.results
    if results is None or (feedback_round.answered or 0) < FEEDBACK_MIN_ANSWERS:
        return FeedbackView("too_few", closes_on=feedback_round.closes_on, raters=raters)
    names = {c.id: c.name for c in db.session.execute(select(Competency).where(Competency.id.in_(
        [row["competency_id"] for row in results["competencies"] if row["competency_id"]]))).scalars()}
    return FeedbackView("shown", closes_on=feedback_round.closes_on, answered=feedback_round.answered,
                        overall=results.get("overall"),
                        competencies=[(names.get(row["competency_id"], "—"), row["mean"])
                                      for row in results["competencies"]],
                        comments=list(results.get("comments") or []), raters=raters)


def feedback_candidates(appraisal: Appraisal) -> list[Employee]:
    """Peers, direct reports and the manager's manager not yet asked: whom feedback may be requested from."""
    person = appraisal.employee
    grand = person.manager.manager_id if person.manager else None
    asked = select(FeedbackRequest.respondent_id).where(FeedbackRequest.appraisal_id == appraisal.id)
    related = [Employee.manager_id == person.id]
    if person.manager_id is not None:
        related.append(Employee.manager_id == person.manager_id)
    if grand is not None:
        related.append(Employee.id == grand)
    return list(db.session.execute(
        select(Employee).where(or_(*related), Employee.deleted_at.is_(None),
                               Employee.id.not_in([person.id, appraisal.evaluator_id or 0]), Employee.id.not_in(asked))
        .order_by(Employee.last_name_en)).scalars())


def calibration_rows(cycle: AppraisalCycle, unit: OrgUnit) -> tuple[list[Appraisal], dict[str, int]]:
    """The unit's assessed appraisals awaiting release, and the distribution of their labels."""
    rows = list(db.session.execute(
        select(Appraisal).join(OrgUnit, Appraisal.org_unit_id == OrgUnit.id).join(Employee, Appraisal.employee_id
                                                                                  == Employee.id)
        .where(Appraisal.cycle_id == cycle.id, Appraisal.state == CALIBRATION,
               OrgUnit.path.startswith(unit.path, autoescape=True))
        .options(joinedload(Appraisal.employee), joinedload(Appraisal.org_unit), joinedload(Appraisal.evaluator))
        .order_by(Employee.last_name_en)).scalars())
    shows((a.employee_id for a in rows), about=cycle)
    distribution = dict.fromkeys(LABELS, 0)
    for appraisal in rows:
        if appraisal.label in distribution:
            distribution[appraisal.label] += 1
    return rows, distribution


def appeals_in_scope(user: Any) -> list[Appeal]:
    """Open appeals in the officer's scope, the most overdue first."""
    appeals = list(db.session.execute(
        select(Appeal).join(Appraisal, Appeal.appraisal_id == Appraisal.id)
        .join(OrgUnit, Appraisal.org_unit_id == OrgUnit.id)
        .where(Appeal.decided_at.is_(None), unit_scope(user, "hr.manage_cycles"))
        .options(joinedload(Appeal.appraisal).joinedload(Appraisal.employee), joinedload(Appeal.reviewer))
        .order_by(Appeal.decision_due)).scalars())
    shows(a.appraisal.employee_id for a in appeals)
    return appeals


def consequences(cycle: AppraisalCycle) -> list[ConsequenceProposal]:
    proposals = list(db.session.execute(
        select(ConsequenceProposal).join(Employee, ConsequenceProposal.employee_id == Employee.id)
        .where(ConsequenceProposal.cycle_id == cycle.id)
        .options(joinedload(ConsequenceProposal.employee), joinedload(ConsequenceProposal.appraisal))
        .order_by(ConsequenceProposal.status, Employee.last_name_en)).scalars())
    shows((p.employee_id for p in proposals), about=cycle)
    return proposals


def employee_by_number(personal_number: str) -> Employee | None:
    return db.session.execute(select(Employee).where(Employee.personal_number == personal_number.strip(),
                                                     Employee.deleted_at.is_(None))).scalar_one_or_none()


def competency_ratings(employee_id: int, cycle_id: int) -> list[dict[str, Any]]:
    """The final appraisal's competency ratings: competency, manager rating, scale top, and whether weak.

    For other modules (a weak competency becomes a training need): a rating at or below half the
    scale is weak. Empty unless the appraisal is final.
    """
    rows = db.session.execute(
        select(Competency.id, Competency.code, Competency.name_en, CompetencyRating.manager_rating,
               AppraisalTemplate.rating_max)
        .select_from(CompetencyRating).join(Appraisal, CompetencyRating.appraisal_id == Appraisal.id)
        .join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
        .join(AppraisalTemplate, AppraisalCycle.template_id == AppraisalTemplate.id)
        .join(TemplateCriterion, CompetencyRating.criterion_id == TemplateCriterion.id)
        .join(Competency, CompetencyRating.competency_id == Competency.id)
        .where(and_(Appraisal.employee_id == employee_id, Appraisal.cycle_id == cycle_id, Appraisal.state == FINAL))
        .order_by(TemplateCriterion.position)).all()
    return [{"competency_id": cid, "code": code, "name_en": name, "rating": rating, "rating_max": top,
             "weak": rating is not None and rating <= top / 2} for cid, code, name, rating, top in rows]


OPEN_STATES = (DRAFT, AGREED, SELF_ASSESSED, CALIBRATION, RELEASED, APPEALED)


def appraisal_counts(path: str, year: int) -> tuple[list[tuple[str, bool, str | None, int]], list[dict[str, int]]]:
    """For the reporting layer: appraisals of the annual cycles ending in ``year`` for people in units under
    ``path``, as (unit path, released to the employee, label, count), and the calibration guidelines of those
    cycles (two statements). A released appraisal is a completed one: its label is final for the report.
    """
    from hrms.models import RELEASED_STATES

    where = (AppraisalCycle.track == "annual", func.extract("year", AppraisalCycle.period_end) == year,
             OrgUnit.path.startswith(path, autoescape=True))
    released = Appraisal.state.in_(RELEASED_STATES)
    rows = db.session.execute(
        select(OrgUnit.path, released, case((released, Appraisal.label), else_=None), func.count(Appraisal.id))
        .join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
        .join(OrgUnit, Appraisal.org_unit_id == OrgUnit.id)
        .where(*where).group_by(OrgUnit.path, released, case((released, Appraisal.label), else_=None))).tuples().all()
    cycles = (select(Appraisal.cycle_id).join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
              .join(OrgUnit, Appraisal.org_unit_id == OrgUnit.id).where(*where))
    guidelines = db.session.execute(select(AppraisalCycle.guideline).where(AppraisalCycle.id.in_(cycles))).scalars()
    return [(p, bool(r), label, n) for p, r, label, n in rows], [g or {} for g in guidelines]


def training_hours(path: str, year: int) -> list[tuple[str, int, float]]:
    """For the reporting layer: the professional-development hours recorded in ``year`` (completed courses and
    approved external training) by people now in units under ``path``, as (unit path, people, hours)."""
    from hrms.development.models import CpdEntry

    rows = db.session.execute(
        select(OrgUnit.path, func.count(func.distinct(CpdEntry.employee_id)), func.sum(CpdEntry.hours))
        .join(Employee, CpdEntry.employee_id == Employee.id).join(OrgUnit, Employee.org_unit_id == OrgUnit.id)
        .where(func.extract("year", CpdEntry.completed_on) == year, Employee.deleted_at.is_(None),
               OrgUnit.path.startswith(path, autoescape=True))
        .group_by(OrgUnit.path)).tuples().all()
    return [(p, int(n), float(h or 0)) for p, n, h in rows]


def units_in_scope(user: Any, capability: str) -> list[OrgUnit]:
    """The current units in which ``user`` holds ``capability``, in tree order: what a unit picker offers."""
    return list(db.session.execute(select(OrgUnit).where(unit_scope(user, capability), OrgUnit.valid_to.is_(None))
                                   .order_by(OrgUnit.path)).scalars())
