"""Accounts for a unit's staff in one action (HR in scope), and a password-reset link for one account (admin).

Thin: the operation creates the accounts and links and the view commits before sending the mail, so a message
never carries a link the database does not hold.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.auth import links
from common.extensions import db
from common.i18n import gettext as _
from common.i18n import ngettext
from common.models import OrgUnit
from common.permissions import require, unit_in_scope
from common.reads import personal_data
from common.users import bp, bulk
from common.users import queries as q
from common.users.forms import EmptyForm


def _unit(unit_id: int | None) -> OrgUnit | None:
    if not unit_id:
        return None
    unit = db.session.get(OrgUnit, unit_id) or abort(404)
    if not unit_in_scope(current_user, "users.invite", unit):
        abort(403)
    return unit


@bp.route("/bulk")
@require("users.invite")
@personal_data("accounts")
def bulk_accounts() -> str:
    unit = _unit(request.args.get("unit", type=int))
    people = bulk.staff_without_account(unit) if unit else []
    return render_template("users/bulk.html", unit=unit, units=bulk.units_for_accounts(current_user), people=people,
                           ready=[p for p in people if p.email], form=EmptyForm())


@bp.route("/bulk", methods=["POST"])
@require("users.invite")
@personal_data("accounts")
def bulk_create() -> Response:
    unit = _unit(request.form.get("unit", type=int))
    if unit is None:
        flash(_("Choose a unit."), "error")
        return redirect(url_for("users.bulk_accounts"))
    if not EmptyForm().validate_on_submit():
        flash(_("The form has expired. Please submit it again."), "error")
        return redirect(url_for("users.bulk_accounts", unit=unit.id))
    result = bulk.create_accounts(unit, actor=current_user)
    db.session.commit()
    failed = bulk.send_links(result)
    flash(ngettext("%(num)d account created; each person was sent a sign-in link to choose a password.",
                   "%(num)d accounts created; each person was sent a sign-in link to choose a password.",
                   len(result.created)), "success")
    skipped = len(result.no_email) + len(result.email_taken)
    if skipped:
        flash(ngettext("%(num)d person was skipped: no e-mail address, or one another account uses.",
                       "%(num)d people were skipped: no e-mail address, or one another account uses.", skipped),
              "warning")
    if failed:
        flash(ngettext("%(num)d e-mail could not be sent; send a new link from the account's page.",
                       "%(num)d e-mails could not be sent; send a new link from the account's page.", failed),
              "error")
    return redirect(url_for("users.bulk_accounts", unit=unit.id))


@bp.route("/<int:user_id>/reset-link", methods=["POST"])
@require("users.manage")
@personal_data("accounts")
def send_reset_link(user_id: int) -> Response:
    user = q.account(user_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    token = links.issue(user, links.RESET, actor=current_user)
    db.session.commit()
    try:
        links.send(user, token, links.RESET)
    except OSError:
        flash(_("The e-mail could not be sent. Try again later."), "error")
    else:
        flash(_("A password-reset link was sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("users.detail", user_id=user_id))
