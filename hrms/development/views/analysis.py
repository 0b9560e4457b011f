"""The training-needs analysis for planners: needs by competency, unit and rank across the user's scope."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response

from common.extensions import db
from common.i18n import gettext as _
from common.models import OrgUnit
from common.permissions import can_read_needs_analysis, require
from common.spreadsheet import csv_response, xlsx_response
from hrms import bp
from hrms.development import queries as q
from hrms.development.forms import AnalysisFilterForm
from learning import public as catalogue


def _analysis() -> tuple[q.Analysis, AnalysisFilterForm]:
    unit_id = request.args.get("unit", type=int)
    unit = db.session.get(OrgUnit, unit_id) if unit_id else q.top_unit(current_user, "hr.needs_analysis")
    if unit_id and unit is None:
        abort(404)
    if not can_read_needs_analysis(current_user, unit):
        abort(403)
    form = AnalysisFilterForm(request.args)
    year = form.year.data if form.validate() else None
    return q.needs_analysis(current_user, unit, year=year), form


@bp.route("/development/analysis")
@require("hr.needs_analysis")
def needs_analysis() -> str:
    analysis, form = _analysis()
    by_competency = analysis.by_competency()
    return render_template("hrms/development/analysis.html", analysis=analysis, form=form,
                           by_competency=by_competency, by_unit=analysis.by_unit(), by_rank=analysis.by_rank(),
                           matrix=analysis.matrix(),
                           coverage=catalogue.courses_per_competency([c.id for c, _n in by_competency]))


@bp.route("/development/analysis.<any(csv, xlsx):fmt>")
@require("hr.needs_analysis")
def needs_analysis_export(fmt: str) -> Response:
    analysis, _form = _analysis()
    headers = [_("Competency code"), _("Competency"), _("Unit code"), _("Org unit"), _("Rank"), _("Needs")]
    here = analysis.unit
    rows = [(c.code, c.name, (u or here).code if (u or here) else "", (u or here).name if (u or here) else "",
             {1: "I", 2: "II", 3: "III", 4: "IV"}.get(rank, ""), n)
            for c, u, rank, n in sorted(analysis.rows, key=lambda r: (r[0].code, r[1].code if r[1] else "", r[2] or 0))]
    name = f"training-needs-{here.code if here else 'government'}.{fmt}"
    return csv_response(headers, rows, name) if fmt == "csv" else xlsx_response(headers, rows, name)
