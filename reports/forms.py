"""The form that asks for a PDF report (a POST: it creates a job)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField
from wtforms.validators import DataRequired, Regexp

from common.i18n import lazy_gettext as _l

LANGUAGE_CHOICES = [("ka", "ქართული"), ("en", "English")]


class HrReportForm(FlaskForm):
    unit = HiddenField(validators=[DataRequired(), Regexp(r"^\d{1,10}$")])
    year = HiddenField(validators=[DataRequired(), Regexp(r"^\d{4}$")])
    lang = RadioField(_l("Language of the report"), choices=LANGUAGE_CHOICES, default="ka", validators=[DataRequired()])
    annex = BooleanField(_l("Add a list of the staff in post (names, positions, units)"))


class MeReportForm(FlaskForm):
    document = HiddenField(validators=[DataRequired(), Regexp(r"^\d{1,10}$")])
    lang = RadioField(_l("Language of the report"), choices=LANGUAGE_CHOICES, default="ka", validators=[DataRequired()])


class LearningReportForm(FlaskForm):
    unit = HiddenField(validators=[DataRequired(), Regexp(r"^\d{1,10}$")])
    lang = RadioField(_l("Language of the report"), choices=LANGUAGE_CHOICES, default="ka", validators=[DataRequired()])
