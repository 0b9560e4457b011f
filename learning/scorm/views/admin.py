"""The learning administrator's side of a SCORM lesson: upload a package as a new lesson or a new version, see the
versions and their SCOs, and per attempt the values stored and the API calls received (to diagnose a package)."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.permissions import can_edit_course, can_view_scorm_attempt, has_capability, require
from common.reads import personal_data, shows
from common.web import handle_http_error, refused
from learning import bp
from learning import queries as q
from learning.cmi5 import importer as cmi5_importer
from learning.cmi5 import views as cmi5_views
from learning.models import Course, Lesson, Section
from learning.scorm import operations as ops
from learning.scorm import queries as sq
from learning.scorm.forms import LessonDetailsForm, PackageForm, ScormLessonForm
from learning.views.helpers import actor

UPLOAD_ENDPOINTS = ("learning.scorm_new", "learning.scorm_lesson")


@bp.url_value_preprocessor
def _package_upload_limit(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """Packages are larger than other uploads. URL processors run before the CSRF check reads the body, so the
    limit is raised here, for these two pages only."""
    if endpoint in UPLOAD_ENDPOINTS and request.method == "POST":
        request.max_content_length = int(current_app.config["SCORM_MAX_UPLOAD_MB"]) * 1024 * 1024


@bp.errorhandler(RequestEntityTooLarge)
def _package_too_large(error: RequestEntityTooLarge) -> Any:
    """A package over SCORM_MAX_UPLOAD_MB: the same form again, saying what the limit is (the browser sent the
    file before anyone could say so). Anything else too large gets the site's own page."""
    args = request.view_args or {}
    if request.endpoint not in UPLOAD_ENDPOINTS or not has_capability(current_user, "learning.admin"):
        return handle_http_error(error)
    limit = int(current_app.config["SCORM_MAX_UPLOAD_MB"])
    message = _("The package is larger than the limit of %(limit)d MB. Choose a smaller file, or ask your system "
                "administrator to raise the limit (SCORM_MAX_UPLOAD_MB).", limit=limit)
    if request.endpoint == "learning.scorm_new":
        section = db.session.get(Section, args.get("section_id")) or abort(404)
        _editable(section.course_id)
        form = ScormLessonForm(formdata=None)
        form.package.errors = [message]
        return render_template("learning/scorm_new.html", form=form, section=section), 413
    course, lesson = _scorm_lesson(args.get("lesson_id"))
    form = PackageForm(formdata=None)
    form.package.errors = [message]
    return render_template("learning/scorm_lesson.html", form=form, course=course, lesson=lesson,
                           versions=sq.versions(lesson.id), details=LessonDetailsForm(formdata=None, obj=lesson)), 413


def _editable(course_id: int) -> Course:
    course = q.course_outline(course_id) or abort(404)
    if not can_edit_course(current_user, course):
        abort(403)
    return course


def _scorm_lesson(lesson_id: int) -> tuple[Course, Lesson]:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.kind != "scorm":
        abort(404)
    return _editable(lesson.course_id), lesson


def _import(form: PackageForm, section: Section, values: dict[str, Any], lesson: Lesson | None) -> Lesson | None:
    upload = form.package.data
    if lesson is None and cmi5_importer.is_cmi5(upload.stream.read()):  # a cmi5 course: routed to its importer
        upload.stream.seek(0)
        return cmi5_views.import_upload(form, section, values, None)
    upload.stream.seek(0)
    try:
        version = ops.import_package(section, values, upload.read(), upload.filename or "", lesson=lesson,
                                     actor=actor())
    except OperationError as error:
        refused(error, form)
        return None
    flash(_("Package imported as version %(n)d: %(title)s.", n=version.number, title=version.title), "success")
    return version.lesson


@bp.route("/admin/sections/<int:section_id>/scorm/new", methods=["GET", "POST"])
@require("learning.admin")
def scorm_new(section_id: int) -> str | Response:
    section = db.session.get(Section, section_id) or abort(404)
    _editable(section.course_id)
    form = ScormLessonForm()
    if form.validate_on_submit():
        values = {"title_ka": form.title_ka.data, "title_en": form.title_en.data, "required": form.required.data}
        lesson = _import(form, section, values, None)
        if lesson is not None:
            return redirect(url_for(".cmi5_lesson" if lesson.kind == "cmi5" else ".scorm_lesson", lesson_id=lesson.id))
    return render_template("learning/scorm_new.html", form=form, section=section)


@bp.route("/admin/lessons/<int:lesson_id>/scorm", methods=["GET", "POST"])
@require("learning.admin")
def scorm_lesson(lesson_id: int) -> str | Response:
    course, lesson = _scorm_lesson(lesson_id)
    form = PackageForm()
    if form.validate_on_submit() and _import(form, lesson.section, {}, lesson) is not None:
        return redirect(url_for(".scorm_lesson", lesson_id=lesson.id))
    return render_template("learning/scorm_lesson.html", form=form, course=course, lesson=lesson,
                           versions=sq.versions(lesson.id), details=LessonDetailsForm(obj=lesson))


@bp.route("/admin/lessons/<int:lesson_id>/scorm/details", methods=["POST"])
@require("learning.admin")
def scorm_details(lesson_id: int) -> Response:
    _course, lesson = _scorm_lesson(lesson_id)
    form = LessonDetailsForm()
    if form.validate_on_submit():
        try:
            ops.update_lesson(lesson, form.data, actor=actor())
        except OperationError as error:
            refused(error)
        else:
            flash(_("Lesson saved."), "success")
    else:
        flash(_("Give the lesson's title in both languages."), "error")
    return redirect(url_for(".scorm_lesson", lesson_id=lesson.id))


@bp.route("/admin/lessons/<int:lesson_id>/scorm/attempts")
@require("learning.admin")
@personal_data("scorm")
def scorm_attempts(lesson_id: int) -> str:
    course, lesson = _scorm_lesson(lesson_id)
    page = sq.attempts(current_user, lesson.id, request.args.get("page", 1, type=int), current_app.config["PAGE_SIZE"])
    return render_template("learning/scorm_attempts.html", course=course, lesson=lesson, page=page)


@bp.route("/admin/scorm/attempts/<int:attempt_id>")
@require("learning.admin")
@personal_data("scorm")
def scorm_attempt(attempt_id: int) -> str:
    attempt = sq.attempt_detail(attempt_id) or abort(404)
    lesson = attempt.sco.version.lesson
    course = _editable(lesson.course_id)
    person = attempt.enrolment.employee
    if not can_view_scorm_attempt(current_user, course, person):
        abort(403)
    shows(person, about=attempt)
    return render_template("learning/scorm_attempt.html", course=course, lesson=lesson, attempt=attempt,
                           person=person, values=sorted((attempt.cmi or {}).items()))
