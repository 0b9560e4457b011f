"""Reporting periods as the M&E pages and dashboards use them: the period an indicator is due for, whether its
unit reported it, period codes from URLs, and an indicator's status as it stood at a past period. Re-exported by
``monitoring.queries``, which is what other packages read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, tuple_

from common.extensions import db
from monitoring import periods
from monitoring import progress as pg
from monitoring.models import DataValue, Indicator, PolicyDocument


def latest_period(codes: Iterable[str]) -> str | None:
    """The latest of the period codes ``codes`` in time order (``None`` if there are none)."""
    codes = list(codes)
    return max(codes, key=periods.sort_key) if codes else None


def due_period(indicator: Indicator, document: PolicyDocument, today: date) -> str | None:
    """The indicator's latest period whose entry window (the document's ``entry_window_days``) has closed: the
    period its responsible unit should have reported by ``today``."""
    return periods.due_period(indicator.frequency or "annual", document.period_start, document.period_end,
                              document.entry_window_days, today)


@dataclass
class DueReport:
    period: str | None  # see ``due_period``
    reported: bool  # the responsible unit has submitted or approved values for that period


def due_reports(document: PolicyDocument, indicators: list[Indicator], today: date) -> dict[int, DueReport]:
    """Per indicator of ``document``: the period due by ``today`` and whether it was reported (one query).

    The query asks only whether a value exists for each (indicator, due period, responsible unit), from the index:
    summing the due periods' cells instead read a quarter of a national strategy's values."""
    due = {i.id: due_period(i, document, today) for i in indicators}
    asked = [(i.id, due[i.id], i.responsible_unit_id) for i in indicators if due[i.id] and i.responsible_unit_id]
    v = DataValue
    reported = set(db.session.connection().execute(
        select(v.indicator_id).where(tuple_(v.indicator_id, v.period, v.org_unit_id).in_(asked),
                                     v.status.in_(("submitted", "approved"))).distinct()).scalars()) if asked else set()
    return {i.id: DueReport(due[i.id], i.id in reported) for i in indicators}


def period_code(text: Any) -> str | None:
    """The canonical code of the period ``text`` names (``2024q1`` → ``2024Q1``), or ``None``: for filters in URLs."""
    parsed = periods.parse(text if isinstance(text, str) else None)
    return parsed.code if parsed else None


def period_order(code: str) -> tuple[date, int]:
    return periods.sort_key(code)


def period_end(code: str) -> date:
    return periods.parse(code).end


def period_frequency(code: str | None) -> str | None:
    parsed = periods.parse(code)
    return parsed.frequency if parsed else None


def status_at(direction: str, baseline: float | None, baseline_year: int | None, series: list[tuple[str, float]],
              targets: dict[str, float], period: str, *, start: date, green: float, amber: float) -> str:
    """An indicator's status with only the values up to ``period`` known: what its page said at that time."""
    end = periods.sort_key(period)
    known = [(p, v) for p, v in series if periods.sort_key(p) <= end]
    spec = pg.Spec(direction=direction, baseline=baseline, baseline_year=baseline_year)
    return pg.indicator_progress(spec, known, targets, start=start, green=green, amber=amber).status
