"""Multi-rater feedback in rounds: peers, direct reports (upward) and the manager's manager.

The manager or HR chooses whom to ask (the person appraised never sees who was asked, so cannot
ask "one more" and watch the result move). A round closes on its date, or earlier by the
manager, HR, or the manager's submitted assessment. On closing its results are computed once and
frozen; answers after that are refused. Below three answers nothing is shown and the comments are
discarded. The relation is read from the directory, not chosen, so nobody can be asked as a
"peer" who is not one.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from statistics import fmean
from typing import Any

from sqlalchemy import select

from common.audit import log_action
from common.errors import ensure
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import Employee
from common.models.base import utcnow
from common.permissions import can_act_as_hr, can_act_as_manager
from hrms.models import (
    CALIBRATION,
    FEEDBACK_MIN_ANSWERS,
    FEEDBACK_TOP,
    FINAL,
    RELEASED_STATES,
    Appraisal,
    FeedbackAnswer,
    FeedbackRequest,
    FeedbackRound,
    TemplateCriterion,
)

DEFAULT_ROUND_DAYS = 14
MAX_COMMENT = 2000


def relation_of(appraisal: Appraisal, respondent: Employee) -> str | None:
    person = appraisal.employee
    if respondent.id in (person.id, appraisal.evaluator_id) or respondent.deleted_at is not None:
        return None
    if respondent.manager_id == person.id:
        return "report"
    if person.manager is not None and person.manager.manager_id == respondent.id:
        return "manager_manager"
    if person.manager_id is not None and respondent.manager_id == person.manager_id:
        return "peer"
    return None


def may_run_round(actor: Any, appraisal: Appraisal) -> bool:
    """The manager and HR choose whom to ask and may close a round; the person appraised never."""
    return can_act_as_manager(actor, appraisal) or can_act_as_hr(actor, appraisal)


def questions(appraisal: Appraisal) -> list[TemplateCriterion]:
    """The competencies of the appraisal's template: one 1–5 question each (none: one overall question)."""
    cycle = appraisal.cycle
    section = cycle.template.section("competencies")
    return list(section.criteria) if section is not None and cycle.uses("competencies") else []


def round_of(appraisal: Appraisal) -> FeedbackRound | None:
    return db.session.execute(select(FeedbackRound).where(FeedbackRound.appraisal_id == appraisal.id)).scalar()


def default_closing(appraisal: Appraisal, today: date) -> date:
    """The manager-assessment deadline, so the results are there when the manager assesses; else two weeks."""
    due = appraisal.cycle.manager_assessment_due
    return due if due > today else today + timedelta(days=DEFAULT_ROUND_DAYS)


def request_feedback(appraisal: Appraisal, respondent: Employee, *, actor: Any, closes_on: date | None = None,
                     today: date | None = None) -> FeedbackRequest:
    """Ask ``respondent``; the first request opens the round (closing on ``closes_on`` or by default)."""
    today = today or date.today()
    ensure(may_run_round(actor, appraisal), _l("Only the manager or HR chooses whom to ask for feedback."))
    ensure(appraisal.state not in (*RELEASED_STATES, CALIBRATION, FINAL), _l("Feedback can no longer be requested."))
    feedback_round = round_of(appraisal)
    if feedback_round is None:
        closes_on = closes_on or default_closing(appraisal, today)
        ensure(closes_on >= today, _l("The closing date cannot be in the past."), field="closes_on")
        feedback_round = FeedbackRound(appraisal_id=appraisal.id, closes_on=closes_on, opened_by_id=actor.id)
        db.session.add(feedback_round)
        db.session.flush()
        log_action("hrms", "open_feedback_round", feedback_round,
                   f"Feedback round {feedback_round.id} on appraisal {appraisal.id} opened, closing {closes_on}",
                   actor=actor, subject_employee_id=appraisal.employee_id)
    ensure(feedback_round.is_open(today),
            _l("The feedback round closed on %(date)s: nobody more can be asked.",
               date=feedback_round.closes_on.isoformat()))
    relation = relation_of(appraisal, respondent)
    ensure(relation is not None, _l("Feedback can be asked of peers, direct reports and the manager's manager."),
            field="respondent")
    already = db.session.query(FeedbackRequest.id).filter_by(appraisal_id=appraisal.id,
                                                             respondent_id=respondent.id).first()
    ensure(already is None, _l("This person has already been asked."), field="respondent")
    request = FeedbackRequest(appraisal_id=appraisal.id, round=feedback_round, respondent_id=respondent.id,
                              relation=relation, requested_by_id=actor.id)
    db.session.add(request)
    db.session.flush()
    # Logged on the request, not the appraisal: the appraisal's history (which its employee reads)
    # would otherwise show how many colleagues were asked, and when.
    log_action("hrms", "request_feedback", request, f"Feedback requested from employee {respondent.id} ({relation})",
               actor=actor, subject_employee_id=appraisal.employee_id)
    return request


def answer_feedback(request: FeedbackRequest, ratings: dict[int, int | None], comment: str, *, actor: Any,
                    today: date | None = None) -> None:
    """Record one colleague's answers (criterion id → 1..5; key 0 is the overall question) and comment."""
    today = today or date.today()
    ensure(actor.employee_id == request.respondent_id, _l("Only the person asked answers this request."))
    ensure(request.answered_at is None, _l("You have already answered."))
    ensure(request.round.is_open(today) and request.appraisal.state not in (*RELEASED_STATES, CALIBRATION),
            _l("This feedback round closed on %(date)s. Answers are no longer accepted.",
               date=min(request.round.closes_on, (request.round.closed_at or utcnow()).date()).isoformat()))
    asked = [c.id for c in questions(request.appraisal)] or [0]
    values = [ratings.get(key) for key in asked]
    ensure(all(v is not None for v in values), _l("Answer every question."))
    ensure(all(1 <= v <= FEEDBACK_TOP for v in values if v is not None),  # type: ignore[operator]
            _l("Answers run from 1 to %(top)d.", top=FEEDBACK_TOP))
    comment = (comment or "").strip()
    ensure(len(comment) <= MAX_COMMENT, _l("A comment is at most %(n)d characters.", n=MAX_COMMENT), field="comment")
    if asked == [0]:
        request.rating = values[0]
    else:
        request.answers = [FeedbackAnswer(criterion_id=key, rating=value) for key, value in zip(asked, values,
                                                                                                strict=True)]
    request.comment = comment or None
    request.answered_at = utcnow()
    # The audit entry names the request only: who rated how is not written anywhere readable.
    log_action("hrms", "answer_feedback", request, f"Feedback request {request.id} answered", actor=actor)


def _results(feedback_round: FeedbackRound, answered: list[FeedbackRequest]) -> dict[str, Any]:
    by_criterion: dict[int, list[int]] = {}
    per_person: list[float] = []
    for request in answered:
        if request.answers:
            per_person.append(fmean(a.rating for a in request.answers))
            for answer in request.answers:
                by_criterion.setdefault(answer.criterion_id, []).append(answer.rating)
        elif request.rating is not None:  # the overall question (and requests from before rounds existed)
            per_person.append(request.rating)
    criteria = {c.id: c for c in questions(feedback_round.appraisal)}
    competencies = [{"criterion_id": cid, "competency_id": criteria[cid].competency_id if cid in criteria else None,
                     "mean": round(fmean(values), 1), "answers": len(values)}
                    for cid, values in by_criterion.items() if len(values) >= FEEDBACK_MIN_ANSWERS]
    order = {cid: n for n, cid in enumerate(criteria)}
    competencies.sort(key=lambda row: order.get(row["criterion_id"], len(order)))
    comments = [r.comment for r in answered if r.comment]
    random.SystemRandom().shuffle(comments)  # once, at closing: the order says nothing about who wrote what
    return {"overall": round(fmean(per_person), 1) if per_person else None, "competencies": competencies,
            "comments": comments}


def close_round(feedback_round: FeedbackRound, *, actor: Any = None, reason: str = "") -> None:
    """Close the round and freeze its results (``None`` below three answers); ``actor`` None: by its date.

    The comments move, unsigned and shuffled, into the frozen results (or are discarded below three
    answers): after closing, no row links a comment to the colleague who wrote it.
    """
    ensure(feedback_round.closed_at is None, _l("This feedback round is already closed."))
    if actor is not None:
        ensure(may_run_round(actor, feedback_round.appraisal), _l("Only the manager or HR closes a feedback round."))
    answered = [r for r in feedback_round.requests if r.answered_at is not None]
    feedback_round.answered = len(answered)
    feedback_round.results = _results(feedback_round, answered) if len(answered) >= FEEDBACK_MIN_ANSWERS else None
    for request in feedback_round.requests:
        request.comment = None
    feedback_round.closed_at = utcnow()
    feedback_round.closed_by_id = actor.id if actor is not None else None
    log_action("hrms", "close_feedback_round", feedback_round,
               f"Feedback round {feedback_round.id} closed{reason}: {len(answered)} answers", actor=actor,
               subject_employee_id=feedback_round.appraisal.employee_id)


def close_if_due(feedback_round: FeedbackRound | None, today: date | None = None) -> None:
    """Close a round whose date has passed (on the first look at it, or by ``flask hr remind``)."""
    if feedback_round is not None and feedback_round.closed_at is None and \
            not feedback_round.is_open(today or date.today()):
        close_round(feedback_round, reason=" on its closing date")


def close_due_rounds(today: date) -> int:
    """Close every round past its date; returns how many. Safe to run as often as wanted."""
    due = list(db.session.execute(select(FeedbackRound).where(FeedbackRound.closed_at.is_(None),
                                                             FeedbackRound.closes_on < today)).scalars())
    for feedback_round in due:
        close_if_due(feedback_round, today)
    return len(due)
