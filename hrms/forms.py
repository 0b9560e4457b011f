"""Forms of the appraisal pages. Rating forms are built per appraisal: one field per criterion.

Every form that saves an appraisal carries the version it was opened at (a hidden field), so the
operation can refuse a save made on top of someone else's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from common.i18n import lazy_gettext as _l
from common.i18n import lazy_pgettext as _pl
from common.labels import EMPLOYMENT_TYPE_LABELS
from hrms.anchors import anchors_for, choice_text
from hrms.labels import FEEDBACK_ANCHORS, RATING_LABELS, SECTION_LABELS, TRACK_LABELS
from hrms.models import LABELS

PERSONAL_NUMBER = Regexp(r"^\d{11}$", message=_l("A personal number has exactly 11 digits."))


def label_choices(blank: Any = None) -> list[tuple[str, Any]]:
    return ([("", blank)] if blank else []) + [(code, RATING_LABELS[code]) for code in LABELS]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VersionedForm(FlaskForm):
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class TemplateForm(FlaskForm):
    name_ka = StringField(_pl("object name", "Name in Georgian"), validators=[DataRequired(), Length(max=255)])
    name_en = StringField(_pl("object name", "Name in English"), validators=[DataRequired(), Length(max=255)])
    methodology_ref_ka = StringField(_l("Methodology (legal reference) in Georgian"), validators=[Length(max=255)],
                                     description=_l("The act the method follows; each cycle keeps the one it ran "
                                                    "under."))
    methodology_ref = StringField(_l("Methodology (legal reference) in English"), validators=[Length(max=255)])
    objectives_weight = IntegerField(_l("Weight of the objectives section"), default=60,
                                     validators=[InputRequired(), NumberRange(0, 100)])
    competencies_weight = IntegerField(_l("Weight of the competencies section"), default=40,
                                       validators=[InputRequired(), NumberRange(0, 100)],
                                       description=_l("The two section weights must total 100."))
    band_excellent = IntegerField(_l("Excellent from (score × 100)"), default=450,
                                  validators=[InputRequired(), NumberRange(0, 500)])
    band_good = IntegerField(_l("Good from (score × 100)"), default=350, validators=[InputRequired(),
                                                                                    NumberRange(0, 500)])
    band_satisfactory = IntegerField(_l("Satisfactory from (score × 100)"), default=250,
                                     validators=[InputRequired(), NumberRange(0, 500)],
                                     description=_l("Below this the label is unsatisfactory. Scores run 1 to 5."))
    anchors = TextAreaField(_l("What each rating level means"), validators=[Optional(), Length(max=2000)],
                            description=_l("One line per level, level 1 first. Shown beside every rating of the "
                                           "assessment form. Empty: the standard descriptions."))


def template_form(competencies: list[Any], **kwargs: Any) -> TemplateForm:
    """The template form with one weight field per competency of the framework (0: not used)."""

    class Form_(TemplateForm):
        pass

    for competency in competencies:
        setattr(Form_, f"comp_{competency.id}", IntegerField(
            competency.name, default=0, validators=[Optional(), NumberRange(0, 100)]))
    return Form_(**kwargs)


class CycleForm(FlaskForm):
    name_ka = StringField(_pl("object name", "Name in Georgian"), validators=[DataRequired(), Length(max=255)])
    name_en = StringField(_pl("object name", "Name in English"), validators=[DataRequired(), Length(max=255)])
    track = SelectField(_l("Track"), choices=list(TRACK_LABELS.items()))
    template = SelectField(_l("Template"), coerce=int, choices=[])
    # A text field with a list to choose from (``<datalist id="unit-options">``): typing part of the unit's name
    # or code narrows the list, without JavaScript. The choice reads "CODE · name"; the code is what counts.
    unit_code = StringField(_l("Org unit"), validators=[DataRequired(), Length(max=300)],
                            filters=[lambda value: value.split(" · ")[0].strip() if value else value],
                            render_kw={"list": "unit-options", "autocomplete": "off"},
                            description=_l("Type part of the unit's name or code and choose it from the list. Everyone "
                                           "eligible in this unit and the units below it is appraised."))
    employment_types = MultiCheckboxField(_l("Employment types"), choices=list(EMPLOYMENT_TYPE_LABELS.items()),
                                          default=["professional"])
    unused_sections = MultiCheckboxField(_l("Sections not used in this cycle"), choices=list(SECTION_LABELS.items()),
                                         description=_l("The other sections' weights are re-normalised."))
    period_start = DateField(_l("Period starts"), validators=[DataRequired()])
    period_end = DateField(_l("Period ends"), validators=[DataRequired()])
    objectives_due = DateField(_l("Objectives agreed by"), validators=[DataRequired()])
    midyear_due = DateField(_l("Mid-year check-in by (optional)"), validators=[Optional()])
    self_assessment_due = DateField(_l("Self-assessment by"), validators=[DataRequired()])
    manager_assessment_due = DateField(_l("Manager assessment by"), validators=[DataRequired()])
    calibration_due = DateField(_l("Calibration by"), validators=[DataRequired()])
    release_due = DateField(_l("Release by"), validators=[DataRequired()])
    appeal_days = IntegerField(_l("Days to appeal after release"), default=14,
                               validators=[InputRequired(), NumberRange(1, 90)])
    appeal_decision_days = IntegerField(_l("Days to decide an appeal"), default=30,
                                        validators=[InputRequired(), NumberRange(1, 180)])
    excellent_cap = IntegerField(_l("Guideline: largest share rated excellent, in percent"), default=20,
                                 validators=[InputRequired(), NumberRange(0, 100)])
    need_below = IntegerField(_l("Training need: a competency rated below (optional)"),
                              validators=[Optional(), NumberRange(1, 10)],
                              description=_l("Each competency finally rated below this becomes a training need. "
                                             "Empty: ratings at or below half the scale."))
    override_reason = TextAreaField(_l("Reason to run it beside an overlapping cycle"),
                                    validators=[Optional(), Length(max=2000)],
                                    description=_l("Needed only when an open cycle already covers the same people "
                                                   "and period."))


class ObjectiveRow(Form):
    objective_id = HiddenField()
    title = StringField(_l("Objective"), validators=[Length(max=255)])
    measure = StringField(_l("How it is measured"), validators=[Length(max=1000)])
    weight = IntegerField(_l("Weight"), validators=[Optional(), NumberRange(0, 100)])


class ObjectivesForm(VersionedForm):
    rows = FieldList(FormField(ObjectiveRow), min_entries=1)


class EvidenceForm(FlaskForm):
    noted_on = DateField(_l("Date"), default=date.today, validators=[DataRequired()])
    text = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=4000)])


class CommentForm(VersionedForm):
    comment = TextAreaField(_l("Comment"), validators=[Length(max=4000)])


class AppealForm(VersionedForm):
    reason = TextAreaField(_l("Why you appeal"), validators=[DataRequired(), Length(max=4000)])


class EvaluatorForm(FlaskForm):
    personal_number = StringField(_l("Personal number of the new evaluator"), validators=[DataRequired(),
                                                                                        PERSONAL_NUMBER])


class InterimForm(FlaskForm):
    label = SelectField(_l("Rating so far (optional)"), choices=label_choices(_l("No rating")), default="")
    comment = TextAreaField(_l("Interim assessment"), validators=[DataRequired(), Length(max=4000)])


class FeedbackRequestForm(FlaskForm):
    respondent = SelectField(_l("Ask for feedback from"), coerce=int, choices=[])
    closes_on = DateField(_l("The round closes on"), validators=[Optional()],
                          description=_l("Answers are accepted until the end of this day. Nothing is shown before "
                                         "the round closes. Leave empty for the manager-assessment deadline."))


def feedback_answer_form(criteria: list[Any], **kwargs: Any) -> FlaskForm:
    """One 1–5 question per competency (``q_<criterion id>``; ``q_0`` overall when there is none), and a comment."""
    choices = [("", _l("Choose an answer"))] + [(str(n), text) for n, text in FEEDBACK_ANCHORS.items()]
    required = DataRequired(message=_l("Answer this question."))

    class FeedbackAnswerForm(FlaskForm):
        comment = TextAreaField(_l("Comment (optional)"), validators=[Optional(), Length(max=2000)],
                                description=_l("Shown without your name, mixed with the others' comments in a "
                                               "random order, and only if at least three colleagues answer."))

    for criterion in criteria:
        setattr(FeedbackAnswerForm, f"q_{criterion.id}", SelectField(criterion.competency.name, choices=choices,
                                                                     validators=[required]))
    if not criteria:
        FeedbackAnswerForm.q_0 = SelectField(_l("Overall, how well does this colleague do the job?"),
                                             choices=choices, validators=[required])
    return FeedbackAnswerForm(**kwargs)


def feedback_answers_of(form: FlaskForm) -> dict[int, int | None]:
    return {int(name[2:]): (int(field.data) if field.data else None)
            for name, field in form._fields.items() if name.startswith("q_")}


class CalibrateForm(VersionedForm):
    label = SelectField(_l("New label"), choices=label_choices())
    reason = TextAreaField(_l("Reason for the change"), validators=[DataRequired(), Length(max=4000)])


class AssignReviewerForm(FlaskForm):
    personal_number = StringField(_l("Reviewer's personal number"), validators=[Optional(), PERSONAL_NUMBER])
    committee = StringField(_l("Or a committee"), validators=[Length(max=255)])


class AppealDecisionForm(FlaskForm):
    outcome = SelectField(_l("Decision"), choices=[("upheld", _l("Rating upheld")), ("changed", _l("Rating changed"))])
    label = SelectField(_l("New label (if changed)"), choices=label_choices(_l("Unchanged")), default="")
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=4000)])


class ConsequenceForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=[("confirm", _l("Confirm")), ("reject", _l("Reject"))])
    note = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=4000)])


def rating_form(appraisal: Any, *, manager: bool, **kwargs: Any) -> FlaskForm:
    """A field per objective (``o_<id>``) and per competency criterion (``c_<id>``), plus the comments."""
    cycle = appraisal.cycle
    anchors = anchors_for(cycle.template)
    choices = [("", _l("Not rated"))] + [(str(n), choice_text(n, anchors)) for n in anchors]
    field_name = "manager_rating" if manager else "self_rating"

    def beside(rated: Any) -> Any:
        """The manager's field shows the employee's own rating of the same item beside it."""
        if not manager:
            return None
        own = rated.self_rating if rated is not None else None
        return _l("Self-rating: %(r)s", r=choice_text(own, anchors)) if own else _l("Not self-rated")

    class RatingForm(VersionedForm):
        comment = TextAreaField(_l("Overall comment"), validators=[Length(max=4000)])

    if manager:
        RatingForm.private_note = TextAreaField(_l("Private note (never shown to the employee)"),
                                                validators=[Length(max=4000)])
        RatingForm.proposed_label = SelectField(_l("Final label"), choices=label_choices(_l("As the score gives")),
                                                  default="")
        RatingForm.justification = TextAreaField(_l("Justification for a different label"),
                                                 validators=[Length(max=4000)])
        RatingForm.close_feedback = BooleanField(_l("Submit anyway and close the feedback round with the answers "
                                                    "received so far"))
    data: dict[str, Any] = {}
    if cycle.uses("objectives"):
        for objective in appraisal.objectives:
            setattr(RatingForm, f"o_{objective.id}", SelectField(objective.title, choices=choices, default="",
                                                                 description=beside(objective)))
            data[f"o_{objective.id}"] = str(getattr(objective, field_name) or "")
    section = cycle.template.section("competencies")
    if section is not None and cycle.uses("competencies"):
        rows = {r.criterion_id: r for r in appraisal.competency_ratings}
        for criterion in section.criteria:
            row = rows.get(criterion.id)
            setattr(RatingForm, f"c_{criterion.id}", SelectField(criterion.competency.name, choices=choices,
                                                                 default="", description=beside(row)))
            data[f"c_{criterion.id}"] = str(getattr(rows.get(criterion.id), field_name, None) or "")
    return RatingForm(data=data | kwargs.pop("data", {}), **kwargs)


def ratings_of(form: FlaskForm) -> tuple[dict[int, int | None], dict[int, int | None]]:
    """The form's answers as {objective id: rating} and {criterion id: rating}."""
    objectives, competencies = {}, {}
    for name, field in form._fields.items():
        if name[:2] in ("o_", "c_"):
            value = int(field.data) if field.data else None
            (objectives if name[0] == "o" else competencies)[int(name[2:])] = value
    return objectives, competencies
