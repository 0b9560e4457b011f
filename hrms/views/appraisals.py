"""The appraisal form: one page whose parts depend on who looks and the state; every part posts to one verb.

What a person sees is decided here from the permission predicates: the employee sees the manager's
ratings only once released and never the private note; a save made on an older version is
refused and the page reloaded with the current one.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.permissions import (
    can_act_as_employee,
    can_act_as_hr,
    can_act_as_manager,
    can_see_private_note,
    can_see_ratings,
    is_interim_evaluator,
    require,
)
from common.reads import personal_data
from common.web import refused
from hrms import bp, scoring
from hrms import queries as q
from hrms.concurrent import changed_meanwhile
from hrms.forms import (
    AppealForm,
    CommentForm,
    EvaluatorForm,
    EvidenceForm,
    FeedbackRequestForm,
    InterimForm,
    ObjectivesForm,
    VersionedForm,
    rating_form,
    ratings_of,
)
from hrms.models import (
    AGREED,
    DRAFT,
    RELEASED,
    RELEASED_STATES,
    SELF_ASSESSED,
    Appraisal,
    Objective,
)
from hrms.operations import feedback as feedback_ops
from hrms.operations import release as release_ops
from hrms.operations import workflow
from hrms.rating_fields import RatingFields
from hrms.views import load_appraisal, log_view

BLANK_OBJECTIVE_ROWS = 3


def roles(appraisal: Appraisal) -> dict[str, bool]:
    me = can_act_as_employee(current_user, appraisal)
    manager = not me and can_act_as_manager(current_user, appraisal)
    hr = not me and can_act_as_hr(current_user, appraisal)
    return {"employee": me, "manager": manager, "hr": hr,
            # The employee sees the manager's ratings once released, and the private note never.
            "see_ratings": can_see_ratings(current_user, appraisal, appraisal.state in RELEASED_STATES),
            "see_private": can_see_private_note(current_user, appraisal)}


def _objectives_form(appraisal: Appraisal) -> ObjectivesForm:
    rows = [{"objective_id": str(o.id), "title": o.title, "measure": o.measure, "weight": o.weight}
            for o in appraisal.objectives] + [{}] * BLANK_OBJECTIVE_ROWS
    return ObjectivesForm(formdata=None, data={"version": appraisal.version, "rows": rows})


class _Forms(dict):
    """The page's forms, each built when the template first asks for it: a state shows two or three of the eleven,
    and building the others (with their CSRF tokens and field bindings) was a sixth of the page."""

    def __init__(self, makers: dict[str, Any], given: dict[str, FlaskForm]) -> None:
        super().__init__(given)
        self.makers = makers

    def __missing__(self, name: str) -> FlaskForm:
        form = self[name] = self.makers[name]()
        return form


def render_page(appraisal: Appraisal, stale: str | None = None, **forms: Any) -> str:
    """The page; ``stale`` names a form whose save was refused because someone saved first: it keeps what was
    typed, moves to the current version, and the page lists what changed meanwhile."""
    who = roles(appraisal)
    version = {"version": appraisal.version}
    defaults = {
        "objectives": lambda: _objectives_form(appraisal),
        "agree": lambda: VersionedForm(formdata=None, data=version),
        "evidence": lambda: EvidenceForm(formdata=None),
        "midyear": lambda: CommentForm(formdata=None, data=version | {"comment": appraisal.midyear_comment or ""}),
        "self": lambda: rating_form(appraisal, manager=False, formdata=None,
                                    data=version | {"comment": appraisal.self_comment or ""}),
        "assess": lambda: rating_form(appraisal, manager=True, formdata=None, data=version | {
            "comment": appraisal.manager_comment or "", "private_note": appraisal.manager_private_note or "",
            "justification": appraisal.label_justification or ""}),
        "acknowledge": lambda: CommentForm(formdata=None, data=version),
        "appeal": lambda: AppealForm(formdata=None, data=version),
        "evaluator": lambda: EvaluatorForm(formdata=None),
        "interim": lambda: InterimForm(formdata=None),
        "feedback": lambda: FeedbackRequestForm(formdata=None),
    }
    posted = [form for form in forms.values() if form is not None]
    built = _Forms(defaults, {name: form for name, form in forms.items() if form is not None})
    meanwhile = None
    if stale in defaults:
        meanwhile = changed_meanwhile(built[stale], defaults[stale]())
        built[stale].version.data = appraisal.version
    runs_feedback = feedback_ops.may_run_round(current_user, appraisal)
    if runs_feedback:  # the person appraised never gets the list: it would show who was already asked
        built["feedback"].respondent.choices = [(e.id, e.full_name) for e in q.feedback_candidates(appraisal)]
    feedback_round = appraisal.feedback_round  # read with the appraisal (hrms.queries.appraisal_for_page)
    feedback_ops.close_if_due(feedback_round)
    log_view(appraisal)
    return render_template(
        "hrms/appraisal.html", appraisal=appraisal, cycle=appraisal.cycle, who=who, forms=built, posted=posted,
        rating_field=RatingFields(),  # the rating selects, as the ``field`` macro renders them (hrms.rating_fields)
        # The final score and label are the stored ones (appraisal.score, .label); only the sections' breakdown,
        # which is not stored, is worked out for the page.
        sections=scoring.section_scores(appraisal) if who["see_ratings"] and appraisal.label else None,
        feedback=q.feedback_view(appraisal, show_raters=runs_feedback, feedback_round=feedback_round),
        runs_feedback=runs_feedback,
        history=q.history(appraisal),
        manager_may_assess=workflow.manager_may_assess(appraisal), may_finalise=release_ops.may_finalise(appraisal),
        window_end=workflow.appeal_window_end(appraisal),
        my_interim=next((i for i in appraisal.interims if i.recorded_at is None
                         and is_interim_evaluator(current_user, i)), None),
        states={"draft": DRAFT, "agreed": AGREED, "self_assessed": SELF_ASSESSED, "released": RELEASED},
        meanwhile=meanwhile)


@bp.route("/appraisals/<int:appraisal_id>")
@require("signed_in")
@personal_data("appraisal")
def appraisal(appraisal_id: int) -> str:
    return render_page(load_appraisal(appraisal_id))


def attempt(appraisal: Appraisal, name: str, form: FlaskForm, action: Any, done: str,
            then: str | None = None) -> str | Response:
    """Validate, run the operation, then redirect with ``done``; a stale save reloads the current version."""
    if form.validate_on_submit():
        try:
            action()
        except OperationError as error:
            if error.details.get("stale"):
                db.session.rollback()
                if hasattr(form, "version"):  # keep what was typed; show what changed meanwhile
                    flash(_("Someone else saved this appraisal after you opened it. Nothing of yours is saved yet: "
                            "what you typed is kept below, beside what changed meanwhile."), "error")
                    return render_page(load_appraisal(appraisal.id), stale=name, **{name: form})
                flash(str(error), "error")
                return redirect(url_for("hrms.appraisal", appraisal_id=appraisal.id))
            refused(error, form)
        else:
            flash(done, "success")
            return redirect(then or url_for("hrms.appraisal", appraisal_id=appraisal.id))
    return render_page(load_appraisal(appraisal.id), **{name: form})


def attempt_on(appraisal_id: int, name: str, form: FlaskForm, operation: Any, done: str) -> str | Response:
    """``attempt`` on the appraisal of the address, with ``operation(appraisal, form)`` (``appraisal_actions`` too)."""
    appraisal = load_appraisal(appraisal_id)
    return attempt(appraisal, name, form, lambda: operation(appraisal, form), done)


@bp.route("/appraisals/<int:appraisal_id>/objectives", methods=["POST"])
@require("signed_in")
@personal_data("appraisal")
def save_objectives(appraisal_id: int) -> str | Response:
    def run(appraisal: Appraisal, form: ObjectivesForm) -> None:
        rows = [workflow.ObjectiveInput(title=row.title.data or "", measure=row.measure.data or "",
                                        weight=row.weight.data or 0,
                                        id=int(row.objective_id.data) if row.objective_id.data else None)
                for row in form.rows]
        workflow.save_objectives(appraisal, rows, actor=current_user, version=form.version.data)

    return attempt_on(appraisal_id, "objectives", ObjectivesForm(), run,
                      _("Objectives saved. Both sides agree them next."))


@bp.route("/appraisals/<int:appraisal_id>/agree", methods=["POST"])
@require("signed_in")
@personal_data("appraisal")
def agree_objectives(appraisal_id: int) -> str | Response:
    return attempt_on(appraisal_id, "agree", VersionedForm(),
                      lambda a, f: workflow.agree_objectives(a, actor=current_user, version=f.version.data),
                      _("Your agreement is recorded."))


@bp.route("/appraisals/<int:appraisal_id>/objectives/<int:objective_id>/evidence", methods=["POST"])
@require("signed_in")
@personal_data("appraisal")
def add_evidence(appraisal_id: int, objective_id: int) -> str | Response:
    objective = db.session.get(Objective, objective_id)
    if objective is None or objective.appraisal_id != appraisal_id:
        abort(404)
    return attempt_on(appraisal_id, "evidence", EvidenceForm(),
                      lambda a, f: workflow.add_evidence(objective, f.text.data, f.noted_on.data, actor=current_user),
                      _("Note added."))


@bp.route("/appraisals/<int:appraisal_id>/midyear", methods=["POST"])
@require("signed_in")
@personal_data("appraisal")
def record_midyear(appraisal_id: int) -> str | Response:
    return attempt_on(appraisal_id, "midyear", CommentForm(),
                      lambda a, f: workflow.record_midyear(a, f.comment.data or "", actor=current_user,
                                                           version=f.version.data),
                      _("Mid-year check-in recorded."))


@bp.route("/appraisals/<int:appraisal_id>/self-assessment", methods=["POST"])
@require("signed_in")
@personal_data("appraisal")
def self_assessment(appraisal_id: int) -> str | Response:
    appraisal = load_appraisal(appraisal_id)
    form = rating_form(appraisal, manager=False)
    submit = _submitting()

    def run() -> None:
        objectives, competencies = ratings_of(form)
        workflow.save_self_assessment(appraisal, objectives, competencies, form.comment.data or "", submit=submit,
                                      actor=current_user, version=form.version.data)

    return attempt(appraisal, "self", form, run,
                   _("Self-assessment submitted.") if submit else _("Self-assessment saved as a draft."))


@bp.route("/appraisals/<int:appraisal_id>/assessment", methods=["POST"])
@require("signed_in")
@personal_data("appraisal")
def manager_assessment(appraisal_id: int) -> str | Response:
    appraisal = load_appraisal(appraisal_id)
    form = rating_form(appraisal, manager=True)
    submit = _submitting()

    def run() -> None:
        objectives, competencies = ratings_of(form)
        workflow.save_manager_assessment(
            appraisal, objectives, competencies, comment=form.comment.data or "",
            private_note=form.private_note.data or "", proposed_label=form.proposed_label.data or None,
            justification=form.justification.data or "", submit=submit, actor=current_user,
            version=form.version.data, close_open_feedback=bool(form.close_feedback.data))

    return attempt(appraisal, "assess", form, run,
                   _("Assessment submitted for calibration.") if submit else _("Assessment saved as a draft."))


def _submitting() -> bool:
    """The form has two buttons: save a draft, or submit (which moves the appraisal on)."""
    return request.form.get("action") == "submit"
