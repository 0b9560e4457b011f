"""What one view of the M&E dashboard shows: its filters, headline tiles, trend, regional figures and pivot.

Everything starts from ``me_figures`` (scope already checked, cached); the regional and pivot figures read the
approved disaggregation cells of one indicator of that strategy (``monitoring.queries.cell_sums``, one query) and
combine them by the indicator's own rules (``monitoring.progress``), as the strategy page and the PDF do.
A view is a set of filters kept in the URL's query string, so that a link reproduces it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from common.i18n import gettext as _
from common.labels import GENDER_LABELS, REGION_LABELS
from common.models.directory import REGIONS
from monitoring import queries as mq
from reports.me_figures import RAG, number, share
from reports.tables import Table

SEXES = ("female", "male")


@dataclass
class View:
    """The filters of one view; ``None`` is "all" (period: the latest with data; indicator: the first regional)."""

    document: int | None = None
    period: str | None = None
    region: str | None = None
    sex: str | None = None
    status: str | None = None
    agency: int | None = None
    indicator: int | None = None

    def query(self) -> str:
        return "?" + urlencode({k: v for k, v in asdict(self).items() if v not in (None, "")})


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_view(args: Mapping[str, Any]) -> View:
    """A view from a query string or a callback's values; anything unknown is dropped, never trusted."""
    def chosen(name: str, allowed: Any) -> Any:
        return args.get(name) if args.get(name) in allowed else None

    return View(document=_int(args.get("document")), period=mq.period_code(args.get("period")),
                region=chosen("region", REGIONS), sex=chosen("sex", SEXES), status=chosen("status", RAG),
                agency=_int(args.get("agency")), indicator=_int(args.get("indicator")))


def period_choices(figures: dict[str, Any]) -> list[str]:
    """Every period some indicator of the strategy has an approved value for, in time order (``me_figures``)."""
    if "periods" in figures:
        return figures["periods"]
    return sorted({p for i in figures["indicators"] for p, _v in i["series"]}, key=_order)


@lru_cache(maxsize=4096)
def _order(code: str) -> tuple[date, int]:
    """``period_order``, parsed once per code: a view compares each indicator's periods (thousands of look-ups)."""
    return mq.period_order(code)


@lru_cache(maxsize=4096)
def _frequency(code: str | None) -> str | None:
    return mq.period_frequency(code)


def settle(view: View, figures: dict[str, Any]) -> View:
    """The view with its defaults filled in and choices outside this strategy dropped."""
    choices = period_choices(figures)
    period = view.period if view.period in choices else (choices[-1] if choices else None)
    agencies = {a["id"] for a in figures["agencies"]}
    ids = [i["id"] for i in figures["indicators"]]
    regional = [i["id"] for i in figures["indicators"] if "region" in i["dimensions"]]
    indicator = view.indicator if view.indicator in ids else (regional or ids or [None])[0]
    return View(figures["document"]["id"], period, view.region, view.sex, view.status,
                view.agency if view.agency in agencies else None, indicator)


def status_at(indicator: dict[str, Any], period: str | None, document: dict[str, Any]) -> str:
    """The indicator's status with the values known up to ``period`` (the same arithmetic as its page)."""
    if period is None:
        return indicator["status"]
    if "timeline" in indicator:  # the status after each of its values (``me_figures``): count those known by then
        known = bisect_right(indicator["series"], _order(period), key=lambda point: _order(point[0]))  # time order
        return indicator["timeline"][known]
    return mq.status_at(indicator["direction"], indicator["baseline"], indicator["baseline_year"],
                        [tuple(p) for p in indicator["series"]], dict(map(tuple, indicator["targets"])), period,
                        start=date.fromisoformat(document["start"]), green=document.get("green", 0.9),
                        amber=document.get("amber", 0.7))


def indicators_in_view(figures: dict[str, Any], view: View) -> list[dict[str, Any]]:
    """The indicators the agency and status filters keep, each with its status at the view's period."""
    found = []
    for indicator in figures["indicators"]:
        if view.agency and indicator["agency"] != view.agency:
            continue
        status = status_at(indicator, view.period, figures["document"])
        if view.status and status != view.status:
            continue
        found.append({**indicator, "status_then": status})
    return found


def previous_period(figures: dict[str, Any], period: str | None) -> str | None:
    """The period of the same length before ``period`` that has data (``2025Q1`` → ``2024Q4``)."""
    frequency = _frequency(period)
    if frequency is None:
        return None
    same = [p for p in period_choices(figures) if _frequency(p) == frequency and _order(p) < _order(period)]
    return same[-1] if same else None


def tiles(figures: dict[str, Any], view: View) -> dict[str, Any]:
    """Headline figures: indicators by status now and the change since the previous period, activities by level,
    and how many of the indicators reporting at this period's frequency have a value for it."""
    kept = [i for i in figures["indicators"] if not view.agency or i["agency"] == view.agency]
    before = previous_period(figures, view.period)
    now = {r: 0 for r in RAG}
    then = {r: 0 for r in RAG}
    for indicator in kept:
        now[status_at(indicator, view.period, figures["document"])] += 1
        if before:
            then[status_at(indicator, before, figures["document"])] += 1
    frequency = _frequency(view.period)
    expected = [i for i in kept if any(_frequency(p) == frequency for p, _v in i["series"])]
    submitted = [i for i in expected if any(p == view.period for p, _v in i["series"])]
    agency = next((a for a in figures["agencies"] if a["id"] == view.agency), None)
    return {"status": now, "change": {r: now[r] - then[r] for r in RAG} if before else None, "previous": before,
            "levels": agency["levels"] if agency else figures["levels"], "submitted": len(submitted),
            "expected": len(expected), "rate": share(len(submitted), len(expected))}


Cuts = mq.IndicatorCuts


def regional(cuts: Cuts, view: View) -> list[tuple[str, float | None]]:
    """(region, value) at the view's period for each of the 12 regions, of the view's sex if chosen."""
    if "region" not in cuts.dimensions or view.period is None:
        return []
    return [(region, cuts.value(view.period, region=region, sex=view.sex)) for region in REGIONS]


def pivot(cuts: Cuts | None, view: View) -> Table:
    """The indicator by region × sex at the view's period (each as far as the indicator has it, with totals): the
    table shown and exported. Without an indicator or a period it is empty."""
    dims = cuts.dimensions if cuts else {}
    regions: list[str | None] = ([view.region] if view.region else list(REGIONS)) if "region" in dims else [None]
    sexes = ([view.sex] if view.sex else list(SEXES)) if "sex" in dims else []
    columns = [_("Region"), *(str(GENDER_LABELS[s]) for s in sexes), _("Total")]
    code = cuts.code if cuts else ""
    title = _("%(indicator)s by region and sex, %(period)s", indicator=code, period=view.period or "–")
    if cuts is None or view.period is None:
        return Table("pivot", title, columns, [])
    period = view.period

    def row(label: str, region: str | None) -> list[Any]:
        return [label, *(cuts.value(period, region=region, sex=s) for s in sexes), cuts.value(period, region=region)]

    rows = [row(str(REGION_LABELS[r]) if r else _("All regions"), r) for r in regions]
    if regions != [None] and not view.region:
        rows.append(row(_("All regions"), None))
    return Table("pivot", title, columns, rows)


def pivot_display(table: Table) -> list[list[str]]:
    return [[row[0], *(number(v) for v in row[1:])] for row in table.rows]


def pivot_export(table: Table) -> list[list[Any]]:
    """The numbers exactly as shown (``number`` rounds to two decimals), as numbers; an empty cell for none."""
    return [[row[0], *("" if v is None else round(v, 2) for v in row[1:])] for row in table.rows]
