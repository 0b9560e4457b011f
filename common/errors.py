"""The error operations raise when a rule refuses an action; its message is shown to the user."""

from __future__ import annotations

from typing import Any


class OperationError(Exception):
    """A business rule refused the action. ``message`` is translatable and safe to show."""

    def __init__(self, message: Any, **details: Any) -> None:
        super().__init__(str(message))
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return str(self.message)


def ensure(condition: bool, message: Any, **details: Any) -> None:
    """Refuse the action with ``message`` unless ``condition`` holds: an operation's rules read as a list."""
    if not condition:
        raise OperationError(message, **details)
