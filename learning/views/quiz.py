"""Taking a quiz: start an attempt, answer (a plain form, no JavaScript needed), read the feedback."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.permissions import can_take_attempt, require
from common.web import refused
from learning import bp
from learning import operations as ops
from learning.forms import EmptyForm
from learning.models import Attempt, Lesson
from learning.operations import quiz as quiz_ops
from learning.queries import current_enrolments
from learning.views.helpers import actor, learner


@bp.route("/quizzes/<int:lesson_id>/attempts", methods=["POST"])
@require("signed_in")
def start_attempt(lesson_id: int) -> Response:
    lesson = db.session.get(Lesson, lesson_id) or abort(404)
    person = learner()
    enrolment = current_enrolments(person.id, [lesson.course_id]).get(lesson.course_id)
    if enrolment is None:
        abort(403)
    if EmptyForm().validate_on_submit():
        try:
            attempt = ops.start_attempt(enrolment, lesson, actor=actor())
        except OperationError as error:
            refused(error)
        else:
            db.session.flush()
            return redirect(url_for(".attempt", attempt_id=attempt.id))
    return redirect(url_for(".lesson", course_id=lesson.course_id, lesson_id=lesson.id))


def _own_attempt(attempt_id: int) -> Attempt:
    attempt = db.session.get(Attempt, attempt_id) or abort(404)
    if not can_take_attempt(current_user, attempt):
        abort(404)
    return attempt


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
@require("signed_in")
def attempt(attempt_id: int) -> str | Response:
    attempt = _own_attempt(attempt_id)
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        already = attempt.submitted_at is not None
        try:
            ops.submit_attempt(attempt, quiz_ops.responses_from_form(attempt, request.form), actor=actor())
        except OperationError as error:
            refused(error)
        else:
            if already:
                flash(_("This attempt was already submitted; the first submission counts."), "info")
            elif quiz_ops.is_late(attempt):
                flash(_("The time limit had passed: the answers were not accepted and the attempt counts as used."),
                      "error")
            elif attempt.enrolment.state == "completed":
                flash(_("Quiz passed and course completed. Your certificate is ready."), "success")
        return redirect(url_for(".attempt", attempt_id=attempt.id))
    questions = quiz_ops.drawn_questions(attempt)
    orders = {item["q"]: item.get("order", []) for item in attempt.draw}
    return render_template("learning/attempt.html", attempt=attempt, lesson=attempt.lesson, questions=questions,
                           orders=orders, form=form, late=quiz_ops.is_late(attempt),
                           responses=(attempt.answers or {}).get("responses", {}),
                           points=(attempt.answers or {}).get("points", {}))
