"""Quizzes: limits held on the server, a fresh random draw per attempt, scores that match hand-computed cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from common.errors import OperationError
from common.models.base import utcnow
from learning import operations as ops
from learning.models import Attempt, LessonProgress, Question
from learning.operations.quiz import drawn_questions
from tests.learning.helpers import correct_responses, form_data, make_course, quiz_of, text_lessons


@pytest.fixture()
def learner(factory, db):
    person = factory.employee(factory.unit("MOF"))
    return factory.user(employee=person)


def enrolled(learner, **course_options):
    course = make_course(**course_options)
    enrolment = ops.enrol(learner.employee, course)
    return course, enrolment, quiz_of(course)


def by_kind(attempt):
    return {q.kind: q for q in drawn_questions(attempt)}


def test_scores_match_hand_computed_cases(learner, db):
    _course, enrolment, quiz = enrolled(learner)
    attempt = ops.start_attempt(enrolment, quiz)
    q = by_kind(attempt)
    q["matching"].points = 3  # three pairs, one point each
    single_right = next(c.id for c in q["single"].choices if c.correct)
    one_of_two = [next(c.id for c in q["multiple"].choices if c.correct)]
    false_choice = next(c.id for c in q["true_false"].choices if c.text_en == "False")
    pairs = q["matching"].choices
    two_of_three = {str(pairs[0].id): pairs[0].id, str(pairs[1].id): pairs[2].id, str(pairs[2].id): pairs[2].id}
    responses = {str(q["single"].id): single_right, str(q["multiple"].id): one_of_two,
                 str(q["true_false"].id): false_choice, str(q["matching"].id): two_of_three,
                 str(q["numeric"].id): "6"}
    ops.submit_attempt(attempt, responses)
    # single 1 + multiple 0 (all or nothing) + true/false 1 + matching 2 of 3 pairs × 3 points + numeric 0 = 4 of 7
    assert attempt.score == 4.0 and attempt.max_score == 7.0
    assert attempt.percent == 57.1 and attempt.passed is False  # pass mark 60
    assert attempt.answers["points"] == {str(q["single"].id): 1.0, str(q["multiple"].id): 0.0,
                                         str(q["true_false"].id): 1.0, str(q["matching"].id): 2.0,
                                         str(q["numeric"].id): 0.0}


def test_numeric_answers_accept_a_comma_and_the_tolerance(learner, db):
    _course, enrolment, quiz = enrolled(learner)
    attempt = ops.start_attempt(enrolment, quiz)
    numeric = by_kind(attempt)["numeric"]
    numeric.numeric_answer, numeric.numeric_tolerance = 5.0, 0.25
    responses = correct_responses(attempt) | {str(numeric.id): "5,2"}
    ops.submit_attempt(attempt, responses)
    assert attempt.score == 5.0 and attempt.percent == 100.0 and attempt.passed


def test_a_late_submission_is_refused_over_http_and_counts_as_an_attempt(learner, login_as, db):
    _course, enrolment, quiz = enrolled(learner, quiz={"quiz_minutes": 5})
    db.session.commit()
    client = login_as(learner)
    location = client.post(f"/learn/quizzes/{quiz.id}/attempts").headers["Location"]
    attempt = db.session.execute(select(Attempt)).scalar_one()
    assert attempt.deadline_at - attempt.started_at == timedelta(minutes=5)
    answers = form_data(attempt, correct_responses(attempt))
    attempt.started_at -= timedelta(minutes=6)  # the learner took six minutes
    attempt.deadline_at -= timedelta(minutes=6)
    db.session.commit()
    client.post(location, data=answers)
    page = client.get(location).get_data(as_text=True)
    assert "The time limit had passed" in page
    db.session.expire_all()
    assert attempt.passed is False and attempt.score == 0 and attempt.answers is None
    assert not db.session.execute(select(LessonProgress).where(LessonProgress.lesson_id == quiz.id)).first()
    assert enrolment.state == "in_progress"


def test_answers_a_few_seconds_after_the_deadline_still_count(learner, db):
    _course, enrolment, quiz = enrolled(learner, quiz={"quiz_minutes": 5})
    start = utcnow()
    attempt = ops.start_attempt(enrolment, quiz, now=start)
    ops.submit_attempt(attempt, correct_responses(attempt), now=start + timedelta(minutes=5, seconds=10))
    assert attempt.passed


def test_an_extra_attempt_is_refused_and_the_course_is_failed(learner, login_as, db):
    _course, enrolment, quiz = enrolled(learner, quiz={"quiz_attempts": 2})
    for _ in range(2):
        attempt = ops.start_attempt(enrolment, quiz)
        ops.submit_attempt(attempt, {})
    assert enrolment.state == "failed"
    with pytest.raises(OperationError):
        ops.start_attempt(enrolment, quiz)
    db.session.commit()
    client = login_as(learner)
    client.post(f"/learn/quizzes/{quiz.id}/attempts")
    assert db.session.execute(select(func.count(Attempt.id))).scalar_one() == 2
    assert "Failed" in client.get("/learn/my").get_data(as_text=True)


def test_the_attempt_limit_counts_attempts_that_ran_out_of_time(learner, db):
    _course, enrolment, quiz = enrolled(learner, quiz={"quiz_attempts": 1, "quiz_minutes": 1})
    start = utcnow() - timedelta(minutes=10)
    ops.start_attempt(enrolment, quiz, now=start)  # abandoned; its time is long gone
    with pytest.raises(OperationError, match="all 1 attempts"):
        ops.start_attempt(enrolment, quiz)


def test_each_attempt_draws_its_own_random_questions(learner, db):
    _course, enrolment, quiz = enrolled(learner, questions=20, quiz={"quiz_draw": 5, "quiz_attempts": 8})
    draws = []
    for _ in range(6):
        attempt = ops.start_attempt(enrolment, quiz)
        draws.append(tuple(item["q"] for item in attempt.draw))
        ops.submit_attempt(attempt, {})
    assert all(len(draw) == 5 and len(set(draw)) == 5 for draw in draws)
    assert len(set(draws)) > 1
    bank = set(db.session.execute(select(Question.id)).scalars())
    assert set().union(*map(set, draws)) <= bank


def test_an_attempt_submitted_twice_counts_once(learner, login_as, db):
    course, enrolment, quiz = enrolled(learner)
    for lesson in text_lessons(course):
        ops.complete_lesson(enrolment, lesson)
    db.session.commit()
    client = login_as(learner)
    location = client.post(f"/learn/quizzes/{quiz.id}/attempts").headers["Location"]
    attempt = db.session.execute(select(Attempt)).scalar_one()
    right = form_data(attempt, correct_responses(attempt))
    client.post(location, data=right)
    db.session.expire_all()
    first = (attempt.submitted_at, attempt.score, attempt.percent)
    client.post(location, data={})  # the same attempt again, now with no answers
    page = client.get(location).get_data(as_text=True)
    assert "already submitted" in page
    db.session.expire_all()
    assert (attempt.submitted_at, attempt.score, attempt.percent) == first and attempt.passed
    assert db.session.execute(select(func.count(LessonProgress.id)).where(
        LessonProgress.lesson_id == quiz.id)).scalar_one() == 1
    assert db.session.execute(select(func.count(Attempt.id))).scalar_one() == 1
    assert enrolment.state == "completed"


def test_a_passed_quiz_cannot_be_taken_again(learner, db):
    _course, enrolment, quiz = enrolled(learner)
    attempt = ops.start_attempt(enrolment, quiz)
    ops.submit_attempt(attempt, correct_responses(attempt))
    with pytest.raises(OperationError, match="already passed"):
        ops.start_attempt(enrolment, quiz)


def test_someone_elses_attempt_is_not_found(learner, factory, login_as, db):
    _course, enrolment, quiz = enrolled(learner)
    attempt = ops.start_attempt(enrolment, quiz)
    other = factory.user(employee=factory.employee(factory.unit("MOJ")))
    db.session.commit()
    assert login_as(other).get(f"/learn/attempts/{attempt.id}").status_code == 404
    assert login_as(other).post(f"/learn/attempts/{attempt.id}", data={}).status_code == 404
