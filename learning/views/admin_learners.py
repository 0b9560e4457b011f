"""Learners' side of administration: compliance per unit, enrolments of a course, decisions on requests and
exemptions, revoking certificates, mandatory-training rules (applied on saving). Assigning by hand and reminding
the overdue are in ``admin_assign``."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.i18n import ngettext
from common.models import OrgUnit
from common.permissions import (
    can_admin_unit,
    can_decide_for,
    require,
    unit_in_scope,
    unit_scope,
)
from common.reads import personal_data, shows
from common.web import refused
from learning import bp
from learning import operations as ops
from learning import queries as q
from learning.catalogue_cache import course_options
from learning.compliance import compliance_figures
from learning.dates import today
from learning.forms import EmptyForm, ReasonForm, RuleForm
from learning.learner_list import learners
from learning.models import Certificate, Course, Enrolment, Rule
from learning.views.helpers import actor


def _courses() -> list[Course]:
    return list(db.session.execute(select(Course).where(Course.published.is_(True)).order_by(Course.code)).scalars())


def _filters() -> q.LearnerFilter:
    args = request.args
    return q.LearnerFilter(unit_id=args.get("unit", type=int), course_id=args.get("course", type=int),
                           status=args.get("status", "") if args.get("status") in q.STATUSES else "",
                           page=args.get("page", 1, type=int))


@bp.route("/admin/compliance")
@require("learning.learners")
@personal_data("compliance")
def compliance() -> str:
    """Per unit: who is overdue, expiring, exempt (mandatory and assigned training only)."""
    filters, user = _filters(), actor()  # the account itself: the queries read it often, each look via the proxy
    unit = db.session.get(OrgUnit, filters.unit_id) if filters.unit_id else None
    if unit is not None and not unit_in_scope(user, "learning.learners", unit):
        abort(404)
    figures = compliance_figures(user, unit, filters.course_id, today())
    page, counts = learners(user, filters, current_app.config["PAGE_SIZE"], today(), unit,
                            mandatory_only=True, counts=figures.counts)
    units = figures.units
    return render_template("learning/compliance.html", page=page, counts=counts, filters=filters, unit=unit,
                           units=units, summary={u.id: q.compliance_summary(figures.by_unit[u.id]) for u in units},
                           total=q.compliance_summary(counts), course_options=course_options(filters.course_id),
                           statuses=q.STATUSES)


@bp.route("/admin/courses/<int:course_id>/enrolments")
@require("learning.learners")
@personal_data("enrolments")
def course_enrolments(course_id: int) -> str:
    course = db.session.get(Course, course_id) or abort(404)
    filters = _filters()
    filters.course_id = course.id
    page, counts = learners(current_user, filters, current_app.config["PAGE_SIZE"], today(), None,
                              mandatory_only=False)
    return render_template("learning/course_enrolments.html", course=course, page=page, counts=counts,
                           filters=filters, statuses=q.STATUSES, form=EmptyForm(), reason_form=ReasonForm())


def _decidable(enrolment_id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, enrolment_id) or abort(404)
    if not can_decide_for(current_user, enrolment.employee):
        abort(403)
    return enrolment


@bp.route("/admin/enrolments/<int:enrolment_id>/<any(approve, reject):decision>", methods=["POST"])
@require("learning.admin")
def decide_request(enrolment_id: int, decision: str) -> Response:
    enrolment = _decidable(enrolment_id)
    if EmptyForm().validate_on_submit():
        try:
            ops.decide_request(enrolment, decision == "approve", actor=actor())
        except OperationError as error:
            refused(error)
    return redirect(url_for(".course_enrolments", course_id=enrolment.course_id))


@bp.route("/admin/enrolments/<int:enrolment_id>/exemption/<any(approve, reject, grant):decision>", methods=["POST"])
@require("learning.admin")
def decide_exemption(enrolment_id: int, decision: str) -> Response:
    enrolment = _decidable(enrolment_id)
    form = ReasonForm() if decision == "grant" else EmptyForm()
    if form.validate_on_submit():
        try:
            if decision == "grant":
                ops.grant_exemption(enrolment, form.reason.data, actor=actor())
            else:
                ops.decide_exemption(enrolment, decision == "approve", actor=actor())
        except OperationError as error:
            refused(error)
        else:
            flash(_("Exemption recorded.") if decision != "reject" else _("Exemption refused."), "success")
    else:
        flash(_("Give the reason for the exemption (at least 5 characters)."), "error")
    return redirect(url_for(".course_enrolments", course_id=enrolment.course_id))


@bp.route("/admin/certificates/<int:certificate_id>/revoke", methods=["GET", "POST"])
@require("learning.admin")
@personal_data("certificate")
def revoke(certificate_id: int) -> str | Response:
    certificate = db.session.get(Certificate, certificate_id) or abort(404)
    if not can_decide_for(current_user, certificate.employee):
        abort(403)
    shows(certificate.employee_id, about=certificate)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            ops.revoke_certificate(certificate, form.reason.data, actor=actor())
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Certificate %(serial)s revoked.", serial=certificate.serial), "success")
            return redirect(url_for(".course_enrolments", course_id=certificate.course_id))
    return render_template("learning/revoke.html", certificate=certificate, form=form)


@bp.route("/admin/rules", methods=["GET", "POST"])
@require("learning.admin")
def rules() -> str | Response:
    form, preview = RuleForm(), None
    form.course_id.choices = [(c.id, f"{c.code} · {c.title}") for c in _courses()]
    units = db.session.execute(select(OrgUnit).where(unit_scope(current_user, "learning.admin"),
                                                     OrgUnit.valid_to.is_(None), OrgUnit.depth <= 1)
                               .order_by(OrgUnit.path)).scalars()
    form.unit_id.choices = ([(0, _("The whole government"))] if can_admin_unit(current_user, None) else []) + \
        [(u.id, f"{'— ' * u.depth}{u.code} · {u.name}") for u in units]
    if request.method == "GET":
        form.starts_on.data = today()
    if form.validate_on_submit():
        course = db.session.get(Course, form.course_id.data) or abort(404)
        values = {"unit_id": form.unit_id.data or None, "rank": form.rank.data or None,
                  "new_hires_only": form.new_hires_only.data, "starts_on": form.starts_on.data,
                  "due_days": form.due_days.data, "recert_months": form.recert_months.data}
        if request.form.get("preview"):
            preview = ops.preview_rule(course, values)
        else:
            try:
                rule = ops.create_rule(course, values, actor=actor())
                applied = ops.apply_rule_now(rule, actor=actor())
            except OperationError as error:
                refused(error, form)
            else:
                flash(ngettext("Rule saved and applied: %(num)d person assigned now. The nightly sync keeps it "
                               "up to date.", "Rule saved and applied: %(num)d people assigned now. The nightly "
                               "sync keeps it up to date.", applied.assigned + applied.renewed), "success")
                return redirect(url_for(".rules"))
    visible = db.session.execute(select(Rule).outerjoin(OrgUnit, Rule.unit_id == OrgUnit.id)
                                 .where(unit_scope(current_user, "learning.admin") | Rule.unit_id.is_(None))
                                 .order_by(Rule.id)).scalars().all()
    return render_template("learning/rules.html", form=form, rules=visible, empty=EmptyForm(), preview=preview)


@bp.route("/admin/rules/<int:rule_id>/active", methods=["POST"])
@require("learning.admin")
def rule_active(rule_id: int) -> Response:
    rule = db.session.get(Rule, rule_id) or abort(404)
    if EmptyForm().validate_on_submit():
        try:
            ops.set_rule_active(rule, request.form.get("active") == "1", actor=actor())
        except OperationError as error:
            refused(error)
    return redirect(url_for(".rules"))
