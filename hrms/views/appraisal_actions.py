"""The appraisal form's later verbs: HR's release and sign-off, the employee's acknowledgement or appeal, a change
of evaluator with the outgoing one's interim assessment, and the feedback round. Each posts from the form's page
(``appraisals.render_page``) and comes back to it, as the earlier verbs do (``appraisals.attempt``).
"""

from __future__ import annotations

from flask import abort, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.models import Employee
from common.permissions import require
from common.reads import personal_data
from hrms import bp
from hrms import queries as q
from hrms.forms import AppealForm, CommentForm, EvaluatorForm, FeedbackRequestForm, InterimForm
from hrms.models import Appraisal, InterimAssessment
from hrms.operations import cycles as cycle_ops
from hrms.operations import feedback as feedback_ops
from hrms.operations import release as release_ops
from hrms.views import load_appraisal
from hrms.views.appraisals import attempt, attempt_on


@bp.route("/appraisals/<int:appraisal_id>/release", methods=["POST"])
@require("hr.manage_cycles")
@personal_data("appraisal")
def release(appraisal_id: int) -> str | Response:
    return attempt_on(appraisal_id, "action", FlaskForm(), lambda a, f: release_ops.release(a, actor=current_user),
                      _("Released to the employee."))


@bp.route("/appraisals/<int:appraisal_id>/finalise", methods=["POST"])
@require("hr.manage_cycles")
@personal_data("appraisal")
def finalise(appraisal_id: int) -> str | Response:
    return attempt_on(appraisal_id, "action", FlaskForm(), lambda a, f: release_ops.finalise(a, actor=current_user),
                      _("The appraisal is final."))


@bp.route("/appraisals/<int:appraisal_id>/acknowledge", methods=["POST"])
@require("signed_in")
@personal_data("appraisal")
def acknowledge(appraisal_id: int) -> str | Response:
    return attempt_on(appraisal_id, "acknowledge", CommentForm(),
                      lambda a, f: release_ops.acknowledge(a, f.comment.data or "", actor=current_user,
                                                           version=f.version.data),
                      _("Thank you: your acknowledgement is recorded."))


@bp.route("/appraisals/<int:appraisal_id>/appeal", methods=["POST"])
@require("signed_in")
@personal_data("appraisal")
def appeal(appraisal_id: int) -> str | Response:
    return attempt_on(appraisal_id, "appeal", AppealForm(),
                      lambda a, f: release_ops.appeal(a, f.reason.data, actor=current_user, version=f.version.data),
                      _("Your appeal is filed. HR will assign a reviewer."))


@bp.route("/appraisals/<int:appraisal_id>/evaluator", methods=["POST"])
@require("hr.manage_cycles")
@personal_data("appraisal")
def change_evaluator(appraisal_id: int) -> str | Response:
    def run(appraisal: Appraisal, form: EvaluatorForm) -> None:
        evaluator = q.employee_by_number(form.personal_number.data)
        if evaluator is None:
            raise OperationError(_("Nobody in the directory has this personal number."), field="personal_number")
        cycle_ops.change_evaluator(appraisal, evaluator, actor=current_user)

    return attempt_on(appraisal_id, "evaluator", EvaluatorForm(), run,
                      _("Evaluator changed; the outgoing one is asked for an interim assessment."))


@bp.route("/appraisals/<int:appraisal_id>/interim/<int:interim_id>", methods=["POST"])
@require("signed_in")
@personal_data("appraisal")
def record_interim(appraisal_id: int, interim_id: int) -> str | Response:
    interim = db.session.get(InterimAssessment, interim_id)
    if interim is None or interim.appraisal_id != appraisal_id:
        abort(404)
    appraisal, form = load_appraisal(appraisal_id), InterimForm()
    # Once recorded, the outgoing manager's access to the appraisal ends: back to their own start page.
    return attempt(appraisal, "interim", form,
                   lambda: cycle_ops.record_interim(interim, label=form.label.data or None, comment=form.comment.data,
                                                    actor=current_user),
                   _("Interim assessment recorded."), then=url_for("hrms.index"))


@bp.route("/appraisals/<int:appraisal_id>/feedback", methods=["POST"])
@require("signed_in")
@personal_data("appraisal")
def request_feedback(appraisal_id: int) -> str | Response:
    appraisal = load_appraisal(appraisal_id)
    if not feedback_ops.may_run_round(current_user, appraisal):
        abort(403)
    form = FeedbackRequestForm()
    form.respondent.choices = [(e.id, e.full_name) for e in q.feedback_candidates(appraisal)]

    def run() -> None:
        respondent = db.session.get(Employee, form.respondent.data)
        feedback_ops.request_feedback(appraisal, respondent, actor=current_user, closes_on=form.closes_on.data)

    return attempt(appraisal, "feedback", form, run, _("Feedback requested."))


@bp.route("/appraisals/<int:appraisal_id>/feedback/close", methods=["POST"])
@require("signed_in")
@personal_data("appraisal")
def close_feedback(appraisal_id: int) -> str | Response:
    appraisal = load_appraisal(appraisal_id)
    feedback_round = appraisal.feedback_round  # read with the appraisal (hrms.queries.appraisal_for_page)
    if feedback_round is None or not feedback_ops.may_run_round(current_user, appraisal):
        abort(403 if feedback_round is not None else 404)
    return attempt(appraisal, "action", FlaskForm(),
                   lambda: feedback_ops.close_round(feedback_round, actor=current_user),
                   _("The feedback round is closed; its results are final."))
