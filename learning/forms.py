"""Forms of the e-learning pages. Labels are translatable; bilingual content has a Georgian and an English field."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    FloatField,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

from common.i18n import lazy_gettext as _l

CATEGORY_LABELS = {
    "cyber_hygiene": _l("Cyber hygiene"), "information_security": _l("Information security"),
    "risk_management": _l("Risk management"), "security_audit": _l("Information security audit"),
    "data_protection": _l("Personal data protection"), "ethics": _l("Ethics and integrity"),
    "management": _l("Management"),
}
LEVEL_LABELS = {"basic": _l("Basic"), "intermediate": _l("Intermediate"), "advanced": _l("Advanced")}
LANGUAGE_LABELS = {"ka": _l("Georgian"), "en": _l("English"), "ka_en": _l("Georgian and English")}
KIND_LABELS = {"text": _l("Text"), "video": _l("Video link"), "file": _l("Downloadable file"), "quiz": _l("Quiz"),
               "scorm": _l("SCORM package"), "cmi5": _l("cmi5 course")}
QUESTION_LABELS = {"single": _l("Single choice"), "multiple": _l("Multiple choice"), "true_false": _l("True or false"),
                   "matching": _l("Matching"), "numeric": _l("Short numeric answer")}
STATUS_LABELS = {
    "requested": _l("Awaiting approval"), "assigned": _l("Assigned"), "in_progress": _l("In progress"),
    "completed": _l("Completed"), "failed": _l("Failed"), "overdue": _l("Overdue"), "expiring": _l("Expiring"),
    "expired": _l("Expired"), "exempt": _l("Exempt"), "rejected": _l("Not approved"),
}
SOURCE_LABELS = {"self": _l("Self-enrolled"), "assigned": _l("Assigned"), "rule": _l("Mandatory")}
VALIDITY_LABELS = {"valid": _l("Valid"), "expired": _l("Expired"), "revoked": _l("Revoked")}
TEXT_HELP = _l("Headings, paragraphs, lists, tables and links. Scripts, styles and embedded frames are removed.")


def _choices(labels: dict) -> list[tuple[str, object]]:
    return list(labels.items())


class EmptyForm(FlaskForm):
    """A button that posts: only the CSRF token."""


class CourseForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    title_ka = StringField(_l("Title in Georgian"), validators=[DataRequired(), Length(max=255)])
    title_en = StringField(_l("Title in English"), validators=[DataRequired(), Length(max=255)])
    summary_ka = TextAreaField(_l("Description in Georgian"), validators=[Length(max=4000)])
    summary_en = TextAreaField(_l("Description in English"), validators=[Length(max=4000)])
    category = SelectField(_l("Category"), choices=_choices(CATEGORY_LABELS))
    level = SelectField(_l("Level"), choices=_choices(LEVEL_LABELS))
    language = SelectField(_l("Language"), choices=_choices(LANGUAGE_LABELS))
    provider_unit_id = SelectField(_l("Provider"), coerce=int, validators=[Optional()])
    competency_ids = SelectMultipleField(_l("Competencies"), coerce=int, validators=[Optional()])
    duration_minutes = IntegerField(_l("Duration in minutes"), validators=[DataRequired(), NumberRange(1, 10000)])
    cpd_hours = DecimalField(_l("Professional-development hours"), places=1,
                             validators=[DataRequired(), NumberRange(0, 500)])
    validity_months = IntegerField(_l("Certificate valid for (months)"), validators=[Optional(), NumberRange(1, 240)],
                                   description=_l("Leave empty if the certificate does not expire."))
    self_enrol = BooleanField(_l("Civil servants may enrol themselves"), default=True)
    enrol_approval = BooleanField(_l("Self-enrolment needs approval"))


class SectionForm(FlaskForm):
    title_ka = StringField(_l("Section title in Georgian"), validators=[DataRequired(), Length(max=255)])
    title_en = StringField(_l("Section title in English"), validators=[DataRequired(), Length(max=255)])


class LessonForm(FlaskForm):
    kind = SelectField(_l("Kind of lesson"), choices=[(k, v) for k, v in KIND_LABELS.items()
                                                        if k not in ("scorm", "cmi5")])
    title_ka = StringField(_l("Title in Georgian"), validators=[DataRequired(), Length(max=255)])
    title_en = StringField(_l("Title in English"), validators=[DataRequired(), Length(max=255)])
    required = BooleanField(_l("Required for completion"), default=True)
    body_ka = TextAreaField(_l("Text in Georgian (HTML)"), description=TEXT_HELP, validators=[Length(max=100_000)],
                            render_kw={"rows": 12})
    body_en = TextAreaField(_l("Text in English (HTML)"), description=TEXT_HELP, validators=[Length(max=100_000)],
                            render_kw={"rows": 12})
    video_url = StringField(_l("Video address (https://)"), validators=[Optional(), URL(), Length(max=500)])
    file = FileField(_l("File"), description=_l("PDF, office documents, images or text; stored under a generated "
                                                "name and always offered as a download."))
    quiz_draw = IntegerField(_l("Questions drawn per attempt"), validators=[Optional(), NumberRange(1, 200)])
    quiz_attempts = IntegerField(_l("Attempts allowed"), validators=[Optional(), NumberRange(1, 50)])
    quiz_minutes = IntegerField(_l("Time limit in minutes"), validators=[Optional(), NumberRange(1, 600)])
    quiz_pass_percent = IntegerField(_l("Pass mark (%)"), validators=[Optional(), NumberRange(1, 100)])
    bank_ids = SelectMultipleField(_l("Also draw from these shared question banks"), coerce=int,
                                   validators=[Optional()], choices=[])


class ChoiceForm(Form):
    text_ka = StringField(_l("Answer in Georgian"), validators=[Length(max=1000)])
    text_en = StringField(_l("Answer in English"), validators=[Length(max=1000)])
    correct = BooleanField(_l("Correct"))
    match_ka = StringField(_l("Matches (Georgian)"), validators=[Length(max=1000)])
    match_en = StringField(_l("Matches (English)"), validators=[Length(max=1000)])


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Type of question"), choices=_choices(QUESTION_LABELS))
    text_ka = TextAreaField(_l("Question in Georgian"), validators=[DataRequired(), Length(max=4000)])
    text_en = TextAreaField(_l("Question in English"), validators=[DataRequired(), Length(max=4000)])
    feedback_ka = TextAreaField(_l("Feedback after submission, in Georgian"), validators=[Length(max=4000)])
    feedback_en = TextAreaField(_l("Feedback after submission, in English"), validators=[Length(max=4000)])
    points = IntegerField(_l("Points"), default=1, validators=[DataRequired(), NumberRange(1, 100)])
    true_answer = BooleanField(_l("The statement is true (true-or-false questions)"))
    numeric_answer = FloatField(_l("Correct number (numeric questions)"), validators=[Optional()])
    numeric_tolerance = FloatField(_l("Tolerance (±)"), default=0, validators=[Optional(), NumberRange(0)])
    active = BooleanField(_l("In the bank (drawn for new attempts)"), default=True)
    choices = FieldList(FormField(ChoiceForm), min_entries=6, max_entries=12)


def question_form(question: Any = None) -> QuestionForm:
    """The question form, filled from ``question`` (its answers too) when one is being edited."""
    form = QuestionForm(obj=question)
    if question is not None and request.method == "GET":
        for entry, choice in zip(form.choices.entries, question.choices, strict=False):
            entry.form.process(None, obj=choice)
        form.true_answer.data = any(c.correct and c.text_en == "True" for c in question.choices)
    return form


def question_values(form: QuestionForm) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What ``save_question`` takes from a submitted question form."""
    values = {name: getattr(form, name).data for name in ("kind", "text_ka", "text_en", "feedback_ka", "feedback_en",
                                                          "points", "numeric_answer", "numeric_tolerance", "active",
                                                          "true_answer")}
    values["numeric_tolerance"] = values["numeric_tolerance"] or 0.0
    choices = [] if values["kind"] == "true_false" else [entry.form.data for entry in form.choices.entries]
    return values, choices


class BankForm(FlaskForm):
    name_ka = StringField(_l("Bank name in Georgian"), validators=[DataRequired(), Length(max=255)])
    name_en = StringField(_l("Bank name in English"), validators=[DataRequired(), Length(max=255)])
    category = SelectField(_l("Category"), choices=_choices(CATEGORY_LABELS))


class ImportForm(FlaskForm):
    file = FileField(_l("Spreadsheet (.xlsx or .csv) or GIFT file (.gift)"), validators=[DataRequired()])


class RuleForm(FlaskForm):
    course_id = SelectField(_l("Course"), coerce=int)
    unit_id = SelectField(_l("Org unit (with everything below it)"), coerce=int, validators=[Optional()])
    rank = SelectField(_l("Rank"), coerce=int, choices=[(0, _l("Any rank")), (1, "I"), (2, "II"), (3, "III"),
                                                        (4, "IV")], validators=[Optional()])
    new_hires_only = BooleanField(_l("Only people hired on or after the start date"))
    starts_on = DateField(_l("Start date"), validators=[DataRequired()])
    due_days = IntegerField(_l("Days to complete"), default=30, validators=[DataRequired(), NumberRange(1, 3650)],
                            description=_l("Counted from the start date, or from the hire date for later hires."))
    recert_months = IntegerField(_l("Recertify every (months)"), validators=[Optional(), NumberRange(1, 240)])


class AssignForm(FlaskForm):
    course_id = SelectField(_l("Course"), coerce=int)
    personal_numbers = TextAreaField(_l("Personal numbers (optional)"), validators=[Optional(), Length(max=20_000)],
                                     description=_l("11-digit personal numbers, separated by spaces or new lines, "
                                                    "in addition to the people and units ticked above."))
    due_date = DateField(_l("Due date"), validators=[Optional()])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(min=5, max=2000)])
