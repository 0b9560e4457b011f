"""The course's results per package item, for its editors: a page and the same table as CSV (numbers as numbers).

Counts are shown exactly: the readers are the course's editors, who may already open each learner's attempt
(``learning.scorm_attempt``); the small-group rule of ``reports.privacy`` governs published reports, which this
page is not (and ``learning`` does not import ``reports``). An item one learner attempted still shows that learner's
result, so the page and the CSV are reads of personal data: each logs every learner it counted (``common.reads``),
as the attempt list does."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from common.extensions import db
from common.i18n import gettext as _
from common.permissions import can_edit_course, require
from common.reads import personal_data, shows
from common.spreadsheet import csv_response
from learning import bp
from learning.models import Course
from learning.results.queries import ItemRow, item_results


def _course(course_id: int) -> Course:
    course = db.session.get(Course, course_id) or abort(404)
    if not can_edit_course(current_user, course):
        abort(403)
    return course


def headers() -> list[str]:
    return [_("Standard"), _("Lesson"), _("Item"), _("Learners who attempted"), _("Attempts"), _("Completed"),
            _("Passed or satisfied"), _("Failed"), _("Average score (%)"), _("Best score (%)")]


def cells(row: ItemRow) -> list[Any]:
    return [row.standard_name, row.lesson.title, row.title, row.attempted, row.attempts, row.completed, row.passed,
            row.failed, row.average_score, row.best_score]


def shown(cell: Any) -> str:
    """A cell as the page shows it: a dash for no score, a percentage with at most one decimal."""
    if cell is None:
        return "–"
    if isinstance(cell, float):
        return f"{cell:.1f}".removesuffix(".0")
    return str(cell)


def _results(course: Course) -> list[ItemRow]:
    """The rows, with every learner they count noted as shown (about the course)."""
    rows = item_results(course.id, current_user)
    shows({person for row in rows for person in row.learners}, about=course)
    return rows


@bp.route("/admin/courses/<int:course_id>/results")
@require("learning.admin")
@personal_data("scorm")
def course_results(course_id: int) -> str:
    course = _course(course_id)
    return render_template("learning/course_results.html", course=course, headers=headers(),
                           rows=[[shown(c) for c in cells(row)] for row in _results(course)])


@bp.route("/admin/courses/<int:course_id>/results.csv")
@require("learning.admin")
@personal_data("scorm")
def course_results_csv(course_id: int) -> Response:
    course = _course(course_id)
    return csv_response(headers(), [cells(row) for row in _results(course)],
                        f"results-{course.code}.csv")
