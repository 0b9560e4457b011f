"""The course editor's writes: courses, sections, lessons (text is sanitised here, files stored here) and the
question bank. Scope: a learning administrator edits the courses whose provider is inside their scope."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from common.audit import diff, log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import Competency, OrgUnit
from common.permissions import can_admin_unit, can_edit_bank, can_edit_course
from learning import files
from learning.models import Choice, Course, Lesson, Question, QuestionBank, Section
from learning.sanitise import clean_html

COURSE_FIELDS = ("code", "title_ka", "title_en", "summary_ka", "summary_en", "category", "level", "language",
                 "duration_minutes", "cpd_hours", "self_enrol", "enrol_approval", "validity_months")
LESSON_FIELDS = ("title_ka", "title_en", "kind", "required", "video_url", "quiz_draw", "quiz_attempts",
                 "quiz_minutes", "quiz_pass_percent")


def _check_editor(actor: Any, course: Course) -> None:
    if actor is not None and not can_edit_course(actor, course):
        raise OperationError(_l("You cannot edit this course."))


def _apply_course(course: Course, values: dict[str, Any], actor: Any) -> None:
    unit_id = values.get("provider_unit_id")
    unit = db.session.get(OrgUnit, unit_id) if unit_id else None
    if actor is not None and not can_admin_unit(actor, unit):
        raise OperationError(_l("Choose a provider inside your scope."), field="provider_unit_id")
    code = (values.get("code") or "").strip().upper()
    clash = select(Course.id).where(func.upper(Course.code) == code, Course.id != (course.id or 0))
    if db.session.execute(clash).first():
        raise OperationError(_l("Another course already has the code %(code)s.", code=code), field="code")
    for field in COURSE_FIELDS:
        if field in values:
            setattr(course, field, values[field])
    course.code, course.provider_unit = code, unit
    if "competency_ids" in values:
        ids = values["competency_ids"] or []
        course.competencies = list(db.session.execute(select(Competency).where(Competency.id.in_(ids))).scalars())


def create_course(values: dict[str, Any], *, actor: Any) -> Course:
    course = Course()
    _apply_course(course, values, actor)
    db.session.add(course)
    db.session.flush()
    log_action("learning", "create_course", course, f"Course {course.code} created", actor=actor)
    return course


def update_course(course: Course, values: dict[str, Any], *, actor: Any) -> Course:
    _check_editor(actor, course)
    changes = diff(course, {k: v for k, v in values.items() if k in COURSE_FIELDS})
    _apply_course(course, values, actor)
    log_action("learning", "update_course", course, f"Course {course.code} updated", actor=actor, changes=changes)
    return course


def set_published(course: Course, published: bool, *, actor: Any) -> Course:
    _check_editor(actor, course)
    if published and not any(section.lessons for section in course.sections):
        raise OperationError(_l("Add at least one lesson before publishing the course."))
    course.published = published
    log_action("learning", "publish_course" if published else "withdraw_course", course,
               f"Course {course.code} {'published' if published else 'withdrawn from the catalogue'}", actor=actor)
    return course


def add_section(course: Course, title_ka: str, title_en: str, *, actor: Any) -> Section:
    _check_editor(actor, course)
    section = Section(course=course, title_ka=title_ka.strip(), title_en=title_en.strip(),
                      position=len(course.sections) + 1)
    db.session.add(section)
    db.session.flush()
    log_action("learning", "add_section", section, f"Section added to {course.code}", actor=actor)
    return section


def save_lesson(section: Section, values: dict[str, Any], *, lesson: Lesson | None = None,
                upload: tuple[bytes, str] | None = None, actor: Any) -> Lesson:
    """Create or change a lesson. HTML is cleaned before it is stored; a file is checked and stored."""
    course = section.course
    _check_editor(actor, course)
    kind = values.get("kind", lesson.kind if lesson else "text")
    if kind == "scorm":
        raise OperationError(_l("SCORM packages are added on the SCORM page."), field="kind")
    if kind == "video" and not (values.get("video_url") or "").startswith("https://"):
        raise OperationError(_l("Give the video's https:// address."), field="video_url")
    if kind == "quiz" and not (values.get("quiz_pass_percent") or 0) > 0:
        raise OperationError(_l("Give the pass mark of the quiz."), field="quiz_pass_percent")
    if kind == "file" and upload is None and not (lesson and lesson.file_storage_name):
        raise OperationError(_l("Choose the file to attach."), field="file")
    created = lesson is None
    if lesson is None:
        lesson = Lesson(section=section, course_id=course.id,
                        position=max((x.position for x in section.lessons), default=0) + 1)
        db.session.add(lesson)
    for field in LESSON_FIELDS:
        if field in values:
            setattr(lesson, field, values[field])
    lesson.body_ka, lesson.body_en = clean_html(values.get("body_ka")), clean_html(values.get("body_en"))
    if upload is not None:
        stored = files.store(*upload)
        lesson.file_storage_name, lesson.file_display_name = stored.storage_name, stored.display_name
        lesson.file_content_type, lesson.file_size = stored.content_type, stored.size
    db.session.flush()
    log_action("learning", "add_lesson" if created else "update_lesson", lesson,
               f"Lesson {lesson.id} ({kind}) {'added to' if created else 'changed in'} {course.code}", actor=actor)
    return lesson


def save_question(course: Course | None, values: dict[str, Any], choices: list[dict[str, Any]], *,
                  question: Question | None = None, actor: Any, bank: QuestionBank | None = None) -> Question:
    """Create or change a question of a course's bank, or (``course`` None) of the shared ``bank``. ``choices``:
    dicts of text_ka, text_en, correct, match_ka, match_en."""
    if course is not None:
        _check_editor(actor, course)
    elif bank is None or (actor is not None and not can_edit_bank(actor, bank)):
        raise OperationError(_l("You cannot edit this question bank."))
    kind = values["kind"]
    choices = [c for c in choices if (c.get("text_ka") or c.get("text_en"))]
    if kind == "true_false" and not choices:
        true_answer = bool(values.get("true_answer"))
        choices = [{"text_ka": "სწორია", "text_en": "True", "correct": true_answer},
                   {"text_ka": "მცდარია", "text_en": "False", "correct": not true_answer}]
    if kind in ("single", "true_false") and sum(bool(c.get("correct")) for c in choices) != 1:
        raise OperationError(_l("Mark exactly one answer as correct."), field="choices")
    if kind == "multiple" and not any(c.get("correct") for c in choices):
        raise OperationError(_l("Mark at least one answer as correct."), field="choices")
    if kind == "matching" and (len(choices) < 2 or not all(c.get("match_ka") or c.get("match_en") for c in choices)):
        raise OperationError(_l("A matching question needs at least two complete pairs."), field="choices")
    if kind == "numeric" and values.get("numeric_answer") is None:
        raise OperationError(_l("Give the correct number."), field="numeric_answer")
    created = question is None
    if question is None:
        owner = course if course is not None else bank
        question = Question(course=course, bank=bank, position=len(owner.questions) + 1)  # type: ignore[union-attr]
        db.session.add(question)
    for field in ("kind", "text_ka", "text_en", "feedback_ka", "feedback_en", "points", "numeric_answer",
                  "numeric_tolerance", "active"):
        if field in values:
            setattr(question, field, values[field])
    question.choices = [Choice(position=i, text_ka=c.get("text_ka") or c.get("text_en"),
                               text_en=c.get("text_en") or c.get("text_ka"), correct=bool(c.get("correct")),
                               match_ka=c.get("match_ka") or c.get("match_en") or None,
                               match_en=c.get("match_en") or c.get("match_ka") or None)
                        for i, c in enumerate(choices if kind != "numeric" else [], 1)]
    db.session.flush()
    log_action("learning", "add_question" if created else "update_question", question,
               f"Question {question.id} ({kind}) {'added to' if created else 'changed in'} "
               f"{course.code if course is not None else f'shared bank {bank.id}'}",  # type: ignore[union-attr]
               actor=actor)
    return question
