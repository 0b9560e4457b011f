"""Shared question banks: create one, fill it (one question at a time, or a spreadsheet all-or-nothing), and link
it to the quiz lessons of any course, which then draw from it as well as from their course's own questions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.permissions import can_edit_bank, can_edit_course, has_capability
from learning.models import CATEGORIES, Lesson, QuestionBank
from learning.operations.courses import save_question
from learning.question_import import ImportRefused, parse_questions


def create_bank(values: dict[str, Any], *, actor: Any) -> QuestionBank:
    if actor is not None and not has_capability(actor, "learning.admin"):
        raise OperationError(_l("Only learning administrators create question banks."))
    if values.get("category") not in CATEGORIES:
        raise OperationError(_l("Choose the category."), field="category")
    name_ka, name_en = (values.get("name_ka") or "").strip(), (values.get("name_en") or "").strip()
    if not (name_ka and name_en):
        raise OperationError(_l("Give the bank's name in both languages."), field="name_en")
    bank = QuestionBank(name_ka=name_ka, name_en=name_en, category=values["category"],
                        created_by_id=getattr(actor, "id", None))
    db.session.add(bank)
    db.session.flush()
    log_action("learning", "create_bank", bank, f"Shared question bank {bank.id} ({bank.category}) created",
               actor=actor)
    return bank


def import_questions(bank: QuestionBank, data: bytes, filename: str, *, actor: Any) -> int:
    """Add every question of the spreadsheet to ``bank``, or none: the first problem of any row (in the file, or
    refused by the same checks as the question form) leaves the bank as it was. Returns how many were added."""
    if actor is not None and not can_edit_bank(actor, bank):
        raise OperationError(_l("You cannot edit this question bank."))
    parsed = parse_questions(data, filename)
    errors: list[str] = []
    savepoint = db.session.begin_nested()
    for item in parsed:
        values = dict(item.values)
        choices = [] if values["kind"] == "true_false" else item.choices
        try:
            save_question(None, values, choices, bank=bank, actor=actor)
        except OperationError as error:
            errors.append(item.problem(str(error)))
    if errors:
        savepoint.rollback()
        db.session.expire(bank)
        raise ImportRefused(errors)
    savepoint.commit()
    log_action("learning", "import_questions", bank, f"{len(parsed)} questions imported into shared bank {bank.id} "
               f"from {filename[:100]}", actor=actor)
    return len(parsed)


def set_quiz_banks(lesson: Lesson, bank_ids: list[int], *, actor: Any) -> Lesson:
    """The shared banks a quiz lesson draws from, besides its course's own questions."""
    if actor is not None and not can_edit_course(actor, lesson.course):
        raise OperationError(_l("You cannot edit this course."))
    if lesson.kind != "quiz" and bank_ids:
        raise OperationError(_l("Only a quiz draws questions from banks."), field="bank_ids")
    banks = list(db.session.execute(select(QuestionBank).where(QuestionBank.id.in_(bank_ids or [0]))).scalars())
    before = sorted(b.id for b in lesson.banks)
    lesson.banks = banks
    after = sorted(b.id for b in banks)
    if before != after:
        log_action("learning", "set_quiz_banks", lesson, f"Quiz {lesson.id} draws from shared banks {after}",
                   actor=actor, changes={"banks": [before, after]})
    return lesson
