"""The approval queue: approve or return several groups of submitted values at once."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.models import OrgUnit
from common.pagination import page_number
from common.permissions import require
from common.redirects import safe_next
from monitoring import bp
from monitoring.forms import DecisionForm
from monitoring.operations import values as ops
from monitoring.queue import approval_queue
from monitoring.queue_cache import queue_rows


def _is_id(text: str) -> bool:
    """An id as the database holds it: ASCII digits that fit a 32-bit integer (anything else names no row)."""
    return text.isascii() and text.isdigit() and len(text) <= 9


def _groups(tokens: list[str]) -> list[ops.Group]:
    groups = []
    for token in tokens[:500]:
        indicator, _sep, rest = token.partition(":")
        period, _sep, unit = rest.rpartition(":")
        if _is_id(indicator) and _is_id(unit) and period:
            groups.append((int(indicator), period, int(unit)))
    return groups


@bp.route("/approvals", methods=["GET", "POST"])
@require("monitoring.approve")
def approvals() -> str | Response:
    form = DecisionForm()
    # The form posts to its own page's address: a decision on page N returns to page N (the last page, if the
    # decision emptied it).
    number = page_number(request.args.get("page"))
    back = safe_next(request.form.get("next"), url_for(".approvals", page=number if number > 1 else None))
    if request.method == "POST" and form.validate_on_submit():
        groups = _groups(request.form.getlist("groups"))
        ids = {unit for _i, _p, unit in groups}
        units = {u.id: u for u in db.session.execute(select(OrgUnit).where(OrgUnit.id.in_(ids))).scalars()}
        if not groups:
            flash(_("Choose at least one row."), "error")
        elif set(units) != ids:  # a row naming an org unit that does not exist: nothing to decide on
            flash(_("Some of the chosen rows do not exist. Reload the queue and choose again."), "error")
        else:
            approve = request.form.get("action") != "return"
            try:
                count = ops.decide(groups, units, approve=approve, actor=current_user, comment=form.comment.data or "",
                                   confirmed=_groups(request.form.getlist("confirm")))
            except OperationError as error:
                flash(str(error), "error")
            else:
                flash(_("%(count)d values approved.", count=count) if approve else
                      _("%(count)d values returned to the agency.", count=count), "success")
        return redirect(back)
    queue = approval_queue(current_user, number)
    rows = queue_rows(queue.items) if queue else []
    return render_template("monitoring/approvals.html", queue=queue, rows=rows, form=form)
