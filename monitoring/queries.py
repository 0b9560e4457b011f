"""Reads of the M&E platform. Each runs a fixed number of statements, whatever the number of values:
values are summed in SQL per period × org unit × cell depth × component, and ``progress`` does the rest.

Progress and statuses are always computed from approved values only, so the internal overview, the
public page and any report show the same numbers.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, bindparam, func, or_, select, tuple_
from sqlalchemy.orm import joinedload, selectinload

from common import charts
from common.extensions import db
from common.models import OrgUnit, User
from common.permissions import unapproved_scope
from monitoring import cells as mc
from monitoring import cuts, figures_cache, overview_cache, periods, progress_cache, timelines
from monitoring import progress as pg
from monitoring.models import (
    ActivityReport,
    DataValue,
    DocumentRevision,
    Indicator,
    PolicyDocument,
    ResultNode,
    Target,
    ValidationRule,
)
from monitoring.operations.indicators import current_targets

APPROVED = ("approved",)


def spec_of(indicator: Indicator) -> pg.Spec:
    return pg.Spec(unit=indicator.unit, direction=indicator.direction, aggregation=indicator.aggregation,
                   computed=indicator.computed, factor=indicator.factor or 1.0,
                   dimensions=len(indicator.dimensions or {}), baseline=indicator.baseline_value,
                   baseline_year=indicator.baseline_year)


def _in_periods(v: type[DataValue], indicator_ids: list[int], only: dict[int, str | None] | None) -> Any:
    """Values of ``indicator_ids``; with ``only``, just each indicator's one period (a report needs no more, and a
    national strategy holds hundreds of thousands of values)."""
    if only is None:
        return v.indicator_id.in_(indicator_ids)
    return tuple_(v.indicator_id, v.period).in_([(i, only[i]) for i in indicator_ids if only.get(i)] or [(0, "")])


def value_cells(indicator_ids: list[int], statuses: tuple[str, ...] = APPROVED,
                only: dict[int, str | None] | None = None) -> dict[int, list[pg.Cells]]:
    """The grouped sums progress is computed from, per indicator, in one query (``only``: see ``_in_periods``)."""
    if not indicator_ids:
        return {}
    v = DataValue
    # count(*), not count(id): every column read is in ix_me_value_cells, so PostgreSQL needs no table rows.
    stmt = (select(v.indicator_id, v.period, v.org_unit_id, v.cell_depth, v.component, func.sum(v.value),
                   func.count())
            .where(_in_periods(v, indicator_ids, only), v.status.in_(statuses))
            .group_by(v.indicator_id, v.period, v.org_unit_id, v.cell_depth, v.component))
    found: dict[int, list[pg.Cells]] = defaultdict(list)
    cells = pg.Cells
    # On the session's connection, without the ORM's row processing: a national strategy has ~20,000 groups.
    for indicator_id, period, unit_id, depth, component, total, count in db.session.connection().execute(stmt):
        found[indicator_id].append(cells(period, unit_id, depth, component, float(total or 0), count))
    return found


@dataclass
class IndicatorResult:
    indicator: Indicator
    progress: pg.Progress
    series: list[tuple[str, float]]
    targets: dict[str, Any]  # period -> the Target in force (``progress_cache.CurrentTarget`` from the cache)

    def target_series(self) -> list[tuple[str, float]]:
        """The current targets as (period, value), in time order."""
        return sorted(((p, t.value) for p, t in self.targets.items()), key=lambda pt: periods.sort_key(pt[0]))

    def chart(self) -> charts.Chart:
        """Baseline, targets and approved actual values as a target-versus-actual chart, each at its period's end."""
        ind = self.indicator
        return charts.line_chart(ind.baseline_value, periods.year_end(ind.baseline_year) if ind.baseline_year else None,
                                 _dated(self.target_series()), _dated(self.series))

    def chart_rows(self) -> list[tuple[str, float | None, float | None]]:
        """(period, target, actual) in time order: the numbers of the chart, for the table beside it."""
        targets, actual = dict(self.target_series()), dict(self.series)
        codes = sorted(set(targets) | set(actual), key=periods.sort_key)
        return [(code, targets.get(code), actual.get(code)) for code in codes]


def _dated(points: Iterable[tuple[str, float]]) -> list[tuple[date, str, float]]:
    found = []
    for code, value in points:
        period = periods.parse(code)
        if period:
            found.append((period.end, code, value))
    return found


def indicator_results(document: PolicyDocument, indicators: list[Indicator]) -> dict[int, IndicatorResult]:
    """Progress of each indicator (two queries for all of them)."""
    ids = [i.id for i in indicators]
    grouped, targets = value_cells(ids), current_targets(ids)
    results = {}
    for indicator in indicators:
        spec = spec_of(indicator)
        series = pg.actual_series(spec, pg.period_totals(spec, grouped.get(indicator.id, [])))
        mine = targets.get(indicator.id, {})
        result = pg.indicator_progress(spec, series, {p: t.value for p, t in mine.items()},
                                       start=document.period_start, green=document.green_threshold,
                                       amber=document.amber_threshold)
        results[indicator.id] = IndicatorResult(indicator, result, series, mine)
    return results


@dataclass
class TreeNode:
    node: ResultNode
    children: list[TreeNode] = field(default_factory=list)
    indicators: list[IndicatorResult] = field(default_factory=list)
    rollup: pg.Rollup = field(default_factory=pg.Rollup)
    report: ActivityReport | None = None


@dataclass
class Overview:
    document: PolicyDocument
    roots: list[TreeNode]
    rollup: pg.Rollup
    results: dict[int, IndicatorResult]
    pending: int = 0


def document_overview(document: PolicyDocument, *, with_pending: bool = True) -> Overview:
    """The results tree with each indicator's progress and a roll-up per node (six queries in all)."""
    nodes = counted_nodes(db.session.execute(
        select(ResultNode).where(ResultNode.document_id == document.id, ResultNode.status == "approved")
        .options(joinedload(ResultNode.responsible_unit), selectinload(ResultNode.partners))
        .order_by(ResultNode.level, ResultNode.position, ResultNode.id)).scalars())
    placed = {n.id for n in nodes}
    indicators = [i for i in db.session.execute(
        select(Indicator).where(Indicator.document_id == document.id, Indicator.status == "approved")
        .options(joinedload(Indicator.responsible_unit)).order_by(Indicator.position, Indicator.code)).scalars()
        if i.result_id in placed]
    results = progress_cache.indicator_results(document, indicators)  # values read for changed indicators only
    latest = _latest_reports([n.id for n in nodes])
    tree = {n.id: TreeNode(n, report=latest.get(n.id)) for n in nodes}
    roots = []
    for item in tree.values():
        parent = tree.get(item.node.parent_id) if item.node.parent_id else None
        (parent.children if parent else roots).append(item)
    for indicator in indicators:
        if indicator.result_id in tree:
            tree[indicator.result_id].indicators.append(results[indicator.id])
    total = pg.Rollup()
    for root in roots:
        _roll_up(root)
        total.merge(root.rollup)
    pending = 0
    if with_pending and indicators:
        pending = db.session.execute(select(func.count()).select_from(DataValue).where(  # the partial index
            DataValue.indicator_id.in_([i.id for i in indicators]), DataValue.status == "submitted")).scalar_one()
    return Overview(document, roots, total, results, pending)


def counted_nodes(nodes: Any) -> list[ResultNode]:
    """Approved nodes (ordered by level) whose every ancestor is approved: a proposed branch does not count yet."""
    kept: list[ResultNode] = []
    placed: set[int] = set()
    for node in nodes:
        if node.parent_id is None or node.parent_id in placed:
            kept.append(node)
            placed.add(node.id)
    return kept


def proposed_changes(document: PolicyDocument) -> list[Any]:
    """Results and indicators proposed for a published document, waiting for an approver other than their author."""
    found: list[Any] = list(db.session.execute(select(ResultNode).where(
        ResultNode.document_id == document.id, ResultNode.status == "proposed").order_by(ResultNode.code)).scalars())
    found += db.session.execute(select(Indicator).where(
        Indicator.document_id == document.id, Indicator.status == "proposed").order_by(Indicator.code)).scalars()
    return found


def _roll_up(item: TreeNode) -> None:
    for result in item.indicators:
        item.rollup.add(result.progress)
    for child in item.children:
        _roll_up(child)
        item.rollup.merge(child.rollup)


def _latest_reports(node_ids: list[int]) -> dict[int, ActivityReport]:
    if not node_ids:
        return {}
    reports = db.session.execute(select(ActivityReport).where(ActivityReport.result_id.in_(node_ids))).scalars()
    latest: dict[int, ActivityReport] = {}
    for report in reports:
        held = latest.get(report.result_id)
        if held is None or periods.sort_key(report.period) > periods.sort_key(held.period):
            latest[report.result_id] = report
    return latest


def documents(*, published_only: bool = False) -> list[PolicyDocument]:
    stmt = select(PolicyDocument).options(joinedload(PolicyDocument.owner_unit)).order_by(
        PolicyDocument.period_start.desc(), PolicyDocument.code)
    if published_only:
        stmt = stmt.where(PolicyDocument.published.is_(True))
    return list(db.session.execute(stmt).scalars())


def revisions(document: PolicyDocument) -> list[DocumentRevision]:
    return list(db.session.execute(select(DocumentRevision).where(DocumentRevision.document_id == document.id)
                                   .options(joinedload(DocumentRevision.created_by))
                                   .order_by(DocumentRevision.version.desc())).scalars())


@dataclass(frozen=True)
class TargetVersion:
    """One version of a target as the history lists it, with its author's address (read as columns, not rows)."""

    id: int
    period: str
    version: int
    value: float
    status: str
    reason: str
    created_at: Any
    created_by_id: int | None
    created_by_email: str | None


@functools.cache
def _history_statement() -> Select:
    """Built once: building it afresh cost as much as running it."""
    t = Target
    return (select(t.id, t.period, t.version, t.value, t.status, t.reason, t.created_at, t.created_by_id, User.email)
            .outerjoin(User, User.id == t.created_by_id).where(t.indicator_id == bindparam("indicator")))


def target_history(indicator: Indicator) -> list[TargetVersion]:
    """Every version of every target, by period, newest first within each period (one statement, no ORM rows)."""
    rows = db.session.connection().execute(_history_statement(), {"indicator": indicator.id})
    return sorted((TargetVersion(*row) for row in rows), key=lambda entry: (entry.period, -entry.version))


@dataclass
class ReportedGroup:
    period: str
    unit: OrgUnit
    statuses: dict[str, int]
    total: float | None
    review_comment: str = ""


def reported_groups(indicator: Indicator, user: Any = None, *, statuses: tuple[str, ...] | None = None
                    ) -> list[ReportedGroup]:
    """What each org unit reported for each period, with its statuses and its combined value (two queries).

    With ``user``, values that are not approved are counted only for the units whose unapproved data they may read
    (``permissions.unapproved_scope``); of other units they see the approved values alone."""
    v = DataValue
    stmt = _reported_statement(indicator)
    if statuses:
        stmt = stmt.where(v.status.in_(statuses))
    if user is not None:
        readable = select(OrgUnit.id).where(unapproved_scope(user))
        stmt = stmt.where(or_(v.status.in_(APPROVED), v.org_unit_id.in_(readable)))
    rows = db.session.execute(stmt).all()
    return groups_of(indicator, rows, reporting_units_of(rows))


def reported_cells(indicator: Indicator) -> list[Any]:
    """The sums ``groups_of`` combines, for every status and unit (one statement): whoever reads them must be
    shown only what they may see (``reported_groups`` with a user does that in SQL)."""
    return db.session.execute(_reported_statement(indicator)).all()


def _reported_statement(indicator: Indicator) -> Any:
    v = DataValue
    return (select(v.period, v.org_unit_id, v.cell_depth, v.component, v.status, func.sum(v.value), func.count(v.id),
                   func.max(v.review_comment))
            .where(v.indicator_id == indicator.id)
            .group_by(v.period, v.org_unit_id, v.cell_depth, v.component, v.status))


def reporting_units_of(rows: list[Any]) -> dict[int, OrgUnit]:
    """The org units of ``reported_cells`` rows, by id (one statement; none when there are no rows)."""
    if not rows:
        return {}
    return {u.id: u for u in db.session.execute(select(OrgUnit).where(OrgUnit.id.in_({r[1] for r in rows})))
            .scalars()}


def groups_of(indicator: Indicator, rows: list[Any], units: dict[int, OrgUnit]) -> list[ReportedGroup]:
    """``reported_cells`` rows combined per period × org unit by the indicator's rules, latest period first."""
    spec, grouped = spec_of(indicator), defaultdict(list)
    for period, unit_id, depth, component, status, total, count, comment in rows:
        grouped[(period, unit_id)].append((pg.Cells(period, unit_id, depth, component, float(total or 0), count),
                                           status, comment or ""))
    found = []
    for (period, unit_id), items in grouped.items():
        counts: dict[str, int] = defaultdict(int)
        for cell, status, _comment in items:
            counts[status] += cell.count
        totals = pg.period_totals(spec, [cell for cell, _s, _c in items])
        comment = next((c for _cell, s, c in items if s == "returned" and c), "")
        found.append(ReportedGroup(period, units[unit_id], dict(counts), totals[period].value if period in totals
                                   else None, comment))
    return sorted(found, key=lambda g: (periods.sort_key(g.period), g.unit.code), reverse=True)


def evidence_units(evidence_id: int) -> list[OrgUnit]:
    """The org units whose values an evidence file backs: whoever may read those values may read the file."""
    return list(db.session.execute(select(OrgUnit).where(OrgUnit.id.in_(
        select(DataValue.org_unit_id).where(DataValue.evidence_id == evidence_id)))).scalars())


def reporting_units(document: PolicyDocument) -> list[OrgUnit]:
    """The units responsible for reporting the document's indicators."""
    return list(db.session.execute(select(OrgUnit).where(OrgUnit.id.in_(
        select(Indicator.responsible_unit_id).where(Indicator.document_id == document.id)))).scalars())


def group_entries(indicator: Indicator, period: str, unit: OrgUnit) -> list[DataValue]:
    return list(db.session.execute(select(DataValue).where(
        DataValue.indicator_id == indicator.id, DataValue.period == period, DataValue.org_unit_id == unit.id)
        .options(joinedload(DataValue.evidence))).scalars())


def activity_spending(node: ResultNode) -> list[Any]:
    """The spending history of an activity, latest first."""
    from monitoring.models import ActivitySpending

    return list(db.session.execute(select(ActivitySpending).where(ActivitySpending.result_id == node.id)
                                   .options(joinedload(ActivitySpending.recorded_by))
                                   .order_by(ActivitySpending.as_of.desc(), ActivitySpending.id.desc())).scalars())


def activity_reports(node: ResultNode) -> list[ActivityReport]:
    reports = list(db.session.execute(select(ActivityReport).where(ActivityReport.result_id == node.id)).scalars())
    return sorted(reports, key=lambda r: periods.sort_key(r.period), reverse=True)


def document_indicators(document: PolicyDocument) -> list[Indicator]:
    return list(db.session.execute(select(Indicator).where(Indicator.document_id == document.id)
                                   .order_by(Indicator.code)).scalars())


def validation_rules(document: PolicyDocument, indicators: dict[int, Indicator]) -> list[tuple[Any, Any, Any]]:
    """The document's rules between ``indicators`` as (rule, left indicator, right indicator), in one query."""
    rules = db.session.execute(select(ValidationRule).where(ValidationRule.document_id == document.id)
                               .order_by(ValidationRule.id)).scalars()
    found = []
    for rule in rules:
        left, right = indicators.get(rule.left_indicator_id), indicators.get(rule.right_indicator_id)
        if left and right:
            found.append((rule, left, right))
    return found


def cell_sums(indicator_ids: list[int], statuses: tuple[str, ...] = APPROVED,
              only: dict[int, str | None] | None = None) -> dict[int, list[tuple[pg.Cells, str]]]:
    """For breakdowns by region, sex…: the approved values of disaggregation cells, summed per period × org unit ×
    cell × component, with the cell key (one query). ``Cells.depth`` is the number of dimensions the cell names.
    ``only``: see ``_in_periods``."""
    if not indicator_ids:
        return {}
    v = DataValue
    stmt = (select(v.indicator_id, v.period, v.org_unit_id, v.cell_depth, v.component, v.cell, func.sum(v.value),
                   func.count(v.id))
            .where(_in_periods(v, indicator_ids, only), v.status.in_(statuses), v.cell_depth > 0)
            .group_by(v.indicator_id, v.period, v.org_unit_id, v.cell_depth, v.component, v.cell))
    found: dict[int, list[tuple[pg.Cells, str]]] = defaultdict(list)
    for indicator_id, period, unit_id, depth, component, cell, total, count in db.session.execute(stmt):
        found[indicator_id].append((pg.Cells(period, unit_id, depth, component, float(total or 0), count), cell))
    return found


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


@dataclass
class Breakdown:
    dimension: str  # e.g. "region"
    label: str  # the dimension's name in the user's language
    period: str
    values: list[tuple[str, float | None]]  # (option, combined value or None where it cannot be combined)


def indicator_breakdowns(results: Iterable[IndicatorResult]) -> dict[int, list[Breakdown]]:
    """Per disaggregated indicator, per dimension (region, sex…): the approved value of each option in the
    indicator's latest period (``progress.as_of``), combined over the other dimensions and the org units by the
    indicator's own rules, as its progress is. Kept per indicator and data version (``progress_cache``): they read
    every cell of the latest periods (a national strategy: half a second), so after an approval only the approved
    indicator's are read again, in one query for all that are missing."""
    wanted = {r.indicator.id: r for r in results if r.indicator.dimensions and r.progress.as_of is not None}

    def compute(ids: list[int]) -> dict[int, list[Any]]:
        sums = cell_sums(ids, only={i: wanted[i].progress.as_of for i in ids})
        return {i: [[b.dimension, b.period, [list(v) for v in b.values]]
                    for b in _breakdown(wanted[i].indicator, wanted[i].progress.as_of, sums.get(i, []))]
                for i in ids}

    found = progress_cache.per_indicator("breakdown", {i: r.progress.as_of for i, r in wanted.items()}, compute)
    # The dimension's label is the reader's language, so it is looked up here, not kept with the figures.
    return {i: [Breakdown(name, mc.dimension_label(name), period, [tuple(v) for v in values])
                for name, period, values in found[i]] for i in wanted}


def _breakdown(indicator: Indicator, period: str, rows: list[tuple[pg.Cells, str]]) -> list[Breakdown]:
    spec, full = spec_of(indicator), len(indicator.dimensions)
    chosen = [(row, mc.parse(key)) for row, key in rows if row.period == period and row.depth == full]
    found = []
    for name, options in sorted(indicator.dimensions.items()):
        values = []
        for option in options:
            picked = [pg.Cells(r.period, r.org_unit_id, 0, r.component, r.total, r.count)
                      for r, cell in chosen if cell.get(name) == option]
            totals = pg.period_totals(spec, picked)
            values.append((option, totals[period].value if period in totals else None))
        found.append(Breakdown(name, mc.dimension_label(name), period, values))
    return found


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


IndicatorCuts = cuts.IndicatorCuts  # the dashboard's regional and pivot figures, kept per indicator
status_timelines = timelines.status_timelines  # each indicator's status over time, kept per indicator


def cached(key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept under ``key`` until any M&E data changes (``monitoring.figures_cache``): for figures
    derived from these queries that are costly to recompute (a national strategy's dashboard)."""
    return figures_cache.cached(key, compute)


def document_cached(document_id: int, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept under ``key`` until strategy ``document_id``'s data changes (``overview_cache``): a write
    in another strategy leaves it in place."""
    return overview_cache.cached(document_id, key, compute)
