"""Reminders before a due date and before a certificate expires, by e-mail and in the app, each sent once.

The ledger key names the event and its date (``learning:enrolment:12:due:2026-05-01``): a changed due
date is a new event and is reminded again; the same one never is.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from common.extensions import db
from common.i18n import gettext as _
from common.models import User
from common.notifications import Reminder, remind
from learning.dates import today as today_
from learning.models import Certificate, Course, Enrolment

DUE_NOTICE_DAYS = 7
EXPIRY_NOTICE_DAYS = 30


def _link(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def due_reminders(today: date) -> list[Reminder]:
    rows = db.session.execute(
        select(Enrolment, Course, User).join(Course, Enrolment.course_id == Course.id)
        .join(User, User.employee_id == Enrolment.employee_id)
        .where(Enrolment.is_current.is_(True), Enrolment.state.in_(("assigned", "in_progress")),
               Enrolment.due_date >= today, Enrolment.due_date <= today + timedelta(days=DUE_NOTICE_DAYS),
               User.active.is_(True))).all()
    reminders = []
    for enrolment, course, user in rows:
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            title = course.title_en if str(user.locale or "").startswith("en") else course.title_ka
            subject = _("Training due on %(date)s: %(course)s", date=enrolment.due_date.isoformat(), course=title)
            body = _("Please complete the course \"%(course)s\" by %(date)s.\n\n%(link)s", course=title,
                     date=enrolment.due_date.isoformat(), link=_link(f"/learn/courses/{course.id}"))
        reminders.append(Reminder(f"learning:enrolment:{enrolment.id}:due:{enrolment.due_date.isoformat()}", user,
                                  subject, body, f"/learn/courses/{course.id}"))
    return reminders


def expiry_reminders(today: date) -> list[Reminder]:
    rows = db.session.execute(
        select(Certificate, User).join(Enrolment, Certificate.enrolment_id == Enrolment.id)
        .join(User, User.employee_id == Certificate.employee_id)
        .where(Enrolment.is_current.is_(True), Certificate.revoked_at.is_(None), Certificate.expires_on >= today,
               Certificate.expires_on <= today + timedelta(days=EXPIRY_NOTICE_DAYS), User.active.is_(True))).all()
    reminders = []
    for certificate, user in rows:
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            title = certificate.course_title_en if str(user.locale or "").startswith("en") else \
                certificate.course_title_ka
            subject = _("Your certificate expires on %(date)s: %(course)s", date=certificate.expires_on.isoformat(),
                        course=title)
            body = _("Your certificate %(serial)s for \"%(course)s\" expires on %(date)s. Take the course again "
                     "to renew it.\n\n%(link)s", serial=certificate.serial, course=title,
                     date=certificate.expires_on.isoformat(), link=_link(f"/learn/courses/{certificate.course_id}"))
        reminders.append(Reminder(f"learning:certificate:{certificate.id}:expiry:{certificate.expires_on.isoformat()}",
                                  user, subject, body, "/learn/my/certificates"))
    return reminders


def overdue_reminders(enrolments: list[Enrolment]) -> list[Reminder]:
    """A reminder to the learner of each overdue enrolment. The key names the enrolment and its due date, so
    pressing "remind the overdue" twice (or with the nightly run) sends one e-mail per person and due date."""
    users = {u.employee_id: u for u in db.session.execute(select(User).where(
        User.employee_id.in_([e.employee_id for e in enrolments] or [0]), User.active.is_(True))).scalars()}
    reminders = []
    for enrolment in enrolments:
        user, course = users.get(enrolment.employee_id), enrolment.course
        if user is None or enrolment.due_date is None:
            continue
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            title = course.title_en if str(user.locale or "").startswith("en") else course.title_ka
            subject = _("Overdue training: %(course)s", course=title)
            body = _("The course \"%(course)s\" was due on %(date)s. Please complete it as soon as you can."
                     "\n\n%(link)s", course=title, date=enrolment.due_date.isoformat(),
                     link=_link(f"/learn/courses/{course.id}"))
        reminders.append(Reminder(f"learning:enrolment:{enrolment.id}:overdue:{enrolment.due_date.isoformat()}",
                                  user, subject, body, f"/learn/courses/{course.id}"))
    return reminders


def remind_overdue(enrolments: list[Enrolment]) -> tuple[int, list[str]]:
    """"Remind the overdue" on the compliance page: e-mail (and notify) each overdue learner not yet reminded
    of this due date. Returns (sent, failures), like the CLI."""
    return remind(overdue_reminders(enrolments), module="learning")


def send_reminders(today: date | None = None) -> tuple[int, list[str]]:
    """Send every reminder that is due and not yet sent; returns (sent, failures)."""
    today = today or today_()
    return remind(due_reminders(today) + expiry_reminders(today), module="learning")
