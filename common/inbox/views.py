"""The inbox pages. A notification is its addressee's own: nobody else opens or marks it."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from common import notifications
from common.extensions import db
from common.inbox import bp
from common.models import Notification
from common.permissions import can_read_notification, require
from common.redirects import safe_next


@bp.route("/")
@require("signed_in")
def index() -> str:
    page = notifications.inbox_page(current_user, request.args.get("page", 1), current_app.config["PAGE_SIZE"])
    return render_template("inbox/index.html", page=page, form=FlaskForm())


@bp.route("/<int:notification_id>/read", methods=["POST"])
@require("signed_in")
def read(notification_id: int) -> Response:
    """Mark one notification read and follow its link (a path on this site), or come back to the inbox."""
    notification = db.session.get(Notification, notification_id)
    if notification is None:
        abort(404)
    if not can_read_notification(current_user, notification):
        abort(403)
    if FlaskForm().validate_on_submit():
        notifications.mark_read(current_user, [notification.id])
        if request.form.get("open"):
            return redirect(safe_next(notification.link, url_for("inbox.index")))
    return redirect(url_for("inbox.index"))


@bp.route("/read-all", methods=["POST"])
@require("signed_in")
def read_all() -> Response:
    if FlaskForm().validate_on_submit():
        notifications.mark_read(current_user, None)
    return redirect(url_for("inbox.index"))
