"""Reads of the M&E platform. Each runs a fixed number of statements, whatever the number of values:
values are summed in SQL per period × org unit × cell depth × component, and ``progress`` does the rest.

Progress and statuses are always computed from approved values only, so the internal overview, the
public page and any report show the same numbers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from common import charts
from common.extensions import db
from common.models import User
from monitoring import cuts, due, figures_cache, overview_cache, periods, progress_cache, sums, timelines
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

# Re-exported: other packages read the M&E data through this module only (the sums and the periods due
# live in ``monitoring.sums`` and ``monitoring.due``).
APPROVED = sums.APPROVED
Breakdown = sums.Breakdown
cell_sums = sums.cell_sums
indicator_breakdowns = sums.indicator_breakdowns
spec_of = sums.spec_of
value_cells = sums.value_cells
DueReport = due.DueReport
due_period = due.due_period
due_reports = due.due_reports
latest_period = due.latest_period
period_code = due.period_code
period_end = due.period_end
period_frequency = due.period_frequency
period_order = due.period_order
status_at = due.status_at


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
