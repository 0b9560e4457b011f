"""The learner's side of a SCORM lesson: the player page, the package's files, the commit endpoint, the API script.

The SCO runs in a frame of the player page, served from this origin under its version's own path, so it finds
``window.API`` through ``window.parent`` as SCORM 1.2 content expects. The frame's sandbox keeps
``allow-scripts allow-same-origin`` (needed for that lookup), so what confines a package is its content security
policy: scripts, styles, images, frames and requests only from the package's own folder (no other network, not
even the rest of this site), framing only by this origin, and no files for a page of another site. The
trade-off is explained in ``learning/scorm/__init__.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import abort, g, render_template, request, send_file, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.permissions import can_edit_course, can_open_lessons, public, require
from learning import bp
from learning import queries as q
from learning.models import Lesson
from learning.scorm import navigation, runtime, storage
from learning.scorm import operations as ops
from learning.scorm import queries as sq
from learning.scorm.models import PackageVersion
from learning.views.helpers import actor

STATIC = Path(__file__).resolve().parent.parent / "static"
SANDBOX = "allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads"


def _lesson(course_id: int, lesson_id: int) -> tuple[Any, Lesson, Any]:
    course = q.course_outline(course_id) or abort(404)
    if not course.published and not can_edit_course(current_user, course):
        abort(404)
    lesson = next((x for section in course.sections for x in section.lessons if x.id == lesson_id), None)
    if lesson is None or lesson.kind != "scorm":
        abort(404)
    enrolment = q.current_enrolments(current_user.employee_id, [course.id]).get(course.id)
    if not can_open_lessons(current_user, course, enrolment):
        abort(403)
    mine = enrolment if enrolment is not None and enrolment.active else None
    return course, lesson, mine


def launch_url(version: PackageVersion, path: str, query: str) -> str:
    search, _sep, fragment = query.partition("#")
    return (url_for("learning.scorm_content", version_id=version.id, path=path) + (f"?{search}" if search else "")
            + (f"#{fragment}" if fragment else ""))


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>/play")
@require("signed_in")
def scorm_play(course_id: int, lesson_id: int) -> str:
    """The lesson page of a SCORM lesson: the SCO in a frame, the API script beside it."""
    course, lesson, enrolment = _lesson(course_id, lesson_id)
    version = sq.version_for(lesson, enrolment) or abort(404)
    toc = navigation.contents(version, enrolment)
    wanted = request.args.get("sco", type=int)
    sco = next((s for s in version.scos if s.id == wanted), None) or toc.first_to_do().sco
    neighbours = toc.neighbours(sco)
    if toc.entry(sco).locked:
        return render_template("learning/scorm_player.html", course=course, lesson=lesson, version=version, sco=sco,
                               launch=None, toc=toc, neighbours=neighbours, locked=toc.entry(sco).reason,
                               done=q.done_lessons(enrolment), **_lessons_around(course, lesson))
    try:
        launch = ops.launch(sco, enrolment, actor=actor())
    except OperationError:
        abort(403)
    if not sco.tracked and enrolment is not None:
        toc = navigation.contents(version, enrolment)  # the asset is completed by this launch
    config = {"commitUrl": url_for(".scorm_commit", attempt_id=launch.attempt.id) if launch.attempt else None,
              "csrfToken": generate_csrf(), "values": launch.values, "model": runtime.MODEL,
              "launchUrl": launch_url(version, sco.launch, sco.launch_query),
              "messages": {"saved": _("Your progress is saved."),
                           "failed": _("Your progress could not be saved. Check your connection; it will be sent "
                                       "again with the next change."),
                           "finished": _("This part is finished. Your result is saved."),
                           "preview": _("Preview: nothing you do here is recorded.")}}
    return render_template("learning/scorm_player.html", course=course, lesson=lesson, version=version, sco=sco,
                           launch=launch, toc=toc, neighbours=neighbours, locked="", config=config, sandbox=SANDBOX,
                           script_version=int((STATIC / "scorm_api.js").stat().st_mtime),
                           done=q.done_lessons(enrolment), **_lessons_around(course, lesson))


def _lessons_around(course: Any, lesson: Lesson) -> dict[str, Lesson | None]:
    lessons = [x for section in course.sections for x in section.lessons]
    index = lessons.index(lesson)
    return {"previous": lessons[index - 1] if index > 0 else None,
            "next": lessons[index + 1] if index + 1 < len(lessons) else None}


def content_policy(version_id: int) -> str:
    """Everything from the package's own folder and nowhere else; framed by this origin only."""
    own = request.host_url.rstrip("/") + url_for(".scorm_content", version_id=version_id, path="_")[:-1]
    return (f"default-src {own}; script-src {own} 'unsafe-inline' 'unsafe-eval'; style-src {own} 'unsafe-inline'; "
            f"img-src {own} data: blob:; media-src {own} data: blob:; font-src {own} data:; connect-src {own}; "
            f"frame-src {own}; form-action {own}; frame-ancestors 'self'; base-uri {own}; object-src 'none'")


@bp.route("/scorm/<int:version_id>/content/<path:path>")
@require("signed_in")
def scorm_content(version_id: int, path: str) -> Response:
    """A file of a package, by its exact path, for the lesson's learners and editors."""
    if request.headers.get("Sec-Fetch-Site") in ("cross-site", "same-site"):
        abort(403)  # another site's page may not frame, link into or embed a package
    version = db.session.get(PackageVersion, version_id) or abort(404)
    course = version.lesson.course
    enrolment = q.current_enrolments(current_user.employee_id, [course.id]).get(course.id)
    if not can_open_lessons(current_user, course, enrolment):
        abort(403)
    file = storage.file_path(version.digest, path) or abort(404)
    kind = storage.content_type(path)
    response = send_file(file, mimetype=kind, conditional=True, etag=True, max_age=86400)
    response.headers["Content-Type"] = kind  # the package's own <meta charset> decides, as in any SCORM player
    response.headers["Cache-Control"] = "private, max-age=86400"  # the folder never changes (content-addressed)
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    g.csp, g.frame_policy = content_policy(version.id), "SAMEORIGIN"
    return response


def _payload() -> dict[str, Any]:
    raw = request.form.get("payload") if request.form else None
    try:
        payload = json.loads(raw) if raw is not None else request.get_json(silent=True)
    except ValueError:
        payload = None
    return payload if isinstance(payload, dict) else {}


@bp.route("/scorm/attempts/<int:attempt_id>/commit", methods=["POST"])
@require("signed_in")
def scorm_commit(attempt_id: int) -> tuple[dict[str, Any], int]:
    """LMSCommit, LMSFinish and the page closing: ``payload`` = {kind, values: [[element, value]], calls}."""
    attempt = ops.lock_attempt(attempt_id)
    if attempt is None or current_user.employee_id is None or attempt.enrolment.employee_id != \
            current_user.employee_id:
        abort(404)
    try:
        entry = ops.record_commit(attempt, _payload(), actor=actor())
    except OperationError as error:
        db.session.rollback()
        return {"error": str(error)}, 409
    enrolment = attempt.enrolment
    return {"stored": len(entry.accepted), "rejected": entry.rejected, "lesson_status": attempt.lesson_status,
            "lesson_done": attempt.sco.version.lesson_id in q.done_lessons(enrolment),
            "course_state": enrolment.state}, 200


@bp.route("/scorm/api.js")
@public
def scorm_api_js() -> Response:
    """The player's ``window.API`` (static, the same for everyone; the page passes it its data)."""
    return send_from_directory(STATIC, "scorm_api.js", mimetype="text/javascript", max_age=86400)
