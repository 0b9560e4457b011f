"""Reporting periods as short codes: ``2024`` (year), ``2024S1`` (half), ``2024Q3`` (quarter), ``2024-07`` (month).

Codes sort the way people read them within one frequency and are what the import file, the API
and the database hold; everything else (start, end, closing date) is derived here, without the
database, so the rules are the same in a form, an import and a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

PATTERNS = (
    ("annual", re.compile(r"^(\d{4})$")),
    ("semiannual", re.compile(r"^(\d{4})[SH]([12])$")),
    ("quarterly", re.compile(r"^(\d{4})Q([1-4])$")),
    ("monthly", re.compile(r"^(\d{4})-?M?(0[1-9]|1[0-2])$")),
)
MONTHS_PER = {"annual": 12, "semiannual": 6, "quarterly": 3, "monthly": 1}


@dataclass(frozen=True)
class Period:
    code: str
    frequency: str
    year: int
    index: int  # 1-based within the year

    @property
    def start(self) -> date:
        return date(self.year, (self.index - 1) * MONTHS_PER[self.frequency] + 1, 1)

    @property
    def end(self) -> date:
        month = self.index * MONTHS_PER[self.frequency]
        following = date(self.year + 1, 1, 1) if month == 12 else date(self.year, month + 1, 1)
        return following - timedelta(days=1)


@lru_cache(maxsize=4096)
def parse(text: str | None) -> Period | None:
    """The period a code names, accepting the usual spellings (``2024H1``, ``2024M07``); ``None`` if none."""
    cleaned = (text or "").strip().upper().replace(" ", "")
    if cleaned.endswith(".0"):  # a year typed into a spreadsheet cell as a number
        cleaned = cleaned[:-2]
    for frequency, pattern in PATTERNS:
        found = pattern.match(cleaned)
        if found:
            year = int(found.group(1))
            index = int(found.group(2)) if frequency != "annual" else 1
            return Period(canonical(frequency, year, index), frequency, year, index)
    return None


def canonical(frequency: str, year: int, index: int) -> str:
    return {"annual": f"{year}", "semiannual": f"{year}S{index}", "quarterly": f"{year}Q{index}",
            "monthly": f"{year}-{index:02d}"}[frequency]


@lru_cache(maxsize=4096)
def sort_key(code: str) -> tuple[date, int]:
    """Periods in time order by their end; a year comes after its last quarter, which ends the same day.

    Memoised: the dashboard sorts each of a national strategy's 400 series several times per callback."""
    period = parse(code)
    return (period.end, -period.start.toordinal()) if period else (date.max, 0)


def periods_between(frequency: str, start: date, end: date) -> list[str]:
    """Every period of ``frequency`` that overlaps ``start``..``end``, in order."""
    step = MONTHS_PER[frequency]
    codes = []
    for year in range(start.year, end.year + 1):
        for index in range(1, 12 // step + 1):
            period = Period(canonical(frequency, year, index), frequency, year, index)
            if period.end >= start and period.start <= end:
                codes.append(period.code)
    return codes


def closes_on(code: str, window_days: int) -> date | None:
    """The last day on which values for the period may be entered."""
    period = parse(code)
    return period.end + timedelta(days=window_days) if period else None


def is_closed(code: str, window_days: int, today: date) -> bool:
    last = closes_on(code, window_days)
    return last is not None and today > last


@lru_cache(maxsize=1024)
def due_period(frequency: str, start: date, end: date, window_days: int, today: date) -> str | None:
    """The latest period of ``frequency`` within ``start``..``end`` whose entry window has closed by ``today``: the
    one that should have been reported by now (``None`` while the first window is still open).

    Memoised (a pure function of its arguments): a strategy's 400 indicators share a handful of frequencies."""
    codes = periods_between(frequency, start, min(today, end))
    closed = [c for c in codes if is_closed(c, window_days, today)]
    return closed[-1] if closed else None


def year_end(year: int) -> date:
    return date(year, 12, 31)


def shifted(code: str, steps: int) -> str | None:
    """The period ``steps`` periods of the same frequency before (negative) or after ``code``: the previous
    quarter is ``shifted(code, -1)``, the same quarter a year earlier ``shifted(code, -per_year(code))``."""
    period = parse(code)
    if period is None:
        return None
    count = 12 // MONTHS_PER[period.frequency]
    ordinal = period.year * count + period.index - 1 + steps
    return canonical(period.frequency, ordinal // count, ordinal % count + 1)


def per_year(code: str) -> int:
    period = parse(code)
    return 12 // MONTHS_PER[period.frequency] if period else 1
