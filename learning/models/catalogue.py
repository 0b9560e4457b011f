"""The catalogue: courses in two languages, their sections and lessons, each course's question bank, and the
question banks shared across courses.

A lesson has a ``kind`` (text, video, file, quiz, scorm). Text is stored already sanitised; a file
lesson keeps only a generated storage name (the uploader's file name is shown, never used as a path);
a quiz lesson carries its draw size, attempt and time limits and pass mark, and draws from the
course's question bank. ``scorm`` is reserved for the SCORM 1.2 package lessons of a later issue,
which add their own table keyed by the lesson.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, Column, DateTime, Float, ForeignKey, Integer, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.extensions import db
from common.models import Competency, OrgUnit
from common.models.base import localized, utcnow

CATEGORIES = ("cyber_hygiene", "information_security", "risk_management", "security_audit", "data_protection",
              "ethics", "management")
LEVELS = ("basic", "intermediate", "advanced")
LANGUAGES = ("ka", "en", "ka_en")
LESSON_KINDS = ("text", "video", "file", "quiz", "scorm", "cmi5")
QUESTION_KINDS = ("single", "multiple", "true_false", "matching", "numeric")

# A quiz lesson draws from its course's questions and from the shared banks linked to it.
lesson_bank = Table(
    "learning_lesson_bank", db.metadata,
    Column("lesson_id", ForeignKey("learning_lesson.id", ondelete="CASCADE"), primary_key=True),
    Column("bank_id", ForeignKey("learning_question_bank.id", ondelete="CASCADE"), primary_key=True),
)

course_competency = Table(
    "learning_course_competency", db.metadata,
    Column("course_id", ForeignKey("learning_course.id", ondelete="CASCADE"), primary_key=True),
    Column("competency_id", ForeignKey("competency.id"), primary_key=True),
)


class Course(db.Model):
    """A course of the catalogue. ``provider_unit`` is the agency that runs it and scopes who may edit it."""

    __tablename__ = "learning_course"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title_ka: Mapped[str] = mapped_column(String(255))
    title_en: Mapped[str] = mapped_column(String(255))
    summary_ka: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(32), index=True)
    level: Mapped[str] = mapped_column(String(16), default="basic")
    language: Mapped[str] = mapped_column(String(8), default="ka_en")
    provider_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    cpd_hours: Mapped[Decimal] = mapped_column(Numeric(5, 1), default=Decimal("1.0"))
    self_enrol: Mapped[bool] = mapped_column(Boolean, default=True)
    enrol_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    published: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # How long a certificate stays valid when no recertification rule says otherwise (None: no expiry).
    validity_months: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    provider_unit: Mapped[OrgUnit | None] = relationship()
    competencies: Mapped[list[Competency]] = relationship(secondary=course_competency, order_by="Competency.code")
    sections: Mapped[list[Section]] = relationship(back_populates="course", order_by="Section.position",
                                                   cascade="all, delete-orphan")
    questions: Mapped[list[Question]] = relationship(back_populates="course", order_by="Question.position",
                                                     cascade="all, delete-orphan")

    @property
    def title(self) -> str:
        return localized(self.title_ka, self.title_en)

    @property
    def summary(self) -> str:
        return localized(self.summary_ka, self.summary_en)

    def __repr__(self) -> str:
        return f"<Course {self.id} {self.code}>"


class Section(db.Model):
    __tablename__ = "learning_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("learning_course.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title_ka: Mapped[str] = mapped_column(String(255))
    title_en: Mapped[str] = mapped_column(String(255))

    course: Mapped[Course] = relationship(back_populates="sections")
    lessons: Mapped[list[Lesson]] = relationship(back_populates="section", order_by="Lesson.position",
                                                 cascade="all, delete-orphan")

    @property
    def title(self) -> str:
        return localized(self.title_ka, self.title_en)

    def __repr__(self) -> str:
        return f"<Section {self.id} course={self.course_id}>"


class Lesson(db.Model):
    __tablename__ = "learning_lesson"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("learning_section.id", ondelete="CASCADE"), index=True)
    # Denormalised from the section, so that progress and completion are one query per course.
    course_id: Mapped[int] = mapped_column(ForeignKey("learning_course.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16), default="text")
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    title_ka: Mapped[str] = mapped_column(String(255))
    title_en: Mapped[str] = mapped_column(String(255))
    # Sanitised HTML (see learning.sanitise): never rendered as stored by anyone but the sanitiser.
    body_ka: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    video_url: Mapped[str | None] = mapped_column(String(500))
    file_storage_name: Mapped[str | None] = mapped_column(String(64))
    file_display_name: Mapped[str | None] = mapped_column(String(255))
    file_content_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int | None] = mapped_column(Integer)
    quiz_draw: Mapped[int | None] = mapped_column(Integer)
    quiz_attempts: Mapped[int | None] = mapped_column(Integer)
    quiz_minutes: Mapped[int | None] = mapped_column(Integer)
    quiz_pass_percent: Mapped[int | None] = mapped_column(Integer)

    section: Mapped[Section] = relationship(back_populates="lessons")
    course: Mapped[Course] = relationship()
    banks: Mapped[list[QuestionBank]] = relationship(secondary=lesson_bank, order_by="QuestionBank.name_en")

    @property
    def title(self) -> str:
        return localized(self.title_ka, self.title_en)

    @property
    def body(self) -> str:
        return localized(self.body_ka, self.body_en)

    def __repr__(self) -> str:
        return f"<Lesson {self.id} {self.kind} course={self.course_id}>"


class QuestionBank(db.Model):
    """A question bank shared across courses, filed under a category (the catalogue's categories). Quiz lessons of
    any course link to it (``Lesson.banks``) and draw from its active questions as well as their course's own."""

    __tablename__ = "learning_question_bank"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_ka: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    category: Mapped[str] = mapped_column(String(32), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    questions: Mapped[list[Question]] = relationship(back_populates="bank", order_by="Question.position")
    lessons: Mapped[list[Lesson]] = relationship(secondary=lesson_bank, viewonly=True)

    @property
    def name(self) -> str:
        return localized(self.name_ka, self.name_en)

    def __repr__(self) -> str:
        return f"<QuestionBank {self.id} {self.category}>"


class Question(db.Model):
    """One question of a course's own bank (``course_id``) or of a shared bank (``bank_id``). Numeric questions
    keep their answer here, the others in choices."""

    __tablename__ = "learning_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("learning_course.id", ondelete="CASCADE"), index=True)
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("learning_question_bank.id", ondelete="CASCADE"),
                                                index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16))
    text_ka: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    feedback_ka: Mapped[str] = mapped_column(Text, default="")
    feedback_en: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[int] = mapped_column(Integer, default=1)
    numeric_answer: Mapped[float | None] = mapped_column(Float)
    numeric_tolerance: Mapped[float] = mapped_column(Float, default=0.0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    course: Mapped[Course | None] = relationship(back_populates="questions")
    bank: Mapped[QuestionBank | None] = relationship(back_populates="questions")
    choices: Mapped[list[Choice]] = relationship(back_populates="question", order_by="Choice.position",
                                                 cascade="all, delete-orphan")

    @property
    def text(self) -> str:
        return localized(self.text_ka, self.text_en)

    @property
    def feedback(self) -> str:
        return localized(self.feedback_ka, self.feedback_en)

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.kind}>"


class Choice(db.Model):
    """An answer option; for a matching question, a pair: ``text`` is matched with ``match``."""

    __tablename__ = "learning_choice"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("learning_question.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text_ka: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool] = mapped_column(Boolean, default=False)
    match_ka: Mapped[str | None] = mapped_column(Text)
    match_en: Mapped[str | None] = mapped_column(Text)

    question: Mapped[Question] = relationship(back_populates="choices")

    @property
    def text(self) -> str:
        return localized(self.text_ka, self.text_en)

    @property
    def match(self) -> str:
        return localized(self.match_ka, self.match_en)
