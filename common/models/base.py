"""Small helpers shared by the model modules."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import get_locale


def utcnow() -> datetime:
    """A naive UTC timestamp: the same on SQLite (which keeps no zone) and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def localized(ka: str | None, en: str | None) -> str:
    """Pick the Georgian or English form for the current request, falling back to the other."""
    try:
        lang = str(get_locale() or "ka")
    except (RuntimeError, AttributeError):
        lang = "ka"
    if lang.startswith("en"):
        return en or ka or ""
    return ka or en or ""
