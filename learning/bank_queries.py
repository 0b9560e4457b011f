"""Reads of the shared question banks: every bank (by category), a bank's questions, and the quizzes that use it."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from common.extensions import db
from learning.models import Lesson, Question, QuestionBank, lesson_bank


def question_banks() -> list[QuestionBank]:
    """Every shared bank, by category then name (banks are shared: every learning administrator sees them)."""
    return list(db.session.execute(select(QuestionBank).order_by(QuestionBank.category, QuestionBank.name_en,
                                                                 QuestionBank.id)).scalars())


def question_counts() -> dict[int, int]:
    return dict(db.session.execute(select(Question.bank_id, func.count(Question.id))
                                   .where(Question.bank_id.is_not(None)).group_by(Question.bank_id)).tuples().all())


def bank_questions(bank: QuestionBank) -> list[Question]:
    return list(db.session.execute(select(Question).where(Question.bank_id == bank.id)
                                   .options(selectinload(Question.choices))
                                   .order_by(Question.position, Question.id)).scalars())


def bank_quizzes(bank: QuestionBank) -> list[Lesson]:
    """The quiz lessons (of any course) that draw from ``bank``."""
    return list(db.session.execute(
        select(Lesson).join(lesson_bank, lesson_bank.c.lesson_id == Lesson.id)
        .where(lesson_bank.c.bank_id == bank.id).options(joinedload(Lesson.course))
        .order_by(Lesson.course_id, Lesson.id)).scalars())
