"""National-scale monitoring data for the benchmark (see bench/national/__init__.py).

On top of the demo's PAR strategy: a sectoral strategy and an action plan for most ministries (the top-level
org units), each with a results tree whose indicators are reported by the ministry and its agencies, and one
large Public Finance Management strategy whose monitoring report runs to about fifty pages at national scale.
``size / 50`` indicators and ``10 × size`` values (2,000 and 1,000,000 for 100,000 employees), with
baselines, annual targets, sex and region breakdowns, computed percentages (numerator and denominator in
every cell) and statuses as a live platform has them: closed periods approved, the periods still open for
entry partly submitted, in draft or returned. The structure goes through Core inserts with RETURNING; the
values stream out per indicator, by COPY on PostgreSQL and in batches elsewhere, so memory stays flat.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import click
from sqlalchemy import insert, select

from bench.national import me_plan as plan
from common.extensions import db
from common.models import OrgUnit, User
from monitoring import periods
from monitoring.models import (
    ActivityReport,
    DataValue,
    DocumentRevision,
    Indicator,
    PolicyDocument,
    ResultNode,
    Target,
    activity_partner,
)
from monitoring.operations.documents import passport_snapshot
from monitoring.submitted import rebuild as rebuild_queue

SEED = 4242
BATCH = 10_000
COLUMNS = ("indicator_id", "period", "org_unit_id", "cell", "cell_depth", "component", "value", "comment", "status",
           "review_comment", "entered_by_id", "updated_at", "reviewed_by_id", "reviewed_at")
RETURN_COMMENT = "The regional figures do not add up to last quarter's register extract; please check and resubmit."


def build(size: int) -> str:
    """Add this module's share for a directory of ``size`` employees; returns a one-line summary."""
    rng = random.Random(SEED)
    today = date.today()
    accounts = {u.email: u.id for u in db.session.execute(select(User).where(User.email.in_(
        ("me@demo.gov.ge", "approver@demo.gov.ge")))).scalars()}
    officer, approver = accounts.get("me@demo.gov.ge"), accounts.get("approver@demo.gov.ge")
    units = list(db.session.execute(select(OrgUnit).where(OrgUnit.depth <= 1, OrgUnit.valid_to.is_(None))
                                    .order_by(OrgUnit.path)).scalars())
    documents = plan.documents(size, units, today, rng)
    trees = [plan.tree(doc, rng) for doc in documents]
    planned = [plan.indicators(doc, levels, rng, today) for doc, levels in zip(documents, trees, strict=True)]
    indicators = [ind for made in planned for ind in made]
    plan.fit_budget(indicators, 10 * size, rng)
    activities = 0
    for doc, levels, made in zip(documents, trees, planned, strict=True):
        document_id = _document(doc)
        _tree(doc, document_id, levels, rng)
        activities += _activities(doc, levels, today, rng, officer)
        _indicators(doc, document_id, made)
    _targets(indicators)
    click.echo(f"    {len(documents)} documents, {len(indicators):,} indicators; values next")
    values = _values(indicators, today, rng, officer, approver)
    return (f"{len(documents)} documents, {activities:,} activities, {len(indicators):,} indicators, "
            f"{values:,} values")


def _document(doc: plan.DocumentPlan) -> int:
    document = PolicyDocument(code=doc.code, kind=doc.kind, title_ka=doc.title_ka, title_en=doc.title_en,
                              owner_unit_id=doc.owner.id, period_start=doc.start, period_end=doc.end,
                              legal_act=doc.legal_act, levels=["goal", "objective", "output"], published=doc.published,
                              entry_window_days=plan.ENTRY_WINDOW)
    db.session.add(document)
    db.session.flush()
    db.session.add(DocumentRevision(document_id=document.id, version=1, snapshot=passport_snapshot(document),
                                    reason="Approved by the Government"))
    return document.id


def _insert_returning(model: Any, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    result = db.session.execute(insert(model).returning(model.id, sort_by_parameter_order=True), rows)
    return list(result.scalars())


def _tree(doc: plan.DocumentPlan, document_id: int, levels: list[list[plan.Node]], rng: random.Random) -> None:
    """Goals, objectives and outputs, level by level (a level's ids are its children's parents)."""
    for level in levels:
        rows = [{"document_id": document_id, "parent_id": n.parent.id if n.parent else None, "level": n.level,
                 "code": n.code, "title_ka": n.title_ka, "title_en": n.title_en, "position": n.position,
                 "responsible_unit_id": n.responsible.id if n.responsible else None,
                 "start_date": doc.start if n.budget else None, "end_date": doc.end if n.budget else None,
                 "budget_planned": n.budget, "budget_spent": round(n.budget * rng.uniform(0.2, 0.7)) if n.budget
                 else None} for n in level]
        for node, node_id in zip(level, _insert_returning(ResultNode, rows), strict=True):
            node.id = node_id
    partners = [{"result_id": n.id, "org_unit_id": p.id} for n in levels[-1] for p in n.partners]
    if partners:
        db.session.execute(insert(activity_partner), partners)


def _activities(doc: plan.DocumentPlan, levels: list[list[plan.Node]], today: date, rng: random.Random,
                officer: int | None) -> int:
    """An implementation status per activity and ended half-year, with the agency's narrative."""
    halves = [h for h in periods.periods_between("semiannual", doc.start, today) if periods.parse(h).end < today]
    rows = []
    for node in levels[-1]:
        for half in halves:
            status = rng.choices(("fully", "mostly", "partially", "not"), weights=(4, 3, 2, 1))[0]
            rows.append({"result_id": node.id, "period": half, "status": status, "updated_by_id": officer,
                         "narrative": plan.narrative(node, half, status, rng), "updated_at": datetime.now()})
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(ActivityReport), rows[start:start + BATCH])
    return len(levels[-1])


def _indicators(doc: plan.DocumentPlan, document_id: int, made: list[plan.IndicatorPlan]) -> None:
    rows = [{"document_id": document_id, "result_id": i.node.id, "code": i.code, "name_ka": i.name_ka,
             "name_en": i.name_en, "definition": i.definition, "level": i.level, "unit": i.unit,
             "direction": i.direction, "aggregation": i.aggregation, "frequency": i.frequency,
             "baseline_value": i.baseline, "baseline_year": doc.start.year - 1 if i.baseline is not None else None,
             "baseline_not_available": i.baseline is None, "source": i.source, "method": i.method,
             "responsible_unit_id": i.responsible.id, "tags": i.tags, "dimensions": i.dimensions,
             "computed": i.computed, "numerator_label": "Cases meeting the condition" if i.computed else "",
             "denominator_label": "All cases" if i.computed else "", "factor": i.factor, "range_min": 0,
             "range_max": 100 if i.unit == "percentage" else 1 if i.unit == "yes_no" else None,
             "position": i.position} for i in made]
    for indicator, indicator_id in zip(made, _insert_returning(Indicator, rows), strict=True):
        indicator.id = indicator_id


def _targets(indicators: list[plan.IndicatorPlan]) -> None:
    """A target per year of the document; every tenth indicator had one revised at the mid-term review."""
    rows = []
    for ind in indicators:
        for year, value in ind.targets.items():
            rows.append({"indicator_id": ind.id, "period": str(year), "value": value, "version": 1, "reason": ""})
            if ind.position % 10 == 3 and year == ind.doc.end.year:
                rows.append({"indicator_id": ind.id, "period": str(year), "value": ind.revised_target(value),
                             "version": 2, "reason": "Revised at the mid-term review"})
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(Target), rows[start:start + BATCH])


def _values(indicators: list[plan.IndicatorPlan], today: date, rng: random.Random, officer: int | None,
            approver: int | None) -> int:
    """Stream every value out, indicator by indicator, reporting progress every 100,000."""
    written, reported = 0, 0
    now = datetime.now().replace(microsecond=0)

    def rows() -> Iterator[tuple[Any, ...]]:
        nonlocal written, reported
        for ind in indicators:
            for row in _indicator_values(ind, today, now, rng, officer, approver):
                written += 1
                yield row
            if written - reported >= 100_000:
                reported = written
                click.echo(f"    {written:,} values")

    if db.engine.dialect.name == "postgresql":
        _copy(rows())
        rebuild_queue(db.session.connection(), [ind.id for ind in indicators])  # COPY bypasses the session
    else:  # insert(DataValue) through the session: ``monitoring.submitted`` recounts the named indicators
        batch: list[dict[str, Any]] = []
        for row in rows():
            batch.append(dict(zip(COLUMNS, row, strict=True)))
            if len(batch) >= BATCH:
                db.session.execute(insert(DataValue), batch)
                batch = []
        if batch:
            db.session.execute(insert(DataValue), batch)
    return written


def _copy(rows: Iterator[tuple[Any, ...]]) -> None:
    """COPY into me_value on the session's own connection, so the load commits with everything else."""
    raw = db.session.connection().connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY me_value ({', '.join(COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _indicator_values(ind: plan.IndicatorPlan, today: date, now: datetime, rng: random.Random,
                      officer: int | None, approver: int | None) -> Iterator[tuple[Any, ...]]:
    entered_by = officer if ind.responsible.code == plan.OFFICER_AGENCY else None
    unit_id = ind.responsible.id
    series = ind.periods
    for index, period in enumerate(series):
        status = plan.status_of(series, index, today, rng)
        ended = periods.parse(period).end
        updated = min(now, datetime.combine(ended + timedelta(days=rng.randint(5, 40)), datetime.min.time()))
        reviewed = status in ("approved", "returned")
        stamp = (status, RETURN_COMMENT if status == "returned" else "", entered_by, updated,
                 approver if reviewed else None, updated + timedelta(days=rng.randint(1, 9)) if reviewed else None)
        for cell, depth, component, value in ind.cell_values(period, rng):
            yield (ind.id, period, unit_id, cell, depth, component, value, "", *stamp)
