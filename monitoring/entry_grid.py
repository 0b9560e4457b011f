"""The data-entry grid: the indicators an officer reports × their latest periods, one objective at a time.

At national scale an officer of a ministry reports hundreds of indicators; the grid used to read and draw all of
them, then a hundred at a time ordered by code, which cut strategies mid-objective. It is now paged by objective
(``grid_plan``: one objective's indicators per page, or a few small ones together; plain links naming them, so it
works without JavaScript), and each indicator's statuses in the periods shown are kept per indicator and data
version (``progress_cache.per_indicator``): a warm page reads no table, and a value saved recomputes the statuses
of its own indicator only. The pager names every page's objectives; it is kept drawn (``grid_plan.pages``), so a
view's cost does not grow with the number of indicators in scope. The grid is not a form: each cell opens the
indicator's own form, so saving one page's values can never touch another page's.
"""

from __future__ import annotations

import functools
import json
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import get_template_attribute, request
from markupsafe import Markup
from sqlalchemy import select

from common.extensions import db
from common.i18n import get_locale
from common.models.base import localized
from monitoring import grid_plan, periods, progress_cache
from monitoring.models import DataValue

STATUS_ORDER = ("returned", "draft", "submitted", "approved")  # the status a cell shows when its values differ


@dataclass
class GridRow:
    id: int
    code: str
    name: str
    unit_id: int
    unit_name: str
    cells: list[tuple[str, str | None]]  # (period, status of the group or None); empty: no frequency yet


@dataclass
class GridGroup:
    objective_id: int
    code: str
    title: str
    document: str  # the strategy's code
    part: tuple[int, int] | None  # (part, parts) of an objective larger than a page
    html: Markup  # its rows


@dataclass
class PagerLink:
    number: int  # from 1
    objectives: list[tuple[str, str, tuple[int, int] | None]]  # (code, title, part) of each objective on the page


@dataclass
class GridPage:
    groups: list[GridGroup]
    page: int  # from 1
    pages: int  # at least 1
    total: int  # indicators in scope, on all pages
    nav: Markup  # the pager naming every page's objectives, drawn (empty for a single page)


def entry_grid(user: Any, today: date, columns: int = 4, page: int = 1, indicator: int | None = None) -> GridPage:
    """Page ``page`` of the officer's grid (or the page holding ``indicator``, when given and in scope)."""
    number = max(1, page)
    if indicator:  # the whole pager, read only to find the indicator's page
        pager = grid_plan.pages(user)["pager"]
        number = next((n for n, entry in enumerate(pager, 1) if indicator in entry["indicators"]), number)
    where = f"{get_locale()}:{request.script_root}"
    found = grid_plan.pages(user, number, _nav, where)
    pages = max(1, found["summary"]["pages"])
    if number > pages:  # past the end: the last page
        number = pages
        found = grid_plan.pages(user, number, _nav, where)
    return GridPage(_groups(found["page"], today, columns), number, pages, found["summary"]["total"],
                    Markup(found["nav"]))  # rendered by Jinja, escaped


def _nav(pager: list[dict[str, Any]], number: int) -> str:
    """The pager for page ``number`` (``_grid_nav.html``), for the cache: empty when there is one page."""
    if len(pager) <= 1:
        return ""
    links = [PagerLink(n, [(o["code"], localized(*o["title"]), tuple(o["part"]) if o["part"] else None)
                           for o in entry["objectives"]]) for n, entry in enumerate(pager, 1)]
    total = sum(len(entry["indicators"]) for entry in pager)
    return str(get_template_attribute("monitoring/_grid_nav.html", "grid_nav")(links, number, len(pager), total))


def _groups(planned: list[dict[str, Any]], today: date, columns: int) -> list[GridGroup]:
    """The page's groups with their rows rendered, from the cache for every indicator not written since."""
    shown: dict[int, Sequence[str]] = {}
    plan: dict[int, dict[str, Any]] = {}
    for group in planned:
        start, end = (date.fromisoformat(day) for day in group["span"])
        for row in group["rows"]:
            plan[row["id"]] = row
            if not row["frequency"]:  # no periods until the passport says how often it is reported
                shown[row["id"]] = ()
                continue
            shown[row["id"]] = _latest(row["frequency"], start, min(today, end), columns)
    # A row's entry follows its indicator's data version; its key also holds what else it shows (the periods,
    # the plan's names, the language), so a renamed unit or a new quarter makes a new entry, not a stale one.
    passports = {i: f"{zlib.crc32(json.dumps(plan[i]).encode()):x}:{','.join(codes)}" for i, codes in shown.items()}
    html = progress_cache.per_indicator(
        f"grid-row:{get_locale()}:{request.script_root}", passports,
        lambda ids: _render({i: plan[i] for i in ids}, _statuses({i: shown[i] for i in ids}, plan),
                            shown)) if shown else {}
    return [GridGroup(group["objective"]["id"], group["objective"]["code"], localized(*group["objective"]["title"]),
                      group["objective"]["document"],
                      tuple(group["objective"]["part"]) if group["objective"]["part"] else None,
                      Markup("\n".join(html[row["id"]] for row in group["rows"])))  # rendered by Jinja, escaped
            for group in planned]


@functools.lru_cache(maxsize=512)
def _latest(frequency: str, start: date, end: date, columns: int) -> tuple[str, ...]:
    """The last ``columns`` periods of ``frequency`` from ``start`` to ``end``: the same few spans (a strategy's
    dates and a frequency) on every page, each listing years of months, worked out once per process and day."""
    return tuple(periods.periods_between(frequency, start, end)[-columns:])


def _render(plan: dict[int, dict[str, Any]], statuses: dict[int, list[str | None]],
            shown: dict[int, Sequence[str]]) -> dict[int, str]:
    """Each row's HTML (``_grid_row.html``), for the cache."""
    grid_row = get_template_attribute("monitoring/_grid_row.html", "grid_row")
    return {i: str(grid_row(GridRow(i, row["code"], localized(*row["name"]), row["unit"]["id"],
                                    localized(*row["unit"]["name"]), list(zip(shown[i], statuses[i], strict=True)))))
            for i, row in plan.items()}


def _statuses(wanted: dict[int, Sequence[str]], plan: dict[int, dict[str, Any]]) -> dict[int, list[str | None]]:
    """Per indicator, the status of its responsible unit's values in each period shown (one statement)."""
    # Only the periods the grid shows (an indicator's whole history can hold thousands of values); the few
    # other indicator × period pairs this also reads are skipped below.
    periods_shown = {p for codes in wanted.values() for p in codes}
    v = DataValue
    rows = db.session.execute(
        select(v.indicator_id, v.period, v.org_unit_id, v.status)
        .where(v.indicator_id.in_(list(wanted)), v.period.in_(periods_shown))
        .distinct()).all() if periods_shown else []
    found: dict[tuple[int, str, int], set[str]] = defaultdict(set)
    for indicator_id, period, unit_id, status in rows:
        found[(indicator_id, period, unit_id)].add(status)
    return {i: [next((s for s in STATUS_ORDER if s in found.get((i, p, plan[i]["unit"]["id"]), ())), None)
                for p in codes] for i, codes in wanted.items()}
