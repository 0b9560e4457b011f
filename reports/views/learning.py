"""Learning figures without JavaScript, their CSV/XLSX exports and the course-compliance PDF request."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.i18n import get_locale
from common.i18n import gettext as _
from common.permissions import require
from common.spreadsheet import csv_response, xlsx_response
from reports import bp, learning_report  # noqa: F401 - registers the "learning_report" job kind
from reports import jobs as job_ops
from reports.forms import LearningReportForm
from reports.learning_figures import (
    CAPABILITY,
    TABLE_KEYS,
    learning_charts,
    learning_figures,
    learning_tables,
    unit_choices,
)


def _figures() -> tuple[int | None, dict[str, Any] | None]:
    units = unit_choices(current_user)
    unit_id = request.args.get("unit", type=int) or (units[0][0] if units else None)
    if unit_id is None:
        return None, None
    return unit_id, learning_figures(current_user, unit_id) or abort(404)


@bp.route("/learning")
@require(CAPABILITY)
def learning() -> str:
    unit_id, figures = _figures()
    tables = learning_tables(figures) if figures else []
    charts = learning_charts(tables)
    form = LearningReportForm(formdata=None, unit=str(unit_id or ""), lang=str(get_locale() or "ka")[:2])
    return render_template("reports/learning.html", figures=figures, tables=tables, charts=charts, form=form,
                           units=unit_choices(current_user), unit_id=unit_id)


@bp.route("/learning/<any({}):table>.<any(csv, xlsx):fmt>".format(", ".join(TABLE_KEYS)))
@require(CAPABILITY)
def learning_export(table: str, fmt: str) -> Response:
    _unit_id, figures = _figures()
    if figures is None:
        abort(404)
    data = next(t for t in learning_tables(figures) if t.key == table)
    writer = csv_response if fmt == "csv" else xlsx_response
    return writer(data.columns, data.export_rows(), f"learning-{table}-{figures['unit']['code']}.{fmt}")


@bp.route("/learning/report", methods=["POST"])
@require(CAPABILITY)
def learning_report_request() -> Response:
    form = LearningReportForm()
    if not form.validate_on_submit():
        flash(_("The request could not be read. Please choose the report again."), "error")
        return redirect(url_for("reports.learning"))
    if learning_figures(current_user, form.unit.data) is None:
        abort(404)
    job = job_ops.submit("learning_report", {"unit": int(form.unit.data), "lang": form.lang.data}, current_user)
    return redirect(url_for("reports.job", job_id=job.id))
