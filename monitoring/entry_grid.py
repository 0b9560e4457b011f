"""The data-entry grid: the indicators an officer reports × their latest periods, a page at a time.

At national scale an officer of a ministry reports hundreds of indicators; the grid used to read and draw all of
them on every visit. It is now paged (``PER_PAGE`` indicators, ordered by code, plain links between pages so it
works without JavaScript) and each page runs the same three statements whatever the total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from common.extensions import db
from common.models import OrgUnit
from common.permissions import unit_scope
from monitoring import periods
from monitoring.models import DataValue, Indicator

PER_PAGE = 100


@dataclass
class GridRow:
    indicator: Indicator
    unit: OrgUnit
    cells: list[tuple[str, str | None]]  # (period, status of the group or None)


@dataclass
class GridPage:
    rows: list[GridRow]
    page: int  # from 1
    pages: int  # at least 1
    total: int  # indicators in scope, on all pages


def entry_grid(user: Any, today: Any, columns: int = 4, page: int = 1, per_page: int = PER_PAGE) -> GridPage:
    """The indicators an officer reports (responsible unit in scope) × their latest periods, with statuses: one
    page of ``per_page`` indicators, so a national officer's grid costs the same as a small agency's."""
    scoped = (select(Indicator).join(OrgUnit, OrgUnit.id == Indicator.responsible_unit_id)
              .where(unit_scope(user, "monitoring.enter")))
    total = db.session.execute(select(func.count()).select_from(scoped.subquery())).scalar_one()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    indicators = list(db.session.execute(
        scoped.options(joinedload(Indicator.responsible_unit), joinedload(Indicator.document))
        .order_by(Indicator.code, Indicator.id).offset((page - 1) * per_page).limit(per_page)).scalars())
    wanted, latest = {}, {}  # latest: per frequency and document dates, shared by most indicators
    for indicator in indicators:
        if not indicator.frequency:  # no periods until the passport says how often it is reported
            wanted[indicator.id] = []
            continue
        span = (indicator.frequency, indicator.document.period_start, min(today, indicator.document.period_end))
        if span not in latest:
            latest[span] = periods.periods_between(*span)[-columns:]
        wanted[indicator.id] = latest[span]
    # Only the periods the grid shows (an indicator's whole history can hold thousands of values); the few
    # other indicator × period pairs this also reads are skipped below.
    shown = {p for recent in wanted.values() for p in recent}
    v = DataValue
    rows = db.session.execute(
        select(v.indicator_id, v.period, v.org_unit_id, v.status)
        .where(v.indicator_id.in_(list(wanted)), v.period.in_(shown))
        .distinct()).all() if shown else []
    found: dict[tuple[int, str, int], set[str]] = defaultdict(set)
    for indicator_id, period, unit_id, status in rows:
        found[(indicator_id, period, unit_id)].add(status)
    order = ("returned", "draft", "submitted", "approved")
    grid = []
    for indicator in indicators:
        cells = []
        for period in wanted[indicator.id]:
            statuses = found.get((indicator.id, period, indicator.responsible_unit_id), set())
            cells.append((period, next((s for s in order if s in statuses), None)))
        grid.append(GridRow(indicator, indicator.responsible_unit, cells))
    return GridPage(grid, page, pages, total)
