"""The compliance page's figures: the count per status of the list, the units to drill into and their counts.

All three change only when an enrolment, an employee or an org unit is written, which retires the learning cache
(``counts_cache``), so they are kept there together, per scope, unit, course and day: the page reads them with one
round trip to the cache instead of three statements (two version reads and the units' query), and the units come
as columns, not ``OrgUnit`` entities. The version of the page's course filter (``catalogue_cache``) is read in the
same statement as the figures' (``cache.read_ahead``). Whom the figures are about is the reader's scope, which is in
the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from common import cache
from common.cache import scope_key
from common.models import OrgUnit
from common.models.base import Named
from learning import queries as q
from learning.catalogue_cache import COURSE_OPTIONS
from learning.counts_cache import NAMESPACE, cached
from learning.learner_list import CAPABILITY, status_counts


@dataclass(frozen=True)
class UnitRow(Named):
    """A unit of the by-unit table (what ``queries.units_in_scope`` gives, as columns)."""

    id: int
    code: str
    name_ka: str
    name_en: str
    path: str


@dataclass(frozen=True)
class ComplianceFigures:
    counts: dict[str, int]  # the mandatory enrolments of the list (under the unit, of the course) per status
    units: list[UnitRow]  # the units to drill into
    by_unit: dict[int, dict[str, int]]  # their mandatory enrolments per status


def compliance_figures(user: Any, unit: OrgUnit | None, course_id: int | None, today: date) -> ComplianceFigures:
    """The figures of the compliance page for ``user`` under ``unit`` (``None``: the top of their scope)."""
    key = f"compliance:{scope_key(user, CAPABILITY)}:{unit.id if unit else 0}:{course_id or 0}:{today.isoformat()}"

    def compute() -> dict[str, Any]:
        units = q.units_in_scope(user, unit)
        return {"counts": status_counts(user, course_id, today, unit, True),
                "units": [[u.id, u.code, u.name_ka, u.name_en, u.path] for u in units],
                "by_unit": q.count_by_unit(user, units, course_id, today) if units else {}}

    cache.read_ahead([NAMESPACE, COURSE_OPTIONS])  # the page's course filter asks next: one round trip for both
    stored = cached(key, compute)
    units = [UnitRow(*row) for row in stored["units"]]
    return ComplianceFigures(stored["counts"], units, {u.id: stored["by_unit"].get(str(u.id), {}) for u in units})
