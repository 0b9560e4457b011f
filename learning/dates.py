"""Date helpers shared by the operations and queries of ``learning``."""

from __future__ import annotations

import calendar
from datetime import date

from common.models.base import utcnow


def today() -> date:
    """Today's date as the suite counts it (UTC, like every stored timestamp)."""
    return utcnow().date()


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
