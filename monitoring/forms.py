"""WTForms of the M&E pages. The data-entry form is built per indicator: one row per disaggregation cell."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from common.i18n import lazy_gettext as _l
from monitoring import cells
from monitoring.models import IMPLEMENTATION

KIND_CHOICES = [("strategy", _l("Strategy")), ("action_plan", _l("Action plan"))]
UNIT_CHOICES = [("number", _l("Number")), ("percentage", _l("Percentage")), ("currency", _l("Currency (GEL)")),
                ("yes_no", _l("Yes/no"))]
DIRECTION_CHOICES = [("increase", _l("Increase is better")), ("decrease", _l("Decrease is better"))]
AGGREGATION_CHOICES = [("sum", _l("Sum (accumulates over time)")), ("average", _l("Average")),
                       ("last", _l("Last value"))]
FREQUENCY_CHOICES = [("", _l("Not set")), ("monthly", _l("Monthly")), ("quarterly", _l("Quarterly")),
                     ("semiannual", _l("Every half year")), ("annual", _l("Annual"))]
LEVEL_CHOICES = [("outcome", _l("Outcome")), ("output", _l("Output"))]
COMPONENT_LABELS = {"value": _l("Value"), "numerator": _l("Numerator"), "denominator": _l("Denominator")}
IMPLEMENTATION_LABELS = {"fully": _l("Fully implemented"), "mostly": _l("Mostly implemented"),
                         "partially": _l("Partially implemented"), "not": _l("Not implemented")}
CODE = [DataRequired(), Length(max=32), Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Letters, digits, dots and dashes."))]


def _unit_choices(field: Any, units: list[Any], empty: str | None = None) -> None:
    field.choices = ([("", empty)] if empty else []) + [(str(u.id), f"{u.name} ({u.code})") for u in units]


class DocumentForm(FlaskForm):
    code = StringField(_l("Code"), validators=CODE)
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES)
    title_ka = StringField(_l("Title in Georgian"), validators=[DataRequired(), Length(max=255)])
    title_en = StringField(_l("Title in English"), validators=[DataRequired(), Length(max=255)])
    owner_unit_id = SelectField(_l("Owner agency"), coerce=int)
    period_start = DateField(_l("Starts on"), validators=[DataRequired()])
    period_end = DateField(_l("Ends on"), validators=[DataRequired()])
    legal_act_ka = StringField(_l("Approved by (legal act), in Georgian"), validators=[Length(max=255)],
                               description=_l("For example: Government Decree No. 274 of 2023."))
    legal_act = StringField(_l("Approved by (legal act), in English"), validators=[Length(max=255)])
    levels = StringField(_l("Levels of the results tree"), default="goal, objective, output",
                         validators=[DataRequired(), Length(max=200)],
                         description=_l("From the top down, separated by commas."))
    entry_window_days = IntegerField(_l("Entry closes this many days after a period ends"), default=30,
                                     validators=[InputRequired(), NumberRange(min=0, max=3650)])
    green_threshold = FloatField(_l("Green from (share of expected progress)"), default=0.9,
                                 validators=[InputRequired(), NumberRange(min=0.01, max=2)])
    amber_threshold = FloatField(_l("Amber from"), default=0.7, validators=[InputRequired(), NumberRange(0.01, 2)])
    reason = TextAreaField(_l("Reason for this version"), validators=[Length(max=2000)])

    def passport(self) -> dict[str, Any]:
        data = {name: getattr(self, name).data for name in (
            "code", "kind", "title_ka", "title_en", "owner_unit_id", "period_start", "period_end", "legal_act",
            "legal_act_ka", "entry_window_days", "green_threshold", "amber_threshold")}
        data["levels"] = [part.strip() for part in self.levels.data.split(",") if part.strip()]
        return data


class ResultForm(FlaskForm):
    parent_id = SelectField(_l("Under"), coerce=str, default="")
    code = StringField(_l("Code"), validators=CODE, description=_l("For example 1.2.3."))
    title_ka = StringField(_l("Title in Georgian"), validators=[DataRequired(), Length(max=500)])
    title_en = StringField(_l("Title in English"), validators=[DataRequired(), Length(max=500)])
    responsible_unit_id = SelectField(_l("Responsible agency"), coerce=str, default="")
    partner_ids = SelectMultipleField(_l("Partner agencies"), coerce=str)
    start_date = DateField(_l("Starts on"), validators=[Optional()])
    end_date = DateField(_l("Ends on"), validators=[Optional()])
    budget_planned = FloatField(_l("Planned budget (GEL)"), validators=[Optional(), NumberRange(min=0)])
    budget_spent = FloatField(_l("Spent so far (GEL)"), validators=[Optional(), NumberRange(min=0)])


class IndicatorForm(FlaskForm):
    result_id = SelectField(_l("Result it measures"), coerce=int)
    code = StringField(_l("Code"), validators=CODE)
    name_ka = StringField(_l("Indicator name in Georgian"), validators=[DataRequired(), Length(max=500)])
    name_en = StringField(_l("Indicator name in English"), validators=[DataRequired(), Length(max=500)])
    definition_ka = TextAreaField(_l("Definition in Georgian"), validators=[Length(max=5000)])
    definition = TextAreaField(_l("Definition in English"), validators=[Length(max=5000)])
    level = SelectField(_l("Level"), choices=LEVEL_CHOICES)
    unit = SelectField(_l("Unit"), choices=UNIT_CHOICES)
    direction = SelectField(_l("Direction"), choices=DIRECTION_CHOICES)
    aggregation = SelectField(_l("Aggregation"), choices=AGGREGATION_CHOICES)
    frequency = SelectField(_l("Reporting frequency"), choices=FREQUENCY_CHOICES, default="")
    baseline_value = FloatField(_l("Baseline value"), validators=[Optional()])
    baseline_year = IntegerField(_l("Baseline year"), validators=[Optional(), NumberRange(1990, 2100)])
    baseline_not_available = BooleanField(_l("No baseline is available"))
    source_ka = TextAreaField(_l("Source of verification, in Georgian"), validators=[Length(max=2000)])
    source = TextAreaField(_l("Source of verification, in English"), validators=[Length(max=2000)])
    method_ka = TextAreaField(_l("Calculation method, in Georgian"), validators=[Length(max=2000)])
    method = TextAreaField(_l("Calculation method, in English"), validators=[Length(max=2000)])
    responsible_unit_id = SelectField(_l("Responsible org unit"), coerce=str, default="")
    tags = StringField(_l("Other frameworks"), validators=[Length(max=500)],
                       description=_l("Comma-separated, for example: SDG 16.6.1, EU-AA Art. 4."))
    dimensions = SelectMultipleField(_l("Disaggregated by"), choices=[(n, cells.LABELS[n]) for n in cells.BUILTIN])
    custom_dimensions = TextAreaField(_l("Custom dimensions"), validators=[Length(max=2000)],
                                      description=_l("One per line: name: value, value (for example "
                                                     "channel: online, office)."))
    computed = BooleanField(_l("Computed: numerator ÷ denominator × factor"))
    numerator_label_ka = StringField(_l("What the numerator counts, in Georgian"), validators=[Length(max=255)])
    numerator_label = StringField(_l("What the numerator counts, in English"), validators=[Length(max=255)])
    denominator_label_ka = StringField(_l("What the denominator counts, in Georgian"), validators=[Length(max=255)])
    denominator_label = StringField(_l("What the denominator counts, in English"), validators=[Length(max=255)])
    factor = FloatField(_l("Factor"), default=1.0, validators=[Optional()])
    range_min = FloatField(_l("Lowest plausible value"), validators=[Optional()])
    range_max = FloatField(_l("Highest plausible value"), validators=[Optional()])

    def validate_custom_dimensions(self, field: Any) -> None:
        for line in filter(None, (line.strip() for line in (field.data or "").splitlines())):
            name, _sep, values = line.partition(":")
            if not re.fullmatch(cells.NAME_PATTERN, name.strip()) or not values.strip():
                raise ValidationError(_l("Write each dimension as name: value, value (a lower-case name)."))

    def passport(self) -> dict[str, Any]:
        names = ("code", "name_ka", "name_en", "definition", "level", "unit", "direction", "aggregation",
                 "baseline_value", "baseline_year", "baseline_not_available", "source", "method", "computed",
                 "numerator_label", "denominator_label", "range_min", "range_max", "definition_ka", "source_ka",
                 "method_ka", "numerator_label_ka", "denominator_label_ka")
        data = {name: getattr(self, name).data for name in names}
        for name in names[-5:]:  # optional Georgian texts: stored as "" when left out
            data[name] = data[name] or ""
        data["frequency"] = self.frequency.data or None
        data["factor"] = self.factor.data if self.factor.data is not None else 1.0
        data["responsible_unit_id"] = int(self.responsible_unit_id.data) if self.responsible_unit_id.data else None
        data["tags"] = [tag.strip() for tag in (self.tags.data or "").split(",") if tag.strip()]
        dimensions = {name: list(cells.BUILTIN[name]) for name in self.dimensions.data or []}
        for line in filter(None, (line.strip() for line in (self.custom_dimensions.data or "").splitlines())):
            name, _sep, values = line.partition(":")
            dimensions[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
        data["dimensions"] = dimensions
        return data


class TargetForm(FlaskForm):
    period = StringField(_l("Period"), validators=[DataRequired(), Length(max=8)],
                         description=_l("A year (2026), half-year (2026S1), quarter (2026Q1) or month (2026-01)."))
    value = FloatField(_l("Target"), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason for the revision"), validators=[Length(max=2000)],
                           description=_l("Required when an existing target changes; kept in the history."))


class ActivityReportForm(FlaskForm):
    period = StringField(_l("Reporting period"), validators=[DataRequired(), Length(max=8)],
                         description=_l("A half-year (2025S1) or a year (2025)."))
    status = SelectField(_l("Implementation"), choices=[(s, IMPLEMENTATION_LABELS[s]) for s in IMPLEMENTATION])
    narrative_ka = TextAreaField(_l("What was done, in Georgian"), validators=[Length(max=5000)])
    narrative = TextAreaField(_l("What was done, in English"), validators=[Length(max=5000)])


class SpendingForm(FlaskForm):
    amount = FloatField(_l("Spent so far (GEL)"), validators=[InputRequired(), NumberRange(min=0)])
    as_of = DateField(_l("Spent by (date)"), validators=[DataRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)],
                       description=_l("For example: the first instalment to the contractor."))


class ImportForm(FlaskForm):
    file = FileField(_l("File to import"), validators=[
        FileRequired(_l("Choose a file to import.")),
        FileAllowed(["csv", "xlsx"], _l("Only CSV and Excel (.xlsx) files can be imported.")),
    ], render_kw={"accept": ".csv,.xlsx"})
    submit_values = BooleanField(_l("Submit the imported values for approval"), default=True)
    dry_run = BooleanField(_l("Only check the file; do not import anything"))


class DecisionForm(FlaskForm):
    comment = TextAreaField(_l("Comment for the agency"), validators=[Length(max=2000)],
                            description=_l("Required when returning values."))


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class PlainForm(FlaskForm):
    """A button that only needs its CSRF token (publish, submit)."""

    action = HiddenField()




def entry_form(indicator: Any, cell_keys: list[str], component_labels: dict[str, Any]) -> type[FlaskForm]:
    """A form class with, per cell, a field per component (value, or numerator and denominator), a comment and
    an evidence file. Field names carry the row number: ``v_3_numerator``, ``c_3``, ``e_3``."""

    class EntryForm(FlaskForm):
        pass

    for row, cell_key in enumerate(cell_keys):
        where = cells.label(cell_key)
        for component in indicator.components:
            label = f"{component_labels[component]}, {where}"
            if indicator.unit == "yes_no":
                field = SelectField(label, choices=[("", "—"), ("1", _l("Yes")), ("0", _l("No"))])
            else:
                field = FloatField(label, validators=[Optional()])
            setattr(EntryForm, f"v_{row}_{component}", field)
        setattr(EntryForm, f"c_{row}", StringField(_l("Comment, %(where)s", where=where),
                                                   validators=[Optional(), Length(max=2000)]))
        setattr(EntryForm, f"e_{row}", FileField(_l("Evidence file, %(where)s", where=where)))
    return EntryForm


class RuleForm(FlaskForm):
    left = SelectField(_l("Data element"))
    operator = SelectField(_l("Must be"), choices=[("<=", _l("at most")), ("<", _l("less than")),
                                                   (">=", _l("at least")), (">", _l("more than")),
                                                   ("==", _l("equal to"))])
    right = SelectField(_l("Compared with"))
    message = StringField(_l("Message shown when the rule is broken"), validators=[Length(max=500)])

    def offer(self, indicators: list[Any], labels: dict[str, Any]) -> None:
        elements = [(f"{i.id}:{c}", f"{i.code} {labels[c]}" if i.computed else i.code)
                    for i in indicators for c in i.components]
        self.left.choices = self.right.choices = elements
