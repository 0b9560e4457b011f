"""The inbox: every signed-in person's in-app notifications (releases, reminders, training needs), under ``/inbox``.

Notifications were stored by the modules but never shown. The header shows the unread count on every page;
the inbox lists them, newest first, and opening one marks it read.
"""

from flask import Blueprint

bp = Blueprint("inbox", __name__, url_prefix="/inbox")

from common.inbox import views  # noqa: E402,F401
