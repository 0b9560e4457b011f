"""A long-format M&E values file for the import benchmark: ``write_values_file(path, rows)`` (see bench/bulk_tasks.py).

The file is one an importing account could really send and have accepted whole: only the
indicators and org units in the database, only the periods still open for entry today (each
indicator's own frequency), only org units inside the account's scope, and no key that already
holds a value (so nothing collides with an approved or submitted value). Values respect every check
the import makes (percentages within 0-100, yes/no as 0/1, the indicator's range, numerator not
above denominator); indicators compared by a validation rule are left out so no rule can refuse the
file. Rows go unit by unit, period by period, indicator by indicator, every disaggregation cell
(totals and partial breakdowns) and component, until ``rows`` are written.
"""

from __future__ import annotations

import csv
import random
import time
from collections.abc import Iterator
from datetime import date
from itertools import product
from pathlib import Path
from typing import Any

from sqlalchemy import select

from common.extensions import db
from common.models import OrgUnit, User
from common.permissions import unit_scope
from monitoring import cells, periods
from monitoring.models import DataValue, Indicator, PolicyDocument, ValidationRule

# The account the benchmark imports as. The administrator may enter values for every org unit; an agency's M&E
# officer (``me@demo.gov.ge``) works too where its agency and the indicators give enough combinations.
IMPORTER = "admin@demo.gov.ge"
SEED = 2026


def write_values_file(path: str | Path, rows: int = 1_000_000, *, actor_email: str = IMPORTER,
                      today: date | None = None) -> dict[str, Any]:
    """Write ``rows`` values that ``actor_email`` may import as they are; returns what the file holds.

    Raises ``ValueError`` when the database does not offer ``rows`` free combinations for that account.
    """
    started, today = time.perf_counter(), today or date.today()
    actor = db.session.execute(select(User).where(User.email == actor_email)).scalar_one()
    units = list(db.session.execute(select(OrgUnit.id, OrgUnit.code).where(unit_scope(actor, "monitoring.enter"))
                                    .where(OrgUnit.valid_to.is_(None)).order_by(OrgUnit.path)))
    indicators = _indicators(today)
    dimensions = sorted({name for indicator, _periods in indicators for name in indicator.dimensions or {}})
    taken = _taken({p for _indicator, open_periods in indicators for p in open_periods})
    rng = random.Random(SEED)
    written, used_indicators, used_units, used_periods = 0, set(), set(), set()
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["indicator_code", "period", "org_unit_code", *dimensions, "value_type", "value", "comment"])
        for (unit_id, unit_code), (indicator, open_periods) in product(units, indicators):
            for period in open_periods:
                for cell in _cells(indicator):
                    key, parts = cells.key(cell)[0], [cell.get(name, "") for name in dimensions]
                    pair = _values(indicator, rng)
                    if any((indicator.id, period, unit_id, key, component) in taken for component, _ in pair):
                        continue
                    for component, value in pair:
                        kind = "actual" if component == "value" else component
                        writer.writerow([indicator.code, period, unit_code, *parts, kind, value,
                                         "register" if rng.random() < 0.1 else ""])
                    written += len(pair)
                    used_indicators.add(indicator.id), used_units.add(unit_id), used_periods.add(period)
                    if written >= rows:
                        break
                if written >= rows:
                    break
            if written >= rows:
                break
    if written < rows:
        raise ValueError(f"Only {written:,} free values for {actor_email}: add indicators or org units.")
    return {"path": str(path), "rows": written, "actor": actor_email, "indicators": len(used_indicators),
            "units": len(used_units), "periods": sorted(used_periods), "columns": dimensions,
            "seconds": round(time.perf_counter() - started, 1)}


def _indicators(today: date) -> list[tuple[Indicator, list[str]]]:
    """Each indicator outside validation rules, with the periods of its frequency that are open for entry today.
    An indicator without a frequency is left out: entry refuses its values until its passport names one."""
    ruled = {i for rule in db.session.execute(select(ValidationRule)).scalars()
             for i in (rule.left_indicator_id, rule.right_indicator_id)}
    found = []
    stmt = select(Indicator, PolicyDocument.entry_window_days).join(PolicyDocument).order_by(Indicator.id)
    for indicator, window in db.session.execute(stmt):
        if indicator.id in ruled or not indicator.frequency:
            continue
        started = periods.periods_between(indicator.frequency, date(today.year - 1, 1, 1), today)
        open_periods = [p for p in started if not periods.is_closed(p, window, today)]
        if open_periods:
            found.append((indicator, open_periods))
    return found


def _taken(open_periods: set[str]) -> set[tuple]:
    """Keys that already hold a value (any status) in the open periods: the file leaves them alone."""
    stmt = select(DataValue.indicator_id, DataValue.period, DataValue.org_unit_id, DataValue.cell,
                  DataValue.component).where(DataValue.period.in_(open_periods or {""}))
    return {tuple(row) for row in db.session.execute(stmt)}


def _cells(indicator: Indicator) -> Iterator[dict[str, str]]:
    """The total and every cell naming some or all of the indicator's dimensions."""
    dimensions = indicator.dimensions or {}
    names = sorted(dimensions)
    for values in product(*(["", *dimensions[name]] for name in names)):
        yield dict(zip(names, values, strict=True))


def _values(indicator: Indicator, rng: random.Random) -> list[tuple[str, float | int]]:
    """Values every check accepts, as (component, value)."""
    if indicator.computed:
        denominator = rng.randint(50, 1000)
        return [("numerator", rng.randint(0, denominator)), ("denominator", denominator)]
    if indicator.unit == "yes_no":
        return [("value", rng.randint(0, 1))]
    low = indicator.range_min if indicator.range_min is not None else 0
    high = indicator.range_max if indicator.range_max is not None else max(low, 0) + 1000
    if indicator.unit == "percentage":
        low, high = max(low, 0), min(high, 100)
    return [("value", round(rng.uniform(low, high), 1))]
