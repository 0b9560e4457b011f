"""The inbox: a notification is read and marked only by the person it was sent to."""

from __future__ import annotations

from typing import Any


def can_read_notification(user: Any, notification: Any) -> bool:
    return getattr(user, "is_authenticated", False) and notification.user_id == user.id
