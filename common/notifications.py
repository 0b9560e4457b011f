"""Reminders and notifications: in the app and by e-mail, never twice for the same event.

``remind`` is what the modules' ``flask ... remind`` commands call. The ledger row, the in-app
notification and the audit entry are committed before the e-mail goes out; if the SMTP server is
down, the row is removed again so that the next run retries, and the failure is reported.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from common.audit import log_action
from common.auth import shell_facts
from common.extensions import db
from common.mail import send_mail
from common.models import Notification, SentReminder, User
from common.models.base import utcnow
from common.pagination import Page, paginate

log = logging.getLogger(__name__)


@dataclass
class Reminder:
    key: str          # unique per person and event, e.g. "appraisal:12:self_assessment:due"
    user: User
    subject: str
    body: str
    link: str | None = None
    also_keys: tuple[str, ...] = ()  # further events the same message covers: claimed with it, never sent again

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key, *self.also_keys)


def already_sent(keys: list[str]) -> set[str]:
    if not keys:
        return set()
    return set(db.session.execute(select(SentReminder.key).where(SentReminder.key.in_(keys))).scalars())


def remind(reminders: list[Reminder], *, module: str) -> tuple[int, list[str]]:
    """Send each reminder not sent before. Returns (how many were sent, the failures).

    The key is claimed (committed) before the e-mail goes out, so two processes never both send it;
    a failed send gives the claim back so that the next run tries again. A message covering several events
    (``also_keys``) claims them all at once, and is not sent if any of them was sent before: the caller leaves
    those out of the message (as ``hrms.operations.reminders`` does) so that it tells only what is new.
    """
    sent, failures = 0, []
    done = already_sent([key for r in reminders for key in r.keys])
    for reminder in reminders:
        if done.intersection(reminder.keys):
            continue
        try:
            with db.session.begin_nested():
                db.session.add_all([SentReminder(key=key, user_id=reminder.user.id) for key in reminder.keys])
        except IntegrityError:
            continue  # another process claimed it a moment ago
        db.session.commit()
        try:
            send_mail(reminder.user.email, reminder.subject, reminder.body)
        except (smtplib.SMTPException, OSError) as error:
            db.session.execute(delete(SentReminder).where(SentReminder.key.in_(reminder.keys)))
            db.session.commit()
            failures.append(f"{reminder.user.email}: {error}")
            log.warning("Reminder %s to %s not sent: %s", reminder.key, reminder.user.email, error)
            continue
        db.session.add(Notification(user_id=reminder.user.id, subject=reminder.subject, body=reminder.body,
                                    link=reminder.link))
        log_action(module, "reminder_sent", reminder.user, f"Reminder {reminder.key} sent to {reminder.user.email}",
                   subject_employee_id=reminder.user.employee_id)
        db.session.commit()
        sent += 1
    return sent, failures


def notify(user: User, subject: Any, body: Any, link: str | None = None) -> Notification:
    """An in-app notification only (no e-mail), inside the caller's transaction.

    ``subject`` and ``body`` may be lazy strings: they are written in the addressee's language (their account's,
    else the suite's default), not the language of whoever caused the notification. The inbox also looks the
    stored text up in the catalogue when it shows it, so a fixed message follows a later change of language.
    """
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject, body = str(subject), str(body)
    notification = Notification(user_id=user.id, subject=subject, body=body, link=link)
    db.session.add(notification)
    return notification


def unread_notifications(user: User, limit: int = 20) -> list[Notification]:
    return list(db.session.execute(
        select(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc()).limit(limit)
    ).scalars())


def unread_count(user: User) -> int:
    """The number in the header of every page (one indexed count, unless the version check already read it)."""
    known = shell_facts.unread_count(user)
    if known is not None:
        return known
    return db.session.execute(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))).scalar_one()


def inbox_page(user: User, number: Any, size: int) -> Page:
    """The user's notifications, newest first, read or not."""
    return paginate(select(Notification).where(Notification.user_id == user.id)
                    .order_by(Notification.created_at.desc(), Notification.id.desc()), number, size)


def mark_read(user: User, ids: list[int] | None) -> int:
    """Mark the user's notifications ``ids`` (all of them: None) read; returns how many changed.

    Not an audit entry: it changes only the reader's own view of messages sent to them, like opening a letter.
    """
    stmt = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(ids))
    return db.session.execute(stmt.values(read_at=utcnow())).rowcount or 0
