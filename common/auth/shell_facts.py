"""What the page shell shows about the signed-in person, read with the identity's version check.

Every signed-in page shows the unread notification count in its header, and the shell (navigation, the home
cards, access checks) asks whether the person has direct reports. Asked on their own, those were two round trips
on every page. When the cached identity's versions are read from the database (``identity_versions.current``),
the same one-row statement also selects both facts, and they are kept for the rest of the request.

The unread count is trusted on GET and HEAD only: a POST may have just marked notifications read or added one,
and then the number must be counted again. Whether someone has direct reports is kept for the whole request, as
``permissions.is_manager`` always did. With the versions on Redis there is no statement to ride along: the facts
are then counted on their own, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import g, has_request_context, request
from sqlalchemy import ColumnElement, exists, func, select

from common.models import Employee, Notification, User

_KEY = "_shell_facts"
_SAFE = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class ShellFacts:
    user_id: int
    unread: int
    has_reports: bool


def columns() -> list[ColumnElement[Any]]:
    """The unread count and "has direct reports", correlated to the one ``user_account`` row a statement selects."""
    unread = (select(func.count(Notification.id))
              .where(Notification.user_id == User.id, Notification.read_at.is_(None))
              .correlate(User).scalar_subquery())
    reports = exists().where(Employee.manager_id == User.employee_id, Employee.deleted_at.is_(None)).correlate(User)
    return [unread.label("shell_unread"), reports.label("shell_has_reports")]


def keep(user_id: int, unread: Any, has_reports: Any) -> None:
    """Remember the facts of ``user_id`` for this request (outside a request there is no page to show them on)."""
    if has_request_context():
        setattr(g, _KEY, ShellFacts(user_id, int(unread or 0), bool(has_reports)))


def _facts(user: Any) -> ShellFacts | None:
    if not has_request_context():
        return None
    facts = g.get(_KEY)
    if facts is None or facts.user_id != getattr(user, "id", None):
        return None
    return facts


def unread_count(user: Any) -> int | None:
    """The unread count read with the version check, or ``None``: count it (another request method, or no check)."""
    facts = _facts(user)
    return facts.unread if facts is not None and request.method in _SAFE else None


def has_reports(user: Any) -> bool | None:
    """Whether ``user`` has direct reports, as read with the version check, or ``None`` when it was not read."""
    facts = _facts(user)
    return None if facts is None else facts.has_reports
