"""Account administration pages. Thin: each POST calls one operation and redirects."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.auth.operations import set_active
from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.models import RoleAssignment
from common.permissions import require
from common.reads import personal_data
from common.users import bp
from common.users import operations as ops
from common.users import queries as q
from common.users.forms import ROLE_LABELS, AccountForm, EmptyForm, GrantRoleForm, ResetPasswordForm
from common.web import refused


@bp.route("/")
@require("users.manage")
@personal_data("accounts")
def index() -> str:
    query = request.args.get("q", "").strip()[:100]
    page = q.accounts(query, request.args.get("page", 1, type=int), current_app.config["PAGE_SIZE"])
    return render_template("users/index.html", page=page, q=query, role_labels=ROLE_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@require("users.manage")
def create() -> str | Response:
    form = AccountForm()
    if form.validate_on_submit():
        try:
            user = ops.create_user(form.email.data, form.password.data, personal_number=form.personal_number.data,
                                   actor=current_user, temporary=True)
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Account created."), "success")
            return redirect(url_for("users.detail", user_id=user.id))
    return render_template("users/new.html", form=form)


def _detail_page(user_id: int, grant: GrantRoleForm | None = None, reset: ResetPasswordForm | None = None) -> str:
    user = q.account(user_id) or abort(404)
    return render_template("users/detail.html", user=user, grant=grant or GrantRoleForm(prefix="grant"),
                           reset=reset or ResetPasswordForm(prefix="reset"), empty=EmptyForm(),
                           role_labels=ROLE_LABELS)


@bp.route("/<int:user_id>")
@require("users.manage")
@personal_data("accounts")
def detail(user_id: int) -> str:
    return _detail_page(user_id)


@bp.route("/<int:user_id>/roles", methods=["POST"])
@require("users.manage")
@personal_data("accounts")
def grant_role(user_id: int) -> str | Response:
    user = q.account(user_id) or abort(404)
    form = GrantRoleForm(prefix="grant")
    if form.validate_on_submit():
        try:
            ops.grant_role_by_codes(user.email, form.role.data, form.unit_code.data or None, actor=current_user)
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Role granted."), "success")
            return redirect(url_for("users.detail", user_id=user_id))
    return _detail_page(user_id, grant=form)


@bp.route("/<int:user_id>/roles/<int:assignment_id>/revoke", methods=["POST"])
@require("users.manage")
def revoke_role(user_id: int, assignment_id: int) -> Response:
    assignment = db.session.get(RoleAssignment, assignment_id)
    if assignment is None or assignment.user_id != user_id or not EmptyForm().validate_on_submit():
        abort(404)
    ops.revoke_role(assignment, actor=current_user)
    flash(_("Role revoked."), "success")
    return redirect(url_for("users.detail", user_id=user_id))


@bp.route("/<int:user_id>/active", methods=["POST"])
@require("users.manage")
def toggle_active(user_id: int) -> Response:
    user = q.account(user_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_("You cannot disable your own account."), "error")
    else:
        set_active(user, not user.active, actor=current_user)
        flash(_("Account enabled.") if user.active else _("Account disabled; its sessions have ended."), "success")
    return redirect(url_for("users.detail", user_id=user_id))


@bp.route("/<int:user_id>/password", methods=["POST"])
@require("users.manage")
@personal_data("accounts")
def reset_password(user_id: int) -> str | Response:
    user = q.account(user_id) or abort(404)
    form = ResetPasswordForm(prefix="reset")
    if form.validate_on_submit():
        try:
            ops.reset_password(user, form.password.data, actor=current_user)
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Password reset. Every session of the account has ended."), "success")
            return redirect(url_for("users.detail", user_id=user_id))
    return _detail_page(user_id, reset=form)
