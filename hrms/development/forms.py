"""Forms of the professional-development pages."""

from __future__ import annotations

from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from common.i18n import lazy_gettext as _l
from common.i18n import lazy_pgettext as _pl
from hrms.development.labels import ACTION_KIND_LABELS, PRIORITY_LABELS

RANKS = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]


class NeedForm(FlaskForm):
    competency_id = SelectField(_l("Competency"), coerce=int, choices=[], validators=[DataRequired()])
    priority = SelectField(_l("Priority"), choices=list(PRIORITY_LABELS.items()), default="medium")
    note = TextAreaField(_l("Why (optional)"), validators=[Length(max=2000)])


class EmptyForm(FlaskForm):
    """A button that posts nothing but its CSRF token."""


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class PlanForm(FlaskForm):
    goals = TextAreaField(_l("Development goals"), validators=[Length(max=4000)],
                          description=_l("What the person should be able to do by the due date."))
    due_date = DateField(_l("Plan due by"), validators=[DataRequired()])


class ChooseCourseForm(FlaskForm):
    course_id = HiddenField(validators=[DataRequired()])
    need_id = HiddenField()


class ActionForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[(k, v) for k, v in ACTION_KIND_LABELS.items() if k != "course"])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=255)],
                        description=_l("For example: mentoring by the head of the legal department."))
    description = TextAreaField(_l("Details (optional)"), validators=[Length(max=4000)])
    due_date = DateField(_l("Due by (optional: the plan's due date)"), validators=[Optional()])
    need_id = SelectField(_l("For the need (optional)"), coerce=int, choices=[], validate_choice=False,
                          validators=[Optional()])


class CompleteActionForm(FlaskForm):
    completed_on = DateField(_l("Completed on"), default=date.today, validators=[DataRequired()])
    hours = DecimalField(_l("Hours (CPD)"), places=1, validators=[Optional(), NumberRange(0.1, 500)],
                         description=_l("Required for external training."))
    evidence = TextAreaField(_l("Evidence"), validators=[Length(max=4000)],
                             description=_l("Certificate number, provider and dates, or where the proof is kept."))


class ProgrammeForm(FlaskForm):
    name_ka = StringField(_pl("object name", "Name in Georgian"), validators=[DataRequired(), Length(max=255)])
    name_en = StringField(_pl("object name", "Name in English"), validators=[DataRequired(), Length(max=255)])
    rank_min = SelectField(_l("From rank"), coerce=int, choices=RANKS, default=3)
    rank_max = SelectField(_l("To rank"), coerce=int, choices=RANKS, default=4,
                           description=_l("Rank I is the highest. Each rank group has its own basic programme."))
    course_id = SelectField(_l("Course"), coerce=int, choices=[], validators=[DataRequired()])
    unit_id = SelectField(_l("Applies in"), coerce=int, choices=[])
    starts_on = DateField(_l("For people appointed on or after"), validators=[DataRequired()],
                          default=lambda: date.today() - timedelta(days=365),
                          description=_l("Everyone appointed since then must complete it within a year of "
                                         "appointment."))


class AnalysisFilterForm(FlaskForm):
    class Meta:
        csrf = False

    year = IntegerField(_l("Year recorded (optional)"), validators=[Optional(), NumberRange(2000, 2100)])
