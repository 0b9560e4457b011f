"""Personal access tokens, on a page of their own (``/account/tokens``): create (the value is shown once), list,
revoke. Every signed-in person may hold tokens; what a token can do is still limited by the person's roles."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.api import tokens
from common.api.forms import SCOPE_LABELS, RevokeForm, TokenForm
from common.errors import OperationError
from common.i18n import gettext as _
from common.permissions import require
from common.web import refused

bp = Blueprint("api_tokens", __name__, url_prefix="/account/tokens")


@bp.route("", methods=["GET", "POST"])
@require("signed_in")
def index() -> str:
    form = TokenForm()
    issued = None
    if form.validate_on_submit():
        try:
            issued = tokens.create_personal_token(current_user._get_current_object(), form.name.data or "",
                                                  form.chosen_scopes(), form.days.data or 0,
                                                  max_days=current_app.config["API_PAT_MAX_DAYS"])
        except OperationError as error:
            refused(error, form)
        else:
            form = TokenForm(formdata=None)
    return render_template("api/tokens.html", form=form, issued=issued, revoke_form=RevokeForm(),
                           rows=tokens.personal_tokens(current_user._get_current_object()), labels=SCOPE_LABELS)


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@require("signed_in")
def revoke(token_id: int) -> Response:
    form = RevokeForm()
    if form.validate_on_submit():
        token = tokens.revoke_personal_token(current_user._get_current_object(), token_id)
        if token is None:
            flash(_("There is no such token of yours."), "error")
        else:
            flash(_("The token %(name)s has been revoked; it no longer works.", name=token.name), "success")
    return redirect(url_for("api_tokens.index"))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
