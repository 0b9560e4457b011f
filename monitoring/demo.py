"""``flask demo`` for the M&E platform: a published Public Administration Reform strategy with three levels,
40 indicators (some computed, some disaggregated by sex and region), quarterly data for the last three
years, mostly approved, with a few values pending, returned or in draft at the Revenue Service (the demo
M&E officer's agency). Values are bulk inserted; a seeded generator makes every run the same.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from sqlalchemy import insert, select

from common import signals
from common.extensions import db
from common.models import OrgUnit, User
from common.models.base import utcnow
from common.models.directory import REGIONS
from monitoring import cells, periods
from monitoring import demo_data as data
from monitoring.models import ActivityReport, DataValue, DocumentRevision, Indicator, PolicyDocument, ResultNode, Target
from monitoring.operations.documents import passport_snapshot

SEED = 2026
OFFICER_AGENCY = "RS"


@signals.demo_built.connect
def _add_demo_strategy(_sender: Any, accounts: dict[str, User], size: int, **_extra: Any) -> None:
    build_strategy(date.today(), accounts)


def recent_quarters(today: date, count: int = 12) -> list[str]:
    """The last ``count`` quarters that have ended."""
    ended = [q for q in periods.periods_between("quarterly", date(today.year - 4, 1, 1), today)
             if periods.parse(q).end < today]
    return ended[-count:]


def build_strategy(today: date, accounts: dict[str, User] | None = None) -> PolicyDocument:
    rng = random.Random(SEED)
    accounts = accounts or {}
    officer, approver = accounts.get("me@demo.gov.ge"), accounts.get("approver@demo.gov.ge")
    codes = {n[4] for n in data.NODES} | {p for n in data.NODES for p in n[5]} | {i[9] for i in data.INDICATORS}
    units = {u.code: u for u in db.session.execute(select(OrgUnit).where(OrgUnit.code.in_(codes | {"MOF"})))
             .scalars()}
    owner = units.get("MOF") or db.session.execute(select(OrgUnit).order_by(OrgUnit.id)).scalars().first()
    quarters = recent_quarters(today)
    first, last = periods.parse(quarters[0]).year, max(periods.parse(quarters[0]).year + 3, today.year)
    document = PolicyDocument(
        code=f"PAR-{first}", kind="strategy", title_ka=f"საჯარო მმართველობის რეფორმის სტრატეგია {first}–{last}",
        title_en=f"Public Administration Reform Strategy {first}–{last}", owner_unit_id=owner.id,
        period_start=date(first, 1, 1), period_end=date(last, 12, 31), published=True, entry_window_days=90,
        legal_act=data.LEGAL_ACT[0].format(year=first - 1), legal_act_ka=data.LEGAL_ACT[1].format(year=first - 1),
        levels=["goal", "objective", "output"])
    db.session.add(document)
    db.session.flush()
    db.session.add(DocumentRevision(document_id=document.id, version=1, snapshot=passport_snapshot(document),
                                    reason="დამტკიცდა მთავრობის მიერ",
                                    created_by_id=None))
    nodes = _nodes(document, units, owner)
    indicators = _indicators(document, nodes, units, owner, rng)
    _targets(indicators, first, last)
    _values(indicators, quarters, date(last, 12, 31), rng, officer, approver, today)
    _activity_reports(nodes, quarters, rng, officer)
    return document


def _nodes(document: PolicyDocument, units: dict[str, OrgUnit], owner: OrgUnit) -> dict[str, ResultNode]:
    nodes: dict[str, ResultNode] = {}
    for position, (code, parent, title_ka, title_en, responsible, partners, budget) in enumerate(data.NODES):
        node = ResultNode(document_id=document.id, parent_id=nodes[parent].id if parent else None,
                          level=code.count("."), code=code, title_ka=title_ka, title_en=title_en, position=position,
                          responsible_unit_id=(units.get(responsible) or owner).id if responsible else None,
                          budget_planned=budget, start_date=document.period_start if budget else None,
                          end_date=document.period_end if budget else None)
        node.partners = [units[p] for p in partners if p in units]
        db.session.add(node)
        db.session.flush()
        nodes[code] = node
    return nodes


def _indicators(document: PolicyDocument, nodes: dict[str, ResultNode], units: dict[str, OrgUnit], owner: OrgUnit,
                rng: random.Random) -> list[tuple[Indicator, float]]:
    made = []
    for position, row in enumerate(data.INDICATORS):
        code, node, name_ka, name_en, unit, direction, aggregation, baseline, _target, responsible, computed, dims, \
            level = row
        responsible_unit = units.get(responsible) or owner
        indicator = Indicator(
            document_id=document.id, result_id=nodes[node].id, code=code, name_ka=name_ka, name_en=name_en,
            unit=unit, direction=direction, aggregation=aggregation, level=level, position=position,
            frequency=None if code == "PAR-24" else "quarterly", baseline_value=baseline,
            baseline_year=document.period_start.year - 1, responsible_unit_id=responsible_unit.id,
            source="" if code == "PAR-36" else data.SOURCES.get(responsible, data.AGENCY_RECORDS[0]),
            source_ka="" if code == "PAR-36" else data.SOURCES_KA.get(responsible, data.AGENCY_RECORDS[1]),
            method=data.METHODS[computed][0], method_ka=data.METHODS[computed][1],
            computed=computed, factor=10_000 if code == "PAR-32" else 100 if computed else 1,
            numerator_label=data.NUMERATOR[0] if computed else "",
            numerator_label_ka=data.NUMERATOR[1] if computed else "",
            denominator_label=data.DENOMINATOR[0] if computed else "",
            denominator_label_ka=data.DENOMINATOR[1] if computed else "",
            dimensions={d: list(cells.BUILTIN[d]) for d in dims},
            tags=["SDG 16.6"] if level == "outcome" and position % 3 == 0 else [],
            range_min=0, range_max=100 if unit == "percentage" else None)
        db.session.add(indicator)
        # How far along this indicator is against its plan: most on track, some behind, a few far behind.
        made.append((indicator, rng.choice((1.05, 1.0, 0.95, 0.92, 0.85, 0.75, 0.6, 0.45))))
    db.session.flush()
    return made


def _targets(indicators: list[tuple[Indicator, float]], first: int, last: int) -> None:
    final = {row[0]: row[8] for row in data.INDICATORS}
    rows = []
    for indicator, _factor in indicators:
        base, goal = indicator.baseline_value, final[indicator.code]
        for year in range(first, last + 1):
            share = (year - first + 1) / (last - first + 1)
            rows.append({"indicator_id": indicator.id, "period": str(year), "version": 1, "reason": "",
                         "value": round(base + (goal - base) * share, 1), "created_at": utcnow()})
    db.session.execute(insert(Target), rows)


def _values(indicators: list[tuple[Indicator, float]], quarters: list[str], target_date: date, rng: random.Random,
            officer: User | None, approver: User | None, today: date) -> None:
    final = {row[0]: row[8] for row in data.INDICATORS}
    now, rows = utcnow(), []
    returned = 0
    for indicator, factor in indicators:
        if indicator.code == "PAR-07":  # the platform is new: nothing reported yet
            continue
        base, goal = indicator.baseline_value, final[indicator.code]
        start = periods.year_end(indicator.baseline_year)
        span = (target_date - start).days
        quarters_total = max(1, round(span / 91.3))
        ours = indicator.responsible_unit.code == OFFICER_AGENCY
        for index, quarter in enumerate(quarters):
            share = (periods.parse(quarter).end - start).days / span
            level = base + (goal - base) * share * factor
            status, comment = "approved", ""
            if index == len(quarters) - 1 and ours:
                status = "submitted" if returned >= 2 or not indicator.computed else "returned"
                if status == "returned":
                    comment, returned = data.RETURN_COMMENTS[returned], returned + 1
                if indicator.code == "PAR-40":
                    status = "draft"
            elif index == len(quarters) - 1 and indicator.code in ("PAR-28", "PAR-30", "PAR-35"):
                status = "submitted"
            stamp = {"indicator_id": indicator.id, "period": quarter, "org_unit_id": indicator.responsible_unit_id,
                     "status": status, "review_comment": comment, "comment": "",
                     "entered_by_id": officer.id if officer and ours else None, "updated_at": now,
                     "reviewed_by_id": approver.id if approver and status in ("approved", "returned") else None,
                     "reviewed_at": now if status in ("approved", "returned") else None}
            for cell, weight in _cells(indicator):
                key, depth = cell
                if indicator.computed:
                    point = max(0.0, level + rng.uniform(-4, 4) * (1 if indicator.unit == "percentage" else 0.1))
                    denominator = rng.randint(200, 900) if indicator.code != "PAR-32" else rng.randint(40_000, 90_000)
                    numerator = min(denominator, round(denominator * point / indicator.factor))
                    rows.append({**stamp, "cell": key, "cell_depth": depth, "component": "numerator",
                                 "value": numerator})
                    rows.append({**stamp, "cell": key, "cell_depth": depth, "component": "denominator",
                                 "value": denominator})
                    continue
                if indicator.aggregation == "sum":
                    value = round(goal / quarters_total * factor * weight * rng.uniform(0.8, 1.2))
                else:
                    value = round(level * rng.uniform(0.97, 1.03), 1)
                rows.append({**stamp, "cell": key, "cell_depth": depth, "component": "value", "value": value})
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(DataValue), rows[start:start + 5000])


def _cells(indicator: Indicator) -> list[tuple[tuple[str, int], float]]:
    """The cells a value is reported in, with each cell's share of a count (the total when not disaggregated)."""
    dimensions = indicator.dimensions or {}
    if not dimensions:
        return [(("", 0), 1.0)]
    weights = {"female": 0.56, "male": 0.44}
    found = []
    for key in cells.full_cells(dimensions):
        parts = cells.parse(key)
        weight = weights.get(parts.get("sex", ""), 1.0) * (1 / len(REGIONS) if "region" in parts else 1.0)
        found.append(((key, len(parts)), weight))
    return found


def _activity_reports(nodes: dict[str, ResultNode], quarters: list[str], rng: random.Random,
                      officer: User | None) -> None:
    halves = sorted({f"{periods.parse(q).year}S{(periods.parse(q).index + 1) // 2}" for q in quarters
                     if periods.parse(q).index in (2, 4)}, key=periods.sort_key)
    for node in nodes.values():
        if node.level != 2:
            continue
        for half in halves:
            status = rng.choices(("fully", "mostly", "partially", "not"), weights=(4, 3, 2, 1))[0]
            db.session.add(ActivityReport(result_id=node.id, period=half, status=status,
                                          narrative=f"{node.title_en}: {status} implemented in {half}.",
                                          narrative_ka=f"{node.title_ka}: {data.IMPLEMENTATION_KA[status]} ({half}).",
                                          updated_by_id=officer.id if officer else None))
