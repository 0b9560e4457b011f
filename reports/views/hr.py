"""HR statistics without JavaScript, their CSV/XLSX exports and the PDF request: the dashboard's data function."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.charts import bar_chart
from common.i18n import get_locale
from common.i18n import gettext as _
from common.permissions import can_list_staff_of, require
from common.spreadsheet import csv_response, xlsx_response
from reports import bp, hr_report  # noqa: F401 - hr_report registers the "hr_report" job kind
from reports import jobs as job_ops
from reports.forms import HrReportForm
from reports.hr_figures import (
    TABLE_KEYS,
    default_unit_id,
    hr_figures,
    hr_table,
    hr_tables,
    resolve_unit,
    unit_label,
    year_choices,
)
from reports.hr_training import training_table
from reports.tables import Table
from reports.unit_picker import unit_choices


def _filters() -> tuple[int, Any]:
    unit = request.args.get("unit", type=int)
    return (default_unit_id(current_user) if unit is None else unit), request.args.get("year")


def _figures_or_404(unit_id: int, year: Any) -> dict[str, Any]:
    return hr_figures(current_user, unit_id, year) or abort(404)


@bp.route("/hr")
@require("reports.hr")
def hr() -> str:
    unit_id, year = _filters()
    figures = _figures_or_404(unit_id, year)
    tables = hr_tables(figures)
    training = training_table(figures, Table)
    charts = {table.key: bar_chart(table.title, table.chart, table.chart_texts())
              for table in [*tables, *([training] if training else [])]}
    lang = str(get_locale() or "ka")[:2]
    form = HrReportForm(formdata=None, unit=str(unit_id), year=str(figures["year"]), lang=lang)
    _allowed, unit = resolve_unit(current_user, unit_id)
    return render_template("reports/hr.html", figures=figures, tables=tables, charts=charts, form=form,
                           training=training, unit_name=unit_label(figures), units=unit_choices(current_user),
                           years=year_choices(), unit_id=unit_id, may_list_staff=can_list_staff_of(current_user, unit))


@bp.route("/hr/<any({}):table>.<any(csv, xlsx):fmt>".format(", ".join(TABLE_KEYS)))
@require("reports.hr")
def hr_export(table: str, fmt: str) -> Response:
    unit_id, year = _filters()
    figures = _figures_or_404(unit_id, year)
    data = hr_table(figures, table)
    code = figures["unit"]["code"] if figures["unit"] else "all"
    writer = csv_response if fmt == "csv" else xlsx_response
    return writer(data.columns, data.export_rows(), f"hr-{table.replace('_', '-')}-{code}-{figures['year']}.{fmt}")


@bp.route("/hr/report", methods=["POST"])
@require("reports.hr")
def hr_report_request() -> Response:
    form = HrReportForm()
    if not form.validate_on_submit():
        flash(_("The request could not be read. Please choose the report again."), "error")
        return redirect(url_for("reports.hr"))
    unit_id = int(form.unit.data)
    allowed, unit = resolve_unit(current_user, unit_id)
    if not allowed or (form.annex.data and not can_list_staff_of(current_user, unit)):
        abort(404)
    params = {"unit": unit_id, "year": form.year.data, "lang": form.lang.data, "annex": bool(form.annex.data)}
    job = job_ops.submit("hr_report", params, current_user)
    return redirect(url_for("reports.job", job_id=job.id))
