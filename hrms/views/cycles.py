"""Cycles for HR: list, create (with every appraisal at once), overview, calibration, release, close, consequences."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.models import OrgUnit
from common.pagination import paginate
from common.permissions import can_manage_cycle, require, unit_in_scope
from common.reads import personal_data
from common.web import refused
from hrms import bp, overview_cache, overview_queries
from hrms import queries as q
from hrms.forms import ConsequenceForm, CycleForm
from hrms.models import AppraisalCycle, ConsequenceProposal
from hrms.operations import cycles as cycle_ops
from hrms.operations import outcomes
from hrms.operations import release as release_ops
from hrms.overview_rows import overdue_rows


def _cycle(cycle_id: int, loaded: AppraisalCycle | None = None) -> AppraisalCycle:
    cycle = loaded or db.session.get(AppraisalCycle, cycle_id) or abort(404)
    if not can_manage_cycle(current_user, cycle):
        abort(403)
    return cycle


@bp.route("/cycles")
@require("hr.manage_cycles")
def cycles() -> str:
    page = paginate(q.cycles_in_scope(current_user), request.args.get("page", 1, type=int), 25)
    return render_template("hrms/cycles.html", page=page)


@bp.route("/cycles/new", methods=["GET", "POST"])
@require("hr.manage_cycles")
def cycle_new() -> str | Response:
    form = CycleForm()
    form.template.choices = [(t.id, f"{t.name} (v{t.version})") for t in q.current_templates()]
    form.unit_code.options = q.units_in_scope(current_user, "hr.manage_cycles")  # the picker's list
    if form.validate_on_submit():
        code = form.unit_code.data.strip()
        unit = db.session.execute(select(OrgUnit).where(OrgUnit.code == code)).scalar_one_or_none()
        if unit is None or not unit_in_scope(current_user, "hr.manage_cycles", unit):
            form.unit_code.errors = [_("No org unit with this code in your scope.")]
        else:
            fields = {name: getattr(form, name).data for name in (
                "name_ka", "name_en", "track", "period_start", "period_end", "objectives_due", "midyear_due",
                "self_assessment_due", "manager_assessment_due", "calibration_due", "release_due",
                "employment_types", "unused_sections", "appeal_days", "appeal_decision_days", "excellent_cap",
                "need_below")}
            fields["override_reason"] = form.override_reason.data or ""
            try:
                cycle, created = cycle_ops.create_cycle(
                    cycle_ops.CycleSpec(template_id=form.template.data, root_unit_id=unit.id, **fields),
                    actor=current_user)
            except OperationError as error:
                refused(error, form)
            else:
                flash(_("Cycle created with %(n)d appraisals.", n=created), "success")
                return redirect(url_for("hrms.cycle", cycle_id=cycle.id))
    return render_template("hrms/cycle_new.html", form=form)


@bp.route("/cycles/<int:cycle_id>")
@require("hr.manage_cycles")
@personal_data("appraisal")
def cycle(cycle_id: int) -> str:
    cycle = _cycle(cycle_id, overview_queries.cycle_for_page(cycle_id))
    late = overview_queries.late_states(cycle, date.today())
    counts = overview_cache.cycle_counts(cycle.id, late, request.args.get("page"))  # the same for every reader: cached
    # Names people: read (the ranking's fifty) and logged at each view.
    overdue = overview_queries.overdue(cycle, late, counts.by_state, list(counts.overdue))
    return render_template("hrms/cycle.html", cycle=cycle, counts=counts, overdue=overdue, overdue_rows=overdue_rows)


def _act(cycle_id: int, action: str) -> Response:
    cycle = _cycle(cycle_id)
    try:
        if action == "generate":
            n = cycle_ops.generate_appraisals(cycle, actor=current_user)
            flash(_("%(n)d appraisals created.", n=n) if n else _("Everyone eligible already has an appraisal."),
                  "success")
        elif action == "release":
            n = release_ops.release_cycle(cycle, actor=current_user, confirmed=request.form.get("count", type=int))
            flash(_("%(n)d appraisals released.", n=n), "success")
        else:
            n = outcomes.finalise_cycle(cycle, actor=current_user)
            flash(_("The cycle is final; %(n)d consequences are proposed for decision.", n=n), "success")
    except OperationError as error:
        refused(error)
    return redirect(url_for("hrms.cycle", cycle_id=cycle_id))


@bp.route("/cycles/<int:cycle_id>/generate", methods=["POST"])
@require("hr.manage_cycles")
def cycle_generate(cycle_id: int) -> Response:
    return _act(cycle_id, "generate")


@bp.route("/cycles/<int:cycle_id>/release", methods=["POST"])
@require("hr.manage_cycles")
def cycle_release(cycle_id: int) -> Response:
    return _act(cycle_id, "release")


@bp.route("/cycles/<int:cycle_id>/finalise", methods=["POST"])
@require("hr.manage_cycles")
def cycle_finalise(cycle_id: int) -> Response:
    return _act(cycle_id, "finalise")


# Calibration (the table and its saves) lives in hrms/views/calibration.py.


@bp.route("/cycles/<int:cycle_id>/consequences")
@require("hr.manage_cycles")
@personal_data("consequences")
def consequences(cycle_id: int) -> str:
    cycle = _cycle(cycle_id)
    return render_template("hrms/consequences.html", cycle=cycle, proposals=q.consequences(cycle),
                           form=ConsequenceForm())


@bp.route("/consequences/<int:proposal_id>", methods=["POST"])
@require("hr.manage_cycles")
def decide_consequence(proposal_id: int) -> Response:
    proposal = db.session.get(ConsequenceProposal, proposal_id) or abort(404)
    cycle = _cycle(proposal.cycle_id)
    form = ConsequenceForm()
    if form.validate_on_submit():
        try:
            outcomes.decide_consequence(proposal, confirm=form.decision.data == "confirm", note=form.note.data,
                                        actor=current_user)
        except OperationError as error:
            refused(error)
        else:
            flash(_("Decision recorded."), "success")
    else:
        flash(_("Write a note on the decision."), "error")
    return redirect(url_for("hrms.consequences", cycle_id=cycle.id))
