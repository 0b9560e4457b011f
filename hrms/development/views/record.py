"""The professional-development record of one person: courses and external training, hours per year,
certificates; for the person, their manager and HR in scope, and as CSV or XLSX."""

from __future__ import annotations

from flask import render_template
from werkzeug.wrappers import Response

from common.i18n import gettext as _
from common.permissions import require
from common.reads import personal_data
from common.spreadsheet import csv_response, xlsx_response
from hrms import bp
from hrms.development import queries as q
from hrms.development.labels import ACTION_KIND_LABELS
from hrms.development.views import load_person
from learning import queries as learning_queries


@bp.route("/development/people/<int:employee_id>/record")
@require("signed_in")
@personal_data("development")
def development_record(employee_id: int) -> str:
    employee = load_person(employee_id)
    return render_template("hrms/development/record.html", person=employee, record=q.record(employee.id),
                           certificates=learning_queries.my_certificates(employee.id))


@bp.route("/development/people/<int:employee_id>/record.<any(csv, xlsx):fmt>")
@require("signed_in")
@personal_data("development")
def development_record_export(employee_id: int, fmt: str) -> Response:
    employee = load_person(employee_id)
    record = q.record(employee.id)
    headers = [_("Completed on"), _("Kind"), _("Title"), _("Hours"), _("Evidence")]
    rows = [(e.completed_on, str(ACTION_KIND_LABELS.get(e.kind, e.kind)), e.title, float(e.hours), e.evidence or "")
            for e in record.entries]
    name = f"cpd-record-{employee.personal_number}.{fmt}"
    return csv_response(headers, rows, name) if fmt == "csv" else xlsx_response(headers, rows, name)
