"""The figures of the M&E dashboard and the monitoring report of a strategy, from ``monitoring.queries`` only.

``me_figures`` checks the user's scope first, every time, then returns plain JSON-able figures that the
dashboard, the PDF and the tests read alike, so the same strategy shows the same numbers everywhere.
A strategy is visible to whoever has its owner agency in scope (all of it), or to an agency that carries
some of its activities or indicators (the agency breakdowns then list only the agencies in scope).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from common import cache
from common.models.base import localized
from common.permissions import can_read_me_strategy, can_read_whole_me_strategy, can_see_me_agency, has_capability
from monitoring import queries as mq

CAPABILITY = "reports.me"
LEVELS = ("fully", "mostly", "partially", "not")  # the four implementation levels, best first
NO_REPORT = "none"
RAG = ("green", "amber", "red", "grey")
FORMAT = 2  # part of the cache keys: figures kept in an older layout (no status timelines) are not read


def _name(unit: Any) -> dict[str, Any]:
    return {"id": unit.id, "code": unit.code, "name_ka": unit.name_ka, "name_en": unit.name_en}


def _agencies_of(overview: Any) -> list[Any]:
    units = [overview.document.owner_unit]
    stack = list(overview.roots)
    while stack:
        item = stack.pop()
        stack.extend(item.children)
        units.extend([item.node.responsible_unit, *item.node.partners])
    units.extend(result.indicator.responsible_unit for result in overview.results.values())
    return [u for u in units if u is not None]


def visible_documents(user: Any) -> list[Any]:
    """The strategies the user may see on the dashboard, newest first."""
    if not has_capability(user, CAPABILITY):
        return []
    found = []
    for document in mq.documents():
        if can_read_whole_me_strategy(user, document):
            found.append(document)
            continue
        overview = mq.document_overview(document, with_pending=False)
        if can_read_me_strategy(user, document, _agencies_of(overview)):
            found.append(document)
    return found


def me_figures(user: Any, document_id: Any, today: date | None = None) -> dict[str, Any] | None:
    """The figures of strategy ``document_id``, or ``None`` if it does not exist or is outside the scope.

    A strategy of 400 indicators reads a quarter of a million values (seconds), so the figures are
    kept per document, scope and day until that document's data changes (``monitoring.queries.document_cached``:
    a write in another strategy leaves them in place).
    """
    today = today or date.today()
    return me_cached(user, document_id, "figures", lambda number: _figures(user, number, today), today)


def me_cached(user: Any, document_id: Any, name: str, compute: Callable[[int], Any], today: date | None = None) -> Any:
    """``compute(document_id)`` kept per document data version, scope, day and ``name``, as ``me_figures`` is.

    For what is derived from ``me_figures`` (a dashboard view's content): the key holds everything the figures'
    key holds, so an entry is shared by exactly the users who share the figures and retired by the same writes.
    ``compute`` must return ``None`` when ``me_figures`` does (outside the scope); ``None`` without the capability.
    """
    try:
        document_id = int(document_id)
    except (TypeError, ValueError):
        return None
    if not has_capability(user, CAPABILITY):
        return None
    today = today or date.today()
    key = f"me{FORMAT}:{cache.scope_key(user, CAPABILITY)}:{today.isoformat()}:{name}"
    return mq.document_cached(document_id, key, lambda: compute(document_id))


def _figures(user: Any, document_id: int, today: date) -> dict[str, Any] | None:
    document = next((d for d in mq.documents() if d.id == document_id), None)
    if document is None:
        return None
    overview = mq.document_overview(document, with_pending=False)
    whole = can_read_whole_me_strategy(user, document)
    if not whole and not can_read_me_strategy(user, document, _agencies_of(overview)):
        return None
    shown = (lambda unit: True) if whole else (lambda unit: can_see_me_agency(user, unit))
    return _compute(overview, shown, today)


def _walk(items: list[Any]) -> list[Any]:
    found = []
    for item in items:
        found.append(item)
        found.extend(_walk(item.children))
    return found


def _compute(overview: Any, shown: Any, today: date) -> dict[str, Any]:
    document = overview.document
    last_level = len(document.levels or []) - 1
    nodes = _walk(overview.roots)
    activities = [n for n in nodes if n.node.level == last_level and not n.children]
    as_of = mq.latest_period(a.report.period for a in activities if a.report)

    def level_of(item: Any) -> str:
        return item.report.status if item.report and item.report.period == as_of else NO_REPORT

    objectives = []
    for objective in (n for n in nodes if n.node.level == min(1, last_level)):
        counts = dict.fromkeys((*LEVELS, NO_REPORT), 0)
        for item in _walk([objective]):
            if item in activities:
                counts[level_of(item)] += 1
        objectives.append({"code": objective.node.code, "title_ka": objective.node.title_ka,
                           "title_en": objective.node.title_en, "levels": counts, "rag": dict(objective.rollup.counts)})
    agencies: dict[int, dict[str, Any]] = {}

    def agency(unit: Any) -> dict[str, Any]:
        if unit.id not in agencies:
            agencies[unit.id] = {**_name(unit), "levels": dict.fromkeys((*LEVELS, NO_REPORT), 0),
                                 "rag": dict.fromkeys(RAG, 0), "indicators": 0, "indicators_reported": 0,
                                 "activities": 0, "activities_reported": 0}
        return agencies[unit.id]

    for item in activities:
        if item.node.responsible_unit and shown(item.node.responsible_unit):
            row = agency(item.node.responsible_unit)
            row["levels"][level_of(item)] += 1
            row["activities"] += 1
            row["activities_reported"] += level_of(item) != NO_REPORT
    results = sorted(overview.results.values(), key=lambda r: (r.indicator.position, r.indicator.code))
    due = mq.due_reports(document, [r.indicator for r in results], today)
    breakdowns = mq.indicator_breakdowns(results)
    timelines = mq.status_timelines(document, results)
    indicators = []
    for result in results:
        ind, progress = result.indicator, result.progress
        if ind.responsible_unit and shown(ind.responsible_unit):
            row = agency(ind.responsible_unit)
            row["rag"][progress.status] += 1
            row["indicators"] += 1
            row["indicators_reported"] += due[ind.id].reported
        indicators.append({"id": ind.id, "code": ind.code, "agency": ind.responsible_unit_id,
                           "dimensions": sorted(ind.dimensions or {}), "name_ka": ind.name_ka, "name_en": ind.name_en,
                           "unit": ind.unit, "direction": ind.direction, "baseline": ind.baseline_value,
                           "baseline_year": ind.baseline_year, "series": [list(p) for p in result.series],
                           "targets": [list(t) for t in result.target_series()], "actual": progress.actual,
                           "as_of": progress.as_of, "target": progress.target, "target_period": progress.target_period,
                           "progress": progress.progress, "status": progress.status,
                           "breakdown": [_breakdown(b) for b in breakdowns.get(ind.id, [])],
                           "timeline": timelines[ind.id]})
    narratives = [{"code": a.node.code, "title_ka": a.node.title_ka, "title_en": a.node.title_en,
                   "level": level_of(a), "text": a.report.narrative if level_of(a) != NO_REPORT else "",
                   "text_ka": a.report.narrative_ka if level_of(a) != NO_REPORT else ""}
                  for a in activities]
    totals = dict.fromkeys((*LEVELS, NO_REPORT), 0)
    for item in activities:
        totals[level_of(item)] += 1
    return {"document": {"id": document.id, "code": document.code, "title_ka": document.title_ka,
                         "title_en": document.title_en, "start": document.period_start.isoformat(),
                         "end": document.period_end.isoformat(), "owner": _name(document.owner_unit),
                         "green": document.green_threshold, "amber": document.amber_threshold},
            "as_of": as_of, "levels": totals, "rag": dict(overview.rollup.counts), "objectives": objectives,
            "agencies": sorted(agencies.values(), key=lambda a: a["code"]), "indicators": indicators,
            "periods": sorted({p for i in indicators for p, _v in i["series"]}, key=mq.period_order),
            "narratives": narratives}


def _breakdown(breakdown: mq.Breakdown) -> dict[str, Any]:
    """One dimension of an indicator's breakdown as JSON-able figures (``monitoring.queries.indicator_breakdowns``)."""
    return {"dimension": breakdown.dimension, "label": breakdown.label, "period": breakdown.period,
            "values": [list(value) for value in breakdown.values]}


def title(item: dict[str, Any]) -> str:
    return localized(item.get("title_ka") or item.get("name_ka"), item.get("title_en") or item.get("name_en"))


def number(value: float | None) -> str:
    return "–" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


def share(done: int, total: int) -> str:
    return f"{round(100 * done / total)}%" if total else "–"
