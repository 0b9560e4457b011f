"""Quiz attempts: a random draw per attempt, limits held on the server, grading, feedback.

The time limit is checked against the server's clock when the answers arrive (a small grace covers
the network); an attempt that arrives late is closed with no score and counts as used. The attempt
limit is a count of attempts started, and the (enrolment, lesson, number) key stops two tabs from
starting the same attempt twice. Submitting the same attempt again returns the first result: a
conditional UPDATE claims the attempt, so even two submissions racing each other are graded once.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models.base import utcnow
from learning.models import Attempt, Enrolment, Lesson, LessonProgress, Question, lesson_bank
from learning.operations.progress import complete_lesson

GRACE = timedelta(seconds=30)
_random = random.SystemRandom()


def attempts_used(enrolment: Enrolment, lesson: Lesson) -> int:
    return db.session.execute(select(func.count(Attempt.id)).where(
        Attempt.enrolment_id == enrolment.id, Attempt.lesson_id == lesson.id)).scalar_one()


def open_attempt(enrolment: Enrolment, lesson: Lesson) -> Attempt | None:
    return db.session.execute(select(Attempt).where(
        Attempt.enrolment_id == enrolment.id, Attempt.lesson_id == lesson.id, Attempt.submitted_at.is_(None))
    ).scalars().first()


def start_attempt(enrolment: Enrolment, lesson: Lesson, *, actor: Any = None, now: datetime | None = None,
                  rng: random.Random | None = None) -> Attempt:
    """Start (or resume, while its time lasts) an attempt, drawing ``quiz_draw`` questions from the course bank and
    the shared banks linked to the lesson."""
    now, rng = now or utcnow(), rng or _random
    if lesson.kind != "quiz" or lesson.course_id != enrolment.course_id:
        raise OperationError(_l("This lesson is not a quiz of your course."))
    if not enrolment.active or enrolment.state == "failed":
        raise OperationError(_l("This enrolment is not active."))
    if db.session.execute(select(LessonProgress.id).where(LessonProgress.enrolment_id == enrolment.id,
                                                          LessonProgress.lesson_id == lesson.id)).first():
        raise OperationError(_l("You have already passed this quiz."))
    current = open_attempt(enrolment, lesson)
    if current is not None:
        if current.deadline_at is None or now <= current.deadline_at + GRACE:
            return current
        close_late(current, now)
    used = attempts_used(enrolment, lesson)
    if lesson.quiz_attempts and used >= lesson.quiz_attempts:
        raise OperationError(_l("You have used all %(n)d attempts at this quiz.", n=lesson.quiz_attempts))
    shared = select(lesson_bank.c.bank_id).where(lesson_bank.c.lesson_id == lesson.id)
    bank = list(db.session.execute(select(Question).where(
        or_(Question.course_id == lesson.course_id, Question.bank_id.in_(shared)), Question.active.is_(True))
        .order_by(Question.id)).scalars())
    if not bank:
        raise OperationError(_l("This quiz has no questions yet."))
    drawn = rng.sample(bank, min(lesson.quiz_draw or len(bank), len(bank)))
    draw = [{"q": q.id, "order": rng.sample([c.id for c in q.choices], len(q.choices))} for q in drawn]
    deadline = now + timedelta(minutes=lesson.quiz_minutes) if lesson.quiz_minutes else None
    attempt = Attempt(enrolment_id=enrolment.id, lesson_id=lesson.id, number=used + 1, started_at=now,
                      deadline_at=deadline, draw=draw)
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        raise OperationError(_l("This attempt was started in another window. Open the quiz again.")) from None
    if enrolment.state == "assigned":
        enrolment.state, enrolment.started_at = "in_progress", now
    log_action("learning", "start_attempt", attempt, f"Attempt {attempt.number} at quiz {lesson.id} started",
               actor=actor, subject_employee_id=enrolment.employee_id)
    return attempt


def close_late(attempt: Attempt, now: datetime) -> None:
    """An attempt whose time ran out: closed, no score, still counted."""
    attempt.submitted_at, attempt.answers, attempt.score, attempt.percent, attempt.passed = now, None, 0, 0, False
    _fail_if_exhausted(attempt)


def is_late(attempt: Attempt) -> bool:
    return attempt.deadline_at is not None and attempt.submitted_at is not None and \
        attempt.submitted_at > attempt.deadline_at + GRACE


def score_question(question: Question, response: Any) -> float:
    """Points earned: single, true/false and multiple choice all or nothing; matching per correct pair;
    numeric within the tolerance."""
    correct = {c.id for c in question.choices if c.correct}
    if question.kind in ("single", "true_false"):
        return float(question.points) if response in correct and len(correct) >= 1 else 0.0
    if question.kind == "multiple":
        return float(question.points) if set(response or []) == correct else 0.0
    if question.kind == "matching":
        pairs = response or {}
        right = sum(1 for c in question.choices if pairs.get(str(c.id)) == c.id)
        return round(question.points * right / len(question.choices), 2) if question.choices else 0.0
    if question.kind == "numeric":
        try:
            value = float(str(response).replace(",", ".").strip())
        except (TypeError, ValueError):
            return 0.0
        return float(question.points) if abs(value - (question.numeric_answer or 0)) <= question.numeric_tolerance \
            + 1e-9 else 0.0
    return 0.0


def drawn_questions(attempt: Attempt) -> list[Question]:
    ids = [item["q"] for item in attempt.draw]
    by_id = {q.id: q for q in db.session.execute(select(Question).where(Question.id.in_(ids))).scalars()}
    return [by_id[i] for i in ids if i in by_id]


def submit_attempt(attempt: Attempt, responses: dict[str, Any], *, actor: Any = None,
                   now: datetime | None = None) -> Attempt:
    """Grade and close the attempt; a second submission changes nothing. Late answers are not graded."""
    now = now or utcnow()
    claimed = db.session.execute(update(Attempt).where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
                                 .values(submitted_at=now).execution_options(synchronize_session=False)).rowcount
    db.session.refresh(attempt)
    if not claimed:
        return attempt  # already submitted: the first result stands
    enrolment, lesson = attempt.enrolment, attempt.lesson
    if attempt.deadline_at is not None and now > attempt.deadline_at + GRACE:
        close_late(attempt, now)
        log_action("learning", "late_attempt", attempt, f"Attempt {attempt.number} at quiz {lesson.id} arrived "
                   "after its time limit; not graded", actor=actor, subject_employee_id=enrolment.employee_id)
        return attempt
    questions = drawn_questions(attempt)
    results = {str(q.id): score_question(q, responses.get(str(q.id))) for q in questions}
    attempt.answers = {"responses": {k: responses.get(k) for k in results}, "points": results}
    attempt.score = round(sum(results.values()), 2)
    attempt.max_score = float(sum(q.points for q in questions))
    attempt.percent = round(100 * attempt.score / attempt.max_score, 1) if attempt.max_score else 0.0
    attempt.passed = attempt.percent >= (lesson.quiz_pass_percent or 0)
    log_action("learning", "submit_attempt", attempt, f"Attempt {attempt.number} at quiz {lesson.id}: "
               f"{attempt.percent}% ({'passed' if attempt.passed else 'not passed'})", actor=actor,
               subject_employee_id=enrolment.employee_id)
    from learning.xapi import native  # the graded attempt also goes to the LRS (issue 21)

    native.quiz_attempted(attempt)
    if attempt.passed:
        complete_lesson(enrolment, lesson, source="quiz", score=attempt.percent, actor=actor, now=now)
    else:
        _fail_if_exhausted(attempt)
    return attempt


def _fail_if_exhausted(attempt: Attempt) -> None:
    lesson, enrolment = attempt.lesson, attempt.enrolment
    if lesson.required and lesson.quiz_attempts and attempts_used(enrolment, lesson) >= lesson.quiz_attempts \
            and enrolment.state != "completed":
        enrolment.state = "failed"
        log_action("learning", "fail_course", enrolment, f"All attempts at quiz {lesson.id} used without a pass",
                   subject_employee_id=enrolment.employee_id)


def responses_from_form(attempt: Attempt, form: Any) -> dict[str, Any]:
    """Turn the posted quiz form into responses: choice ids, lists of ids, ``{left id: right id}`` or text."""
    responses: dict[str, Any] = {}
    for question in drawn_questions(attempt):
        key = f"q{question.id}"
        if question.kind == "multiple":
            responses[str(question.id)] = sorted(_ints(form.getlist(key)))
        elif question.kind == "matching":
            responses[str(question.id)] = {str(c.id): next(iter(_ints([form.get(f"{key}_{c.id}", "")])), None)
                                           for c in question.choices}
        elif question.kind == "numeric":
            responses[str(question.id)] = (form.get(key) or "")[:50]
        else:
            responses[str(question.id)] = next(iter(_ints([form.get(key, "")])), None)
    return responses


def _ints(values: list[str]) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]
