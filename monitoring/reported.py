"""What each org unit reported for an indicator, period by period: the indicator page's table of entries, the
public page's, and the units whose values (and evidence) a reader may reach."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from common.extensions import db
from common.models import OrgUnit
from common.permissions import unapproved_scope
from monitoring import periods
from monitoring import progress as pg
from monitoring.models import DataValue, Indicator, PolicyDocument
from monitoring.sums import APPROVED, spec_of


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
