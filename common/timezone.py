"""Times shown to people, in the suite's time zone (``SUITE_TIMEZONE``, default Asia/Tbilisi), with the zone named.

Every timestamp is stored in UTC without a zone (``common.models.base.utcnow``). A page that shows one passes
it through the ``localtime`` Jinja filter: ``{{ attempt.deadline_at|localtime }}`` gives "2026-12-05 18:22
Tbilisi time (UTC+4)", ``|localtime('%H:%M')`` the time only, still with the zone; ``|local_date`` the day it
fell on there. Dates without a time (due dates, expiry) are calendar dates and are shown as they are.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, current_app, has_app_context

from common.i18n import gettext as _
from common.i18n import lazy_gettext as _l

DEFAULT_ZONE = "Asia/Tbilisi"
# The zones a Georgian ministry is likely to set, named in the reader's language; any other shows its key.
ZONE_NAMES = {"Asia/Tbilisi": _l("Tbilisi time"), "UTC": _l("UTC"), "Etc/UTC": _l("UTC")}


def suite_zone() -> ZoneInfo:
    """The configured zone; an unknown name falls back to the default rather than breaking every page."""
    name = current_app.config.get("SUITE_TIMEZONE", DEFAULT_ZONE) if has_app_context() else DEFAULT_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def to_local(moment: datetime) -> datetime:
    """A stored (naive UTC) or aware datetime, in the suite's zone."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return aware.astimezone(suite_zone())


def zone_label(moment: datetime) -> str:
    """The zone's name and its offset at that moment: "Tbilisi time (UTC+4)"."""
    local = to_local(moment)
    zone = suite_zone()
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    shown = f"UTC{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")
    name = ZONE_NAMES.get(zone.key)
    if name is None:
        return f"{zone.key} ({shown})"
    return shown if zone.key in ("UTC", "Etc/UTC") else _("%(zone)s (%(offset)s)", zone=name, offset=shown)


def localtime(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """The Jinja filter: the moment in the suite's zone, formatted, followed by the zone's name ("" for None)."""
    if moment is None:
        return ""
    return f"{to_local(moment).strftime(fmt)} {zone_label(moment)}"


def local_date(moment: datetime | None) -> str:
    """The calendar day (ISO) a stored moment fell on in the suite's zone: a revocation at 22:00 UTC is dated the
    next day in Tbilisi."""
    return to_local(moment).date().isoformat() if moment is not None else ""


def register(app: Flask) -> None:
    app.jinja_env.filters["localtime"] = localtime
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.filters["utc_iso"] = lambda moment: (
        (moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment).isoformat() if moment else "")
