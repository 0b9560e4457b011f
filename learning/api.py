"""JSON endpoints of ``learning``: the completion API an external player calls.

A SCORM player (the SCO runtime of the next issue) runs in the learner's signed-in browser and
reports a lesson's result here; the CSRF token travels in the ``X-CSRFToken`` header. The lesson is
recorded through the same ``complete_lesson`` operation as a lesson marked done by hand, so course
completion, the certificate and the ``course_completed`` signal follow in the same way.
"""

from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_login import current_user

from common.errors import OperationError
from common.extensions import db
from common.permissions import require
from learning import bp
from learning import operations as ops
from learning.models import Lesson
from learning.queries import current_enrolments, done_lessons

# A SCORM lesson completes only from its own run-time results (learning.scorm), never from a bare claim.
EXTERNAL_KINDS = ("video",)


@bp.route("/api/lessons/<int:lesson_id>/completion", methods=["GET", "POST"])
@require("signed_in")
def lesson_completion(lesson_id: int) -> tuple[dict[str, Any], int]:
    """GET: is the lesson done for me? POST ``{"status": "completed"|"passed", "score": 0-100}``: record it."""
    lesson = db.session.get(Lesson, lesson_id) or abort(404)
    enrolment = current_enrolments(current_user.employee_id, [lesson.course_id]).get(lesson.course_id)
    if enrolment is None or not enrolment.active:
        return {"error": "not enrolled"}, 403
    if request.method == "POST":
        payload = request.get_json(silent=True) or {}
        if lesson.kind not in EXTERNAL_KINDS or payload.get("status") not in ("completed", "passed"):
            return {"error": "this lesson cannot be completed through the API"}, 400
        score = payload.get("score")
        score = float(score) if isinstance(score, (int, float)) and 0 <= score <= 100 else None
        try:
            ops.complete_lesson(enrolment, lesson, source=lesson.kind, score=score,
                                actor=current_user._get_current_object())
        except OperationError as error:
            db.session.rollback()
            return {"error": str(error)}, 409
    return {"lesson_id": lesson.id, "lesson_done": lesson.id in done_lessons(enrolment),
            "course_state": enrolment.state}, 200
