"""The cycle overview's counts (per state, and a page of the unit table), rendered once per version of the cycle's
counts and of the org units, per page, language and application root.

Rendering a page of the unit table (25 units x 8 states, each cell a link with its label) was most of the overview's
CPU, and its two statements (the summary's rows, the page's units) part of its time in PostgreSQL; yet all of it is
the same for every reader who may manage the cycle: counts, unit names and links, nothing about who looks (the view
checks access at each request, and the overdue list, which names people and is logged as read, is never kept here).
So it is kept in ``common.cache`` under

* the cycle's version in ``hrms.counts.VERSIONS``, raised whenever the cycle's summary rows change (an appraisal
  created, moved to another state, unit or evaluator, deleted; a recount), at the flush and again when the
  transaction ends;
* the version of ``org-units``, raised by every write to an ``OrgUnit`` (a rename, a move that reorders the tree);
* the page, the language and ``request.script_root`` (the links);
* the late states and their deadlines, for the ranking of the most overdue appraisals kept with the counts (their
  ids: finding the first fifty by deadline and name reads every late appraisal, hundreds at national scale). The
  ranking also follows ``hr-employees``, raised by every write to an employee (a surname changes the order). The
  view reads those fifty afresh at each request, still late, with current names, and logs whom it showed.

``cache.cached_object`` keeps the built entry in this process's memory as well: a hit costs one small read of the
versions (a round trip to Redis or the database, none in memory) and no rendering.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from flask import render_template, request
from markupsafe import Markup

from common import cache, cache_events
from common.i18n import get_locale
from common.models import Employee, OrgUnit
from common.pagination import page_number
from hrms import counts, overview_queries

ORG_UNITS = "org-units"  # raised by any write to an org unit; the same namespace as ``reports.unit_picker``'s
EMPLOYEES = "hr-employees"  # raised by any write to an employee


@dataclass(frozen=True, slots=True)
class Counts:
    """The rendered counts (autoescaped by Jinja), the totals per state the rest of the page needs, and which
    appraisals are the most overdue (ids only: the view reads them, and logs who it shows, at every request)."""

    by_state: Mapping[str, int]
    html: Markup
    overdue: tuple[int, ...]


def cycle_counts(cycle_id: int, late: dict[str, date], unit_page: Any = 1) -> Counts:
    """The overview's counts of ``cycle_id`` at page ``unit_page`` of its units, and the ranking of its appraisals
    late in ``late`` (state -> deadline), from the cache when it can."""
    page = page_number(unit_page)
    deadlines = ",".join(f"{state}={due}" for state, due in sorted(late.items()))
    key = f"{cycle_id}:{page}:{get_locale()}:{request.script_root}:{deadlines}"
    return cache.cached_object(counts.NAMESPACE, f"overview:{key}", lambda: _render(cycle_id, page, late), _built,
                               depends=[counts.VERSIONS.name(cycle_id), ORG_UNITS, EMPLOYEES])


def _render(cycle_id: int, page: int, late: dict[str, date]) -> dict[str, Any]:
    table = overview_queries.unit_table(cycle_id, page)
    return {"by_state": table.by_state,
            "html": render_template("hrms/_cycle_counts.html", cycle_id=cycle_id, table=table),
            "overdue": overview_queries.overdue_ranking(cycle_id, late)}


def _built(found: dict[str, Any]) -> Counts:
    return Counts(MappingProxyType(found["by_state"]), Markup(found["html"]), tuple(found["overdue"]))


def connect() -> None:
    """Have every write to an org unit raise ``org-units`` (safe to call again; ``reports`` does it too), and every
    write to an employee ``hr-employees`` (a new English surname reorders the overdue ranking)."""
    cache_events.retire_on_writes(ORG_UNITS, OrgUnit)
    cache_events.retire_on_writes(EMPLOYEES, Employee)
