"""Appeals for HR (open ones, the overdue first; assign a reviewer; record the decision) and feedback answers."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.permissions import can_act_as_hr, can_answer_feedback, require
from common.reads import personal_data, shows
from common.web import refused
from hrms import bp
from hrms import queries as q
from hrms.forms import AppealDecisionForm, AssignReviewerForm, feedback_answer_form, feedback_answers_of
from hrms.models import Appeal, FeedbackRequest
from hrms.operations import feedback as feedback_ops
from hrms.operations import release as release_ops


@bp.route("/appeals")
@require("hr.manage_cycles")
@personal_data("appraisal")
def appeals() -> str:
    return render_template("hrms/appeals.html", appeals=q.appeals_in_scope(current_user), today=date.today())


def _appeal(appeal_id: int) -> Appeal:
    filed = db.session.get(Appeal, appeal_id) or abort(404)
    if not can_act_as_hr(current_user, filed.appraisal):
        abort(403)
    return filed


def _appeal_page(filed: Appeal, assign: AssignReviewerForm | None = None,
                 decide: AppealDecisionForm | None = None) -> str:
    shows(filed.appraisal.employee_id, about=filed)
    return render_template("hrms/appeal.html", appeal=filed, appraisal=filed.appraisal, today=date.today(),
                           assign=assign or AssignReviewerForm(formdata=None),
                           decide=decide or AppealDecisionForm(formdata=None))


@bp.route("/appeals/<int:appeal_id>")
@require("hr.manage_cycles")
@personal_data("appraisal")
def appeal_detail(appeal_id: int) -> str:
    return _appeal_page(_appeal(appeal_id))


@bp.route("/appeals/<int:appeal_id>/reviewer", methods=["POST"])
@require("hr.manage_cycles")
@personal_data("appraisal")
def assign_reviewer(appeal_id: int) -> str | Response:
    filed = _appeal(appeal_id)
    form = AssignReviewerForm()
    if form.validate_on_submit():
        reviewer = q.employee_by_number(form.personal_number.data) if form.personal_number.data else None
        try:
            if form.personal_number.data and reviewer is None:
                raise OperationError(_("Nobody in the directory has this personal number."), field="personal_number")
            release_ops.assign_appeal_reviewer(filed, reviewer=reviewer, committee=form.committee.data or "",
                                               actor=current_user)
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Reviewer assigned."), "success")
            return redirect(url_for("hrms.appeal_detail", appeal_id=appeal_id))
    return _appeal_page(_appeal(appeal_id), assign=form)


@bp.route("/appeals/<int:appeal_id>/decision", methods=["POST"])
@require("hr.manage_cycles")
@personal_data("appraisal")
def decide_appeal(appeal_id: int) -> str | Response:
    filed = _appeal(appeal_id)
    form = AppealDecisionForm()
    if form.validate_on_submit():
        try:
            release_ops.decide_appeal(filed, outcome=form.outcome.data, label=form.label.data or None,
                                      reason=form.reason.data, actor=current_user)
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Decision recorded; the appraisal is final."), "success")
            return redirect(url_for("hrms.appeals"))
    return _appeal_page(_appeal(appeal_id), decide=form)


@bp.route("/feedback/<int:request_id>", methods=["GET", "POST"])
@require("signed_in")
@personal_data("appraisal")
def feedback_answer(request_id: int) -> str | Response:
    ask = db.session.get(FeedbackRequest, request_id) or abort(404)
    if not can_answer_feedback(current_user, ask):
        abort(403)
    shows(ask.appraisal.employee_id, about=ask.appraisal)  # the respondent sees whom the feedback is about
    form = feedback_answer_form(feedback_ops.questions(ask.appraisal))
    if ask.answered_at is None and form.validate_on_submit():
        try:
            feedback_ops.answer_feedback(ask, feedback_answers_of(form), form.comment.data or "", actor=current_user)
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Thank you: your answer is recorded."), "success")
            return redirect(url_for("hrms.index"))
    return render_template("hrms/feedback.html", ask=ask, form=form, open=ask.round.is_open(date.today()))
