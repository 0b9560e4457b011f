"""The catalogue, a course's page, its lessons and their files."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import get_locale
from common.i18n import gettext as _
from common.permissions import can_edit_course, can_open_lessons, require
from common.web import refused
from learning import bp, files
from learning import operations as ops
from learning import queries as q
from learning.catalogue_cache import course_cards
from learning.catalogue_list import CatalogueFilter, catalogue_page
from learning.dates import today
from learning.forms import CATEGORY_LABELS, LANGUAGE_LABELS, LEVEL_LABELS, EmptyForm
from learning.models import Course, Lesson
from learning.views.helpers import actor, learner


def _filters() -> CatalogueFilter:
    args = request.args
    return CatalogueFilter(
        q=args.get("q", "").strip()[:100],
        category=args.get("category", "") if args.get("category") in CATEGORY_LABELS else "",
        level=args.get("level", "") if args.get("level") in LEVEL_LABELS else "",
        language=args.get("language", "") if args.get("language") in LANGUAGE_LABELS else "",
        competency=args.get("competency", type=int), page=args.get("page", 1, type=int))


@bp.route("/")
@require("signed_in")
def index() -> str:
    filters = _filters()
    page = catalogue_page(filters, current_app.config["PAGE_SIZE"], current_user.employee_id, today(),
                          english=str(get_locale()).startswith("en"))
    cards = course_cards([item.course_id for item in page.items])
    return render_template("learning/catalogue.html", page=page, cards=cards, filters=filters,
                           competencies=q.competency_options(), categories=CATEGORY_LABELS, levels=LEVEL_LABELS,
                           languages=LANGUAGE_LABELS)


def _course_or_404(course_id: int) -> Course:
    course = q.course_outline(course_id) or abort(404)
    if not course.published and not can_edit_course(current_user, course):
        abort(404)
    return course


@bp.route("/courses/<int:course_id>")
@require("signed_in")
def course(course_id: int) -> str:
    course = _course_or_404(course_id)
    enrolment = q.current_enrolments(current_user.employee_id, [course.id]).get(course.id)
    return render_template("learning/course.html", course=course, enrolment=enrolment,
                           done=q.done_lessons(enrolment), can_open=can_open_lessons(current_user, course, enrolment),
                           can_edit=can_edit_course(current_user, course), form=EmptyForm())


@bp.route("/courses/<int:course_id>/enrol", methods=["POST"])
@require("signed_in")
def enrol(course_id: int) -> Response:
    course = _course_or_404(course_id)
    if EmptyForm().validate_on_submit():
        try:
            enrolment = ops.enrol(learner(), course, actor=actor())
        except OperationError as error:
            refused(error)
        else:
            flash(_("Your request was sent for approval.") if enrolment.state == "requested"
                  else _("You are enrolled. Start with the first lesson."), "success")
    return redirect(url_for(".course", course_id=course.id))


def _lesson_in_reach(course_id: int, lesson_id: int) -> tuple:
    course = _course_or_404(course_id)
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.course_id != course.id:
        abort(404)
    enrolment = q.current_enrolments(current_user.employee_id, [course.id]).get(course.id)
    if not can_open_lessons(current_user, course, enrolment):
        abort(403)
    return course, lesson, enrolment


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>")
@require("signed_in")
def lesson(course_id: int, lesson_id: int) -> str:
    course, lesson, enrolment = _lesson_in_reach(course_id, lesson_id)
    lessons = [x for section in course.sections for x in section.lessons]
    index = lessons.index(lesson)
    attempts = q.attempts(enrolment, lesson) if enrolment is not None and lesson.kind == "quiz" else []
    return render_template("learning/lesson.html", course=course, lesson=lesson, enrolment=enrolment,
                           done=q.done_lessons(enrolment), attempts=attempts, form=EmptyForm(),
                           previous=lessons[index - 1] if index > 0 else None,
                           next=lessons[index + 1] if index + 1 < len(lessons) else None)


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>/done", methods=["POST"])
@require("signed_in")
def lesson_done(course_id: int, lesson_id: int) -> Response:
    course, lesson, enrolment = _lesson_in_reach(course_id, lesson_id)
    if enrolment is None:
        abort(403)
    if EmptyForm().validate_on_submit():
        try:
            ops.complete_lesson(enrolment, lesson, actor=actor())
        except OperationError as error:
            refused(error)
        else:
            if enrolment.state == "completed":
                flash(_("Course completed. Your certificate is ready."), "success")
                return redirect(url_for(".my_certificates"))
    return redirect(url_for(".lesson", course_id=course.id, lesson_id=lesson.id))


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>/file")
@require("signed_in")
def lesson_file(course_id: int, lesson_id: int) -> Response:
    _course, lesson, _enrolment = _lesson_in_reach(course_id, lesson_id)
    path = files.path_of(lesson.file_storage_name or "") if lesson.kind == "file" else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype=lesson.file_content_type, as_attachment=True,
                         download_name=lesson.file_display_name or path.name, max_age=0)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
