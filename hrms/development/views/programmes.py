"""Basic programmes by rank group for HR, and the compliance list: who still has to complete theirs."""

from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.models import OrgUnit
from common.permissions import can_manage_programme, require, unit_scope
from common.reads import personal_data
from common.spreadsheet import csv_response, xlsx_response
from common.web import refused
from hrms import bp
from hrms.development import queries as q
from hrms.development.forms import ProgrammeForm
from hrms.development.labels import ENROLMENT_STATUS_LABELS
from hrms.development.operations import programmes as programme_ops
from learning import public as catalogue


def _programme_form() -> ProgrammeForm:
    form = ProgrammeForm()
    form.course_id.choices = [(c.id, f"{c.code} · {c.title}") for c in catalogue.published_courses()]
    units = db.session.execute(select(OrgUnit).where(unit_scope(current_user, "hr.development"),
                                                     OrgUnit.valid_to.is_(None), OrgUnit.depth <= 1)
                               .order_by(OrgUnit.path)).scalars()
    form.unit_id.choices = ([(0, _("The whole government"))] if can_manage_programme(current_user, None) else []) + \
        [(u.id, f"{'— ' * u.depth}{u.code} · {u.name}") for u in units]
    return form


@bp.route("/development/programmes", methods=["GET", "POST"])
@require("hr.development")
def programmes() -> str | Response:
    form = _programme_form()
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in ("name_ka", "name_en", "rank_min", "rank_max",
                                                                "course_id", "unit_id", "starts_on")}
        try:
            _programme, covered, assigned = programme_ops.create_programme(values, actor=current_user)
        except OperationError as error:
            refused(error, form)
        else:
            if covered == assigned:
                flash(_("Basic programme saved; %(n)d people assigned now. New appointees are assigned every night.",
                        n=assigned), "success")
            else:  # some already held the course: under another rule, enrolled themselves, or completed it
                flash(_("Basic programme saved; it covers %(n)d people now: %(new)d newly assigned, %(had)d already "
                        "had the course (under another rule or of their own accord). New appointees are assigned "
                        "every night.", n=covered, new=assigned, had=covered - assigned), "success")
            return redirect(url_for("hrms.programmes"))
    listed = q.programmes_in_scope(current_user)
    courses = catalogue.courses_by_id(p.course_id for p in listed)
    return render_template("hrms/development/programmes.html", form=form, programmes=listed, courses=courses)


def _compliance(page: int, size: int) -> tuple[list, object, dict[str, int], bool]:
    listed = q.programmes_in_scope(current_user)
    chosen = request.args.get("programme", type=int)
    selected = [p for p in listed if p.id == chosen] if chosen else listed
    everyone = request.args.get("show") == "all"
    rows, counts = q.compliance(current_user, selected, outstanding=not everyone, page=page, size=size)
    return listed, rows, counts, everyone


@bp.route("/development/programmes/compliance")
@require("hr.development")
@personal_data("compliance")
def programme_compliance() -> str:
    listed, page, counts, everyone = _compliance(request.args.get("page", 1, type=int),
                                                 current_app.config["PAGE_SIZE"])
    by_rule = {rule_id: p for p in listed for rule_id in p.rule_ids}
    return render_template("hrms/development/compliance.html", programmes=listed, page=page, counts=counts,
                           everyone=everyone, by_rule=by_rule, today=date.today(),
                           chosen=request.args.get("programme", type=int))


@bp.route("/development/programmes/compliance.<any(csv, xlsx):fmt>")
@require("hr.development")
@personal_data("compliance")
def programme_compliance_export(fmt: str) -> Response:
    listed, page, _counts, _everyone = _compliance(1, 100_000)
    by_rule = {rule_id: p for p in listed for rule_id in p.rule_ids}
    today = date.today()
    headers = [_("Personal number"), _("Name"), _("Org unit"), _("Rank"), _("Programme"), _("Course"),
               _("Appointed"), _("Due"), _("Status")]
    rows = [(e.employee.personal_number, e.employee.full_name, e.employee.org_unit.name,
             e.employee.position.rank_roman if e.employee.position else "", by_rule[e.rule_id].name
             if e.rule_id in by_rule else "", e.course.title, e.employee.hire_date, e.due_date,
             str(ENROLMENT_STATUS_LABELS.get(e.status(today), e.status(today)))) for e in page.items]
    name = f"basic-programme-compliance.{fmt}"
    return csv_response(headers, rows, name) if fmt == "csv" else xlsx_response(headers, rows, name)
