"""Directory pages. Thin: load, check access, call a query, render."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.directory import bp, profile_queries
from common.directory import queries as q
from common.directory.chart_cache import drawn_chart
from common.directory.search import search_staff
from common.i18n import lazy_gettext as _l
from common.permissions import can_view_employee, require
from common.reads import personal_data, shows
from common.spreadsheet import csv_response, xlsx_response
from common.users.forms import ROLE_LABELS

READER_ROLE_LABELS = ROLE_LABELS | {"manager": _l("Manager")}


def _filters() -> q.StaffFilter:
    return q.StaffFilter(
        q=request.args.get("q", "").strip()[:100],
        unit_id=request.args.get("unit", type=int),
        sort=request.args.get("sort", "name") if request.args.get("sort", "name").lstrip("-") in q.SORTS else "name",
        page=request.args.get("page", 1, type=int),
    )


@bp.route("/")
@require("directory.browse")
def index() -> str:
    return render_template("directory/index.html", units=q.top_units(current_user))


@bp.route("/units/<int:unit_id>")
@require("directory.browse")
@personal_data("unit")
def unit(unit_id: int) -> str:
    org_unit = q.unit_in_scope(current_user, unit_id) or abort(404)
    sort = _filters().sort
    children, headcount = q.children_and_headcount(org_unit)
    staff = q.unit_staff(org_unit, sort, request.args.get("page", 1, type=int), current_app.config["PAGE_SIZE"],
                         current_app.config["SEARCH_COUNT_CAP"], total=headcount)
    return render_template("directory/unit.html", unit=org_unit, ancestors=q.ancestors(org_unit),
                           children=children, staff=staff, sort=sort)


@bp.route("/units/<int:unit_id>/chart")
@require("directory.browse")
@personal_data("unit")
def chart(unit_id: int) -> str:
    org_unit = q.unit_in_scope(current_user, unit_id) or abort(404)
    return render_template("directory/chart.html", unit=org_unit, ancestors=q.ancestors(org_unit),
                           tree=drawn_chart(org_unit, current_app.config["ORG_CHART_UNITS"]))


@bp.route("/employees")
@require("directory.browse")
@personal_data("search")
def search() -> str:
    filters = _filters()
    page = search_staff(current_user, filters, current_app.config["PAGE_SIZE"], current_app.config["SEARCH_COUNT_CAP"])
    scope_unit = q.unit_in_scope(current_user, filters.unit_id) if filters.unit_id else None
    return render_template("directory/search.html", page=page, filters=filters, scope_unit=scope_unit)


EXPORT_COLUMNS = ("personal_number", "last_name_ka", "first_name_ka", "last_name_en", "first_name_en", "email",
                  "org_unit_code", "position_code", "rank", "employment_type", "hire_date", "manager_personal_number")


@bp.route("/employees/export.<any(csv, xlsx):fmt>")
@require("directory.browse")
@personal_data("export")
def export(fmt: str) -> Response:
    rows = q.staff_for_export(current_user, _filters())  # every person exported is logged as read
    writer = csv_response if fmt == "csv" else xlsx_response
    return writer(EXPORT_COLUMNS, rows, f"staff.{fmt}")


@bp.route("/employees/<int:employee_id>")
@require("signed_in")
@personal_data("profile")
def profile(employee_id: int) -> str:
    employee = profile_queries.employee_profile(employee_id) or abort(404)
    if not can_view_employee(current_user, employee):
        abort(404 if employee.deleted_at else 403)
    shows(employee, about=employee)
    return render_template("directory/profile.html", employee=employee, ancestors=q.ancestors(employee.org_unit),
                           reports=profile_queries.direct_reports(employee))


@bp.route("/me")
@require("signed_in")
def me() -> Response:
    if current_user.employee_id is None:
        abort(404)
    return redirect(url_for("directory.profile", employee_id=current_user.employee_id))


@bp.route("/me/reads")
@require("signed_in")
def my_reads() -> str:
    """Who read my data: the person's right of access to the log of reads of their personal data."""
    if current_user.employee_id is None:
        abort(404)
    page = q.reads_of_me(current_user, request.args.get("page", 1, type=int), current_app.config["PAGE_SIZE"],
                         current_app.config["READ_LOG_NAMED_ROLES"])
    return render_template("directory/my_reads.html", page=page, role_labels=READER_ROLE_LABELS)
