"""The page a sign-in link opens: choose a password, once. Public, since the person has no password yet."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from common.auth import bp, links
from common.auth.forms import SetPasswordForm
from common.errors import OperationError
from common.extensions import db, limiter
from common.i18n import gettext as _
from common.permissions import public


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


@bp.route("/link/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@public
def link(token: str) -> str | Response:
    valid = links.valid_link(token)
    if valid is None:
        return render_template("auth/link_refused.html")
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            links.redeem(token, form.new.data)
        except OperationError as error:
            db.session.rollback()
            form.new.errors = [*form.new.errors, str(error)]
        else:
            flash(_("Your password is set. Sign in with it now."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/link.html", form=form, email=valid.user.email)
