"""The official forms as PDF downloads: the appraisal form and the development plan (``hrms.documents``).

``?lang=ka`` or ``?lang=en`` chooses the form's language (the reader's own by default). The download is a read
of the person's record like the page, so it is declared and logged the same way (``common.reads``).
"""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user
from werkzeug.wrappers import Response

from common.extensions import db
from common.i18n import get_locale
from common.permissions import can_print_appraisal_form, can_print_development_plan, require
from common.reads import personal_data
from hrms import bp, documents
from hrms.development.models import DevelopmentPlan
from hrms.development.views import load_person
from hrms.views import load_appraisal, log_view


def _pdf(data: bytes, filename: str) -> Response:
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"})


def _lang() -> str:
    return documents.language(request.args.get("lang"), str(get_locale() or "ka"))


@bp.route("/appraisals/<int:appraisal_id>/form.pdf")
@require("signed_in")
@personal_data("appraisal")
def appraisal_form_pdf(appraisal_id: int) -> Response:
    appraisal = load_appraisal(appraisal_id)
    if not can_print_appraisal_form(current_user, appraisal):
        abort(403)
    lang = _lang()
    data = documents.appraisal_form_pdf(appraisal, current_user, lang)
    log_view(appraisal)
    return _pdf(data, f"appraisal-{appraisal.id}-{lang}.pdf")


@bp.route("/development/plans/<int:plan_id>/plan.pdf")
@require("signed_in")
@personal_data("development")
def development_plan_pdf(plan_id: int) -> Response:
    plan = db.session.get(DevelopmentPlan, plan_id) or abort(404)
    employee = load_person(plan.employee_id)
    if not can_print_development_plan(current_user, employee):
        abort(403)
    lang = _lang()
    data = documents.development_plan_pdf(plan, employee, current_user, lang)
    return _pdf(data, f"development-plan-{plan.id}-{lang}.pdf")
