"""The indicator page's shared parts, built once per indicator version and language, and its table one page at a time.

The page drew its progress line, chart, passport and a table of every period × org unit reported at each request:
the busiest indicator (2,800 values in 59 groups) cost 19 ms of CPU and ten statements, though all of it changes
only when the indicator's values, targets or passport are written, and is the same for every reader who may open
the page (the view checks that first; the target history and its forms stay per request). So the parts are kept
in ``common.cache`` under the indicator's version of ``progress_cache`` (raised by any write to its values,
targets or passport, at the flush and again when the transaction ends; a COPY import says so itself) and the
version of the ``monitoring-overview`` namespace, which a write to any org unit raises (the passport and the
table name units). The document's thresholds (the progress line), the language and the application's root (the
links) are in the key. The entry (about 70 kB for 59 groups) is decoded at each view, not kept built in the
process: ``cache.cached_object`` holds 16 objects, and a reader going through indicators would push the
strategy overviews' (a megabyte each to decode again) out of it.

Who sees which values is decided per reader: a unit's values not yet approved count only for those who may read
them (``permissions.can_read_unapproved``), the others see its approved values alone. Each group's row is kept
rendered both ways; the view picks one per unit for the reader, then shows one page of the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import get_template_attribute, render_template, request
from markupsafe import Markup

from common import cache
from common.i18n import get_locale
from common.pagination import ListPage
from common.permissions import can_read_unapproved
from monitoring import overview_cache, progress_cache
from monitoring import queries as q
from monitoring import reported as entries
from monitoring.models import Indicator, PolicyDocument

VALUES_PAGE_SIZE = 20  # groups (period × org unit) in the table of reported values


@dataclass(frozen=True)
class ReportedRow:
    """One group's row of the table, rendered with all its values and with its approved values alone."""

    unit_path: str
    every: Markup
    approved: Markup | None  # ``None``: nothing approved yet, so the row is not shown to who may see approved only


@dataclass(frozen=True)
class Parts:
    """What the indicator page shows the same way to every reader (HTML autoescaped by Jinja)."""

    summary: Markup  # status and progress line
    chart: Markup  # the target-versus-actual chart and its table
    passport: Markup
    in_force: dict[str, int]  # period -> id of the target in force (the history marks it)
    rows: tuple[ReportedRow, ...]  # latest period first


@dataclass(frozen=True)
class _Unit:
    """An org unit as ``permissions`` reads it for a scope check: its path."""

    path: str


def parts(indicator: Indicator, document: PolicyDocument) -> Parts:
    """The page's shared parts (one round trip for the versions when warm; on a miss, the values and targets of
    this indicator only)."""
    passport = f"{document.period_start}:{document.green_threshold}:{document.amber_threshold}"
    key = f"page:{indicator.id}:{passport}:{get_locale()}:{request.script_root}"
    return _build(cache.cached(progress_cache.NAMESPACE, key, lambda: _render(indicator, document),
                               depends=[progress_cache.VERSIONS.name(indicator.id), overview_cache.NAMESPACE]))


def reported(found: Parts, user: Any, page: Any) -> tuple[ListPage, list[Markup]]:
    """Page ``page`` of the table of reported values as ``user`` may see it, and its rows."""
    readable: dict[str, bool] = {}
    shown = []
    for row in found.rows:
        if row.unit_path not in readable:
            readable[row.unit_path] = can_read_unapproved(user, _Unit(row.unit_path))
        html = row.every if readable[row.unit_path] else row.approved
        if html is not None:
            shown.append(html)
    listed = ListPage.of(page, VALUES_PAGE_SIZE, len(shown))
    return listed, shown[listed.offset:listed.offset + VALUES_PAGE_SIZE]


def _render(indicator: Indicator, document: PolicyDocument) -> dict[str, Any]:
    """The parts as JSON: HTML, the targets in force, and each group's row both ways ("" for the same twice)."""
    result = progress_cache.indicator_results(document, [indicator])[indicator.id]
    cells = entries.reported_cells(indicator)
    units = entries.reporting_units_of(cells)
    approved = {(g.period, g.unit.id): g for g in entries.groups_of(
        indicator, [row for row in cells if row[4] in q.APPROVED], units)}
    macros = "monitoring/_indicator_parts.html"
    row = get_template_attribute(macros, "reported_row")
    rows = []
    for group in entries.groups_of(indicator, cells, units):
        every = str(row(group, indicator))
        only = approved.get((group.period, group.unit.id))
        rows.append([group.unit.path, every, None if only is None else "" if only == group else str(row(only,
                                                                                                   indicator))])
    return {"summary": str(get_template_attribute(macros, "summary")(result, indicator)),
            "chart": str(get_template_attribute(macros, "chart")(result, indicator)),
            "passport": render_template("monitoring/_passport.html", indicator=indicator),
            "in_force": {period: target.id for period, target in result.targets.items()},
            "rows": rows}


def _build(found: dict[str, Any]) -> Parts:
    rows = []
    for path, every, approved in found["rows"]:
        html = Markup(every)
        rows.append(ReportedRow(path, html, None if approved is None else Markup(approved) if approved else html))
    return Parts(Markup(found["summary"]), Markup(found["chart"]), Markup(found["passport"]), found["in_force"],
                 tuple(rows))
