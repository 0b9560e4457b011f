"""Appraisal templates: list, create, revise (a revision is a new version; past cycles keep theirs)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.models import Competency
from common.permissions import require
from common.web import refused
from hrms import bp
from hrms import queries as q
from hrms.anchors import parse_anchors
from hrms.forms import TemplateForm, template_form
from hrms.models import AppraisalTemplate
from hrms.operations import templates as ops


def _competencies() -> list[Competency]:
    return list(db.session.execute(select(Competency).order_by(Competency.code)).scalars())


def _spec(form: TemplateForm, competencies: list[Competency]) -> ops.TemplateSpec:
    return ops.TemplateSpec(
        name_ka=form.name_ka.data, name_en=form.name_en.data, methodology_ref=form.methodology_ref.data or "",
        methodology_ref_ka=form.methodology_ref_ka.data or "",
        objectives_weight=form.objectives_weight.data, competencies_weight=form.competencies_weight.data,
        criteria=[(c.id, getattr(form, f"comp_{c.id}").data or 0) for c in competencies],
        bands={"excellent": form.band_excellent.data / 100, "good": form.band_good.data / 100,
               "satisfactory": form.band_satisfactory.data / 100, "unsatisfactory": 0.0},
        anchors=parse_anchors(form.anchors.data))


@bp.route("/templates")
@require("hr.manage_cycles")
def templates() -> str:
    return render_template("hrms/templates.html", templates=q.current_templates())


@bp.route("/templates/new", methods=["GET", "POST"])
@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
@require("hr.manage_cycles")
def template_edit(template_id: int | None = None) -> str | Response:
    template = db.session.get(AppraisalTemplate, template_id) if template_id else None
    if template_id and template is None:
        abort(404)
    competencies = _competencies()
    data = {}
    if template is not None:
        spec = ops.spec_of(template)
        data = {"name_ka": spec.name_ka, "name_en": spec.name_en, "methodology_ref": spec.methodology_ref,
                "methodology_ref_ka": spec.methodology_ref_ka,
                "objectives_weight": spec.objectives_weight, "competencies_weight": spec.competencies_weight,
                "band_excellent": round(spec.bands["excellent"] * 100), "band_good": round(spec.bands["good"] * 100),
                "band_satisfactory": round(spec.bands["satisfactory"] * 100),
                "anchors": "\n".join(spec.anchors or [])}
        data |= {f"comp_{cid}": weight for cid, weight in spec.criteria}
    form = template_form(competencies, data=data)
    if form.validate_on_submit():
        try:
            if template is None:
                saved = ops.create_template(_spec(form, competencies), actor=current_user)
            else:
                saved = ops.revise_template(template, _spec(form, competencies), actor=current_user)
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Template saved as version %(n)d.", n=saved.version), "success")
            return redirect(url_for("hrms.templates"))
    return render_template("hrms/template_edit.html", form=form, template=template, competencies=competencies)
