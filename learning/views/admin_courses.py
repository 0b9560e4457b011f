"""The course editor: courses, sections, lessons and the question bank (learning administrators in scope)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.models import Competency, OrgUnit
from common.permissions import can_edit_course, require, unit_scope
from common.web import refused
from learning import bank_queries, bp
from learning import operations as ops
from learning import queries as q
from learning.forms import (
    CATEGORY_LABELS,
    CourseForm,
    EmptyForm,
    LessonForm,
    SectionForm,
    question_form,
    question_values,
)
from learning.models import Course, Lesson, Question, Section
from learning.views.helpers import actor


def _editable(course_id: int) -> Course:
    course = q.course_outline(course_id) or abort(404)
    if not can_edit_course(current_user, course):
        abort(403)
    return course


def _course_choices(form: CourseForm) -> None:
    units = db.session.execute(
        select(OrgUnit).where(unit_scope(current_user, "learning.admin"), OrgUnit.kind.in_(("ministry", "agency")),
                              OrgUnit.valid_to.is_(None)).order_by(OrgUnit.code)).scalars()
    form.provider_unit_id.choices = [(0, _("— none (government-wide) —"))] + [(u.id, f"{u.code} · {u.name}")
                                                                              for u in units]
    form.competency_ids.choices = [(c.id, c.name) for c in
                                   db.session.execute(select(Competency).order_by(Competency.code)).scalars()]


def _course_values(form: CourseForm) -> dict[str, Any]:
    values = {name: getattr(form, name).data for name in ops.courses.COURSE_FIELDS}
    values["provider_unit_id"] = form.provider_unit_id.data or None
    values["competency_ids"] = form.competency_ids.data
    return values


@bp.route("/admin/")
@require("learning.admin")
def admin_index() -> str:
    return render_template("learning/admin_courses.html", courses=q.editable_courses(current_user))


@bp.route("/admin/courses/new", methods=["GET", "POST"])
@require("learning.admin")
def course_new() -> str | Response:
    form = CourseForm()
    _course_choices(form)
    if form.validate_on_submit():
        try:
            course = ops.create_course(_course_values(form), actor=actor())
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Course created. Add sections and lessons, then publish it."), "success")
            return redirect(url_for(".course_edit", course_id=course.id))
    return render_template("learning/course_form.html", form=form, course=None)


@bp.route("/admin/courses/<int:course_id>", methods=["GET", "POST"])
@require("learning.admin")
def course_edit(course_id: int) -> str | Response:
    course = _editable(course_id)
    form = CourseForm(obj=course, provider_unit_id=course.provider_unit_id or 0,
                      competency_ids=[c.id for c in course.competencies])
    _course_choices(form)
    if form.validate_on_submit():
        try:
            ops.update_course(course, _course_values(form), actor=actor())
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Course saved."), "success")
            return redirect(url_for(".course_edit", course_id=course.id))
    return render_template("learning/course_form.html", form=form, course=course,
                           section_form=SectionForm(prefix="section"), empty=EmptyForm())


@bp.route("/admin/courses/<int:course_id>/publish", methods=["POST"])
@require("learning.admin")
def course_publish(course_id: int) -> Response:
    course = _editable(course_id)
    if EmptyForm().validate_on_submit():
        try:
            ops.set_published(course, request.form.get("published") == "1", actor=actor())
        except OperationError as error:
            refused(error)
        else:
            flash(_("Published in the catalogue.") if course.published else _("Withdrawn from the catalogue."),
                  "success")
    return redirect(url_for(".course_edit", course_id=course_id))


@bp.route("/admin/courses/<int:course_id>/sections", methods=["POST"])
@require("learning.admin")
def section_add(course_id: int) -> Response:
    course = _editable(course_id)
    form = SectionForm(prefix="section")
    if form.validate_on_submit():
        ops.add_section(course, form.title_ka.data, form.title_en.data, actor=actor())
        flash(_("Section added."), "success")
    else:
        flash(_("Give the section's title in both languages."), "error")
    return redirect(url_for(".course_edit", course_id=course_id))


@bp.route("/admin/sections/<int:section_id>/lessons/new", methods=["GET", "POST"], defaults={"lesson_id": None})
@bp.route("/admin/sections/<int:section_id>/lessons/<int:lesson_id>", methods=["GET", "POST"])
@require("learning.admin")
def lesson_edit(section_id: int, lesson_id: int | None) -> str | Response:
    section = db.session.get(Section, section_id) or abort(404)
    _editable(section.course_id)
    lesson = db.session.get(Lesson, lesson_id) if lesson_id else None
    if lesson_id and (lesson is None or lesson.section_id != section.id):
        abort(404)
    if lesson is not None and lesson.kind == "scorm":  # a package has its own page (learning.scorm)
        return redirect(url_for(".scorm_lesson", lesson_id=lesson.id))
    if lesson is not None and lesson.kind == "cmi5":  # so has a cmi5 course (learning.cmi5)
        return redirect(url_for(".cmi5_lesson", lesson_id=lesson.id))
    form = LessonForm(obj=lesson)
    form.bank_ids.choices = [(b.id, f"{CATEGORY_LABELS.get(b.category, b.category)} · {b.name}")
                             for b in bank_queries.question_banks()]
    if request.method == "GET" and lesson is not None:
        form.bank_ids.data = [b.id for b in lesson.banks]
    if form.validate_on_submit():
        upload = form.file.data
        values = {name: getattr(form, name).data for name in ops.courses.LESSON_FIELDS if hasattr(form, name)}
        values |= {"body_ka": form.body_ka.data, "body_en": form.body_en.data}
        try:
            saved = ops.save_lesson(section, values, lesson=lesson, actor=actor(),
                                    upload=(upload.read(), upload.filename) if upload else None)
            ops.set_quiz_banks(saved, form.bank_ids.data if saved.kind == "quiz" else [], actor=actor())
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Lesson saved."), "success")
            return redirect(url_for(".lesson_edit", section_id=section.id, lesson_id=saved.id))
    return render_template("learning/lesson_form.html", form=form, section=section, lesson=lesson)


@bp.route("/admin/courses/<int:course_id>/questions/new", methods=["GET", "POST"], defaults={"question_id": None})
@bp.route("/admin/courses/<int:course_id>/questions/<int:question_id>", methods=["GET", "POST"])
@require("learning.admin")
def question_edit(course_id: int, question_id: int | None) -> str | Response:
    course = _editable(course_id)
    question = db.session.get(Question, question_id) if question_id else None
    if question_id and (question is None or question.course_id != course.id):
        abort(404)
    form = question_form(question)
    if form.validate_on_submit():
        values, choices = question_values(form)
        try:
            ops.save_question(course, values, choices, question=question, actor=actor())
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Question saved."), "success")
            return redirect(url_for(".course_edit", course_id=course.id) + "#questions")
    return render_template("learning/question_form.html", form=form, course=course, question=question)
