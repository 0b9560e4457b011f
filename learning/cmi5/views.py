"""Pages of cmi5 lessons, on the ``learning`` blueprint.

Application origin: the learner's lesson page (the AUs, their results, a launch link each), the launch (makes the
session and sends the browser to the AU on the content origin), and the administrators' upload and version pages.
Content origin (``content_route``: a token in the path, never a session): the AU's files and the fetch URL.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import csrf, db
from common.i18n import gettext as _
from common.origins import content_origin, content_route, request_origin
from common.permissions import can_edit_course, can_open_lessons, require
from common.web import refused
from learning import bp
from learning import queries as q
from learning.cmi5 import launch as cmi5_launch
from learning.cmi5 import operations as ops
from learning.cmi5 import queries as cq
from learning.cmi5.forms import MOVE_ON_LABELS, Cmi5LessonForm, Cmi5PackageForm
from learning.cmi5.models import Cmi5Au, Cmi5Version
from learning.cmi5.remote import cors_headers
from learning.models import Course, Lesson, Section
from learning.scorm import storage
from learning.views.helpers import actor

UPLOAD_ENDPOINTS = ("learning.cmi5_new", "learning.cmi5_lesson")


@bp.url_value_preprocessor
def _course_upload_limit(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """Courses are larger than other uploads: the SCORM package limit applies, raised before CSRF reads the body."""
    if endpoint in UPLOAD_ENDPOINTS and request.method == "POST":
        request.max_content_length = int(current_app.config["SCORM_MAX_UPLOAD_MB"]) * 1024 * 1024


@bp.context_processor
def _cmi5_labels() -> dict:
    return {"cmi5_move_on_label": lambda value: str(MOVE_ON_LABELS.get(value, value))}


# --- The learner ------------------------------------------------------------------------------------------------

def _learner_lesson(course_id: int, lesson_id: int) -> tuple[Any, Lesson, Any]:
    course = q.course_outline(course_id) or abort(404)
    if not course.published and not can_edit_course(current_user, course):
        abort(404)
    lesson = next((x for section in course.sections for x in section.lessons if x.id == lesson_id), None)
    if lesson is None or lesson.kind != "cmi5":
        abort(404)
    enrolment = q.current_enrolments(current_user.employee_id, [course.id]).get(course.id)
    if not can_open_lessons(current_user, course, enrolment):
        abort(403)
    return course, lesson, enrolment if enrolment is not None and enrolment.active else None


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>/cmi5")
@require("signed_in")
def cmi5_play(course_id: int, lesson_id: int) -> str:
    """The lesson page of a cmi5 lesson: its AUs, what the learner achieved in each, and a launch link each."""
    course, lesson, enrolment = _learner_lesson(course_id, lesson_id)
    version = cq.version_for(lesson.id, enrolment) or abort(404)
    registration = cq.registration_of(enrolment, lesson.id)
    return render_template("learning/cmi5_play.html", course=course, lesson=lesson, version=version,
                           rows=cq.au_rows(version, registration), enrolment=enrolment, registration=registration,
                           playable=content_origin() is not None, done=q.done_lessons(enrolment))


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>/cmi5/aus/<int:au_id>/launch")
@require("signed_in")
def cmi5_launch_au(course_id: int, lesson_id: int, au_id: int) -> Response:
    """Launch an AU: a new session, LMS.LaunchData and ``launched`` written, then the AU in this window."""
    course, lesson, enrolment = _learner_lesson(course_id, lesson_id)
    version = cq.version_for(lesson.id, enrolment) or abort(404)
    au = db.session.get(Cmi5Au, au_id)
    origin = content_origin()
    if au is None or au.version_id != version.id or origin is None:
        abort(404)
    if enrolment is None:
        flash(_("Only enrolled learners can open this course's units."), "error")
        return redirect(url_for(".cmi5_play", course_id=course.id, lesson_id=lesson.id))
    token = cmi5_launch.content_token(version.id)
    path, _sep, query = au.url.partition("?")
    content_path = origin + url_for(".cmi5_content", token=token, path=path) + (f"?{query}" if query else "")
    return_url = request_origin() + url_for(".cmi5_play", course_id=course.id, lesson_id=lesson.id)
    try:
        started = cmi5_launch.launch(au, enrolment, content_origin=origin, content_path=content_path,
                                     return_url=return_url, actor=actor())
    except OperationError as error:
        refused(error)
        return redirect(url_for(".cmi5_play", course_id=course.id, lesson_id=lesson.id))
    return redirect(started.url, code=303)


# --- The content origin -----------------------------------------------------------------------------------------

def _content_policy(token: str) -> str:
    origin = content_origin()
    own = origin + url_for(".cmi5_content", token=token, path="_")[:-1]
    return (f"default-src {own}; script-src {own} 'unsafe-inline' 'unsafe-eval' blob:; "
            f"style-src {own} 'unsafe-inline' blob:; img-src {own} data: blob:; media-src {own} data: blob:; "
            f"font-src {own} data:; connect-src {own} {origin}/xapi/ {origin}/learn/cmi5/fetch/; "
            f"worker-src {own} blob:; frame-src {own} blob:; form-action {own}; frame-ancestors 'self'; "
            f"base-uri {own}; object-src 'none'")


@bp.route("/cmi5/c/<token>/<path:path>")
@content_route
def cmi5_content(token: str, path: str) -> Response:
    """A file of a cmi5 course, by its exact path, for whoever holds a launch's token for its version."""
    version_id = cmi5_launch.version_of_token(token)
    version = db.session.get(Cmi5Version, version_id) if version_id else None
    if version is None:
        abort(404)
    file = storage.file_path(version.digest, path) or abort(404)
    kind = storage.content_type(path)
    response = send_file(file, mimetype=kind, conditional=True, etag=True, max_age=3600)
    response.headers["Content-Type"] = kind
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    g.csp, g.frame_policy = _content_policy(token), ""
    return response


@bp.route("/cmi5/fetch/<key>", methods=["POST"])
@content_route
@csrf.exempt  # no cookie reaches this origin: the key in the path is the only credential
def cmi5_fetch(key: str) -> tuple[dict[str, str], int, dict[str, str]]:
    """The fetch URL (cmi5 §8.2): the session's auth token, once; the error JSON (error-code 1) afterwards."""
    return cmi5_launch.fetch(key), 200, cors_headers(request.headers.get("Origin"))


# --- Administration ---------------------------------------------------------------------------------------------

def _editable(course_id: int) -> Course:
    course = q.course_outline(course_id) or abort(404)
    if not can_edit_course(current_user, course):
        abort(403)
    return course


def import_upload(form: Any, section: Section, values: dict[str, Any], lesson: Lesson | None) -> Lesson | None:
    """Import the form's upload; a refusal is shown on the form. Also used by the SCORM upload page for zips that
    turn out to be cmi5 courses."""
    upload = form.package.data
    data = upload.read()
    try:
        version = ops.import_course(section, values, data, upload.filename or "", lesson=lesson, actor=actor())
    except OperationError as error:
        refused(error, form)
        return None
    flash(_("cmi5 course imported as version %(n)d: %(title)s.", n=version.number, title=version.title), "success")
    return version.lesson


@bp.route("/admin/sections/<int:section_id>/cmi5/new", methods=["GET", "POST"])
@require("learning.admin")
def cmi5_new(section_id: int) -> str | Response:
    section = db.session.get(Section, section_id) or abort(404)
    _editable(section.course_id)
    form = Cmi5LessonForm()
    if form.validate_on_submit():
        values = {"title_ka": form.title_ka.data, "title_en": form.title_en.data, "required": form.required.data}
        lesson = import_upload(form, section, values, None)
        if lesson is not None:
            return redirect(url_for(".cmi5_lesson", lesson_id=lesson.id))
    return render_template("learning/cmi5_new.html", form=form, section=section)


@bp.route("/admin/lessons/<int:lesson_id>/cmi5", methods=["GET", "POST"])
@require("learning.admin")
def cmi5_lesson(lesson_id: int) -> str | Response:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.kind != "cmi5":
        abort(404)
    course = _editable(lesson.course_id)
    form = Cmi5PackageForm()
    if form.validate_on_submit() and import_upload(form, lesson.section, {}, lesson) is not None:
        return redirect(url_for(".cmi5_lesson", lesson_id=lesson.id))
    return render_template("learning/cmi5_lesson.html", form=form, course=course, lesson=lesson,
                           versions=cq.versions(lesson.id))
