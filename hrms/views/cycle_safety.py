"""Bulk actions on a cycle, each stated before it is taken: release (confirmed count), cancel (with a reason),
reminders sent from the page (the same idempotent ledger as ``flask hr remind``)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.i18n import gettext as _
from common.permissions import require
from common.reads import personal_data, shows
from common.web import refused
from hrms import bp
from hrms import list_queries as lq
from hrms.cycle_forms import CancelCycleForm, ReleaseConfirmForm
from hrms.operations import cycle_safety
from hrms.operations.reminders import send_cycle_reminders
from hrms.views import load_cycle


@bp.route("/cycles/<int:cycle_id>/release/confirm")
@require("hr.manage_cycles")
@personal_data("appraisal")
def cycle_release_confirm(cycle_id: int) -> str:
    """What a bulk release will do, to whom, before it is done; the POST carries the count shown here."""
    cycle = load_cycle(cycle_id)
    appraisals = sorted(cycle_safety.releasable(cycle, current_user), key=lambda a: a.employee.full_name)
    shows((a.employee_id for a in appraisals), about=cycle)
    return render_template("hrms/release_confirm.html", cycle=cycle, appraisals=appraisals,
                           form=ReleaseConfirmForm(formdata=None, count=str(len(appraisals))))


@bp.route("/cycles/<int:cycle_id>/cancel", methods=["GET", "POST"])
@require("hr.manage_cycles")
def cycle_cancel(cycle_id: int) -> str | Response:
    cycle = load_cycle(cycle_id)
    form = CancelCycleForm()
    if form.validate_on_submit():
        try:
            cycle_safety.cancel_cycle(cycle, form.reason.data, actor=current_user)
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("The cycle is cancelled; the reason is recorded."), "success")
            return redirect(url_for("hrms.cycle", cycle_id=cycle.id))
    return render_template("hrms/cycle_cancel.html", cycle=cycle, form=form)


@bp.route("/cycles/<int:cycle_id>/remind", methods=["POST"])
@require("hr.manage_cycles")
def cycle_remind(cycle_id: int) -> Response:
    """Reminders for the cycle, or for the filtered list the button was pressed on (its filters in the URL)."""
    cycle = load_cycle(cycle_id)
    filters = lq.ListFilter.from_args(request.args)
    only = lq.appraisal_ids(cycle, current_user, filters) if filters.as_args() else None
    try:
        sent, before, failures = send_cycle_reminders(cycle, actor=current_user, only=only)
    except OperationError as error:
        refused(error)
    else:
        flash(_("%(sent)d reminders sent; %(before)d had been sent before and were not sent again.", sent=sent,
                before=before), "success")
        if failures:
            flash(_("%(n)d reminders could not be sent; they will be tried again next time.", n=len(failures)),
                  "error")
    if request.args:
        return redirect(url_for("hrms.cycle_appraisals", cycle_id=cycle.id, **filters.as_args()))
    return redirect(url_for("hrms.cycle", cycle_id=cycle.id))
