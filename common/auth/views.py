"""Sign-in pages. Thin: every rule lives in ``common.auth.operations``."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from common.auth import bp
from common.auth import operations as ops
from common.auth.forms import LanguageForm, LoginForm, PasswordChangeForm
from common.auth.oidc import enabled as sso_enabled
from common.errors import OperationError
from common.extensions import limiter
from common.i18n import gettext as _
from common.permissions import public, require
from common.redirects import safe_next

# What someone who must replace a temporary password may still open: the change form, sign-out, language.
ALLOWED_BEFORE_CHANGE = {"auth.change_password", "auth.logout", "auth.set_language", "static"}


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@public
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("home"))
    form = LoginForm(next=request.args.get("next", ""))
    if request.method == "POST" and not current_app.config["PASSWORD_SIGN_IN"]:
        # Passwords are switched off: the form is not shown, and a posted one is refused before it is read.
        flash(_("Sign-in with a password is switched off. Sign in with your government account."), "error")
        return render_template("auth/login.html", form=form, sso_enabled=sso_enabled()), 403  # type: ignore[return-value]
    if form.validate_on_submit():
        result = ops.authenticate(form.email.data, form.password.data)
        if result.user is not None:
            # A language chosen on the sign-in page wins over the saved one, and is saved for next time.
            chosen = session.get("lang")
            session.clear()
            ops.start_session(result.user)
            login_user(result.user)
            session.permanent = True
            if chosen and chosen != result.user.locale:
                ops.set_locale(result.user, chosen)
            if chosen or result.user.locale:
                session["lang"] = chosen or result.user.locale
            if result.user.must_change_password:
                flash(_("Your password was set by an administrator. Choose your own password to continue."), "info")
                return redirect(url_for("auth.change_password"))
            return redirect(safe_next(form.next.data))
        flash(result.error, "error")
    return render_template("auth/login.html", form=form, sso_enabled=sso_enabled())


@bp.route("/logout", methods=["POST"])
@require("signed_in")
def logout() -> Response:
    ops.end_session(current_user._get_current_object())
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You have signed out."), "success")
    return redirect(url_for("auth.login"))


@bp.before_app_request
def require_own_password() -> Response | None:
    """A temporary password set by an administrator must be replaced before anything else is opened."""
    if (current_user.is_authenticated and getattr(current_user, "must_change_password", False)
            and request.endpoint not in ALLOWED_BEFORE_CHANGE):
        flash(_("Your password was set by an administrator. Choose your own password to continue."), "info")
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/password", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@require("signed_in")
def change_password() -> str | Response:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            ops.change_password(current_user._get_current_object(), form.current.data, form.new.data)
        except OperationError as error:
            getattr(form, error.details.get("field", "new")).errors = [str(error)]
        else:
            flash(_("Your password has been changed. Other sessions have been signed out."), "success")
            return redirect(url_for("home"))
    return render_template("auth/password.html", form=form)


@bp.route("/language", methods=["POST"])
@public
def set_language() -> Response:
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            ops.set_locale(current_user._get_current_object(), form.lang.data)
    return redirect(safe_next(form.next.data or (request.referrer and urlsplit(request.referrer).path)))
