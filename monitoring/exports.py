"""Open data: a document's baselines, targets and approved values in the import file's shape."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from common.extensions import db
from common.models import OrgUnit
from monitoring import periods
from monitoring.cells import parse as cells_parse
from monitoring.models import DataValue, Indicator, PolicyDocument
from monitoring.operations.indicators import current_targets


def open_data(document: PolicyDocument, *, with_comments: bool = False) -> tuple[list[str], list[list[Any]]]:
    """Baselines, targets in force and approved values in the import file's shape (it can be imported back).

    The public file leaves comments out: they are free text from officers and may name people.
    """
    indicators = list(db.session.execute(select(Indicator).where(Indicator.document_id == document.id,
                                                                  Indicator.status == "approved")
                                         .order_by(Indicator.code)).scalars())
    dimensions = sorted({name for i in indicators for name in (i.dimensions or {})})
    # "unit" is its own column (number, percentage, currency, yes_no): values carry no "%" or "₾" (import ignores it).
    headers = ["indicator_code", "period", "org_unit_code", *dimensions, "value_type", "value", "unit", "comment"]
    blank = [""] * len(dimensions)
    rows: list[list[Any]] = []
    targets = current_targets([i.id for i in indicators])
    by_id = {i.id: i for i in indicators}
    for indicator in indicators:
        if indicator.baseline_value is not None and indicator.baseline_year:
            rows.append([indicator.code, str(indicator.baseline_year), "", *blank, "baseline",
                         indicator.baseline_value, _unit(indicator), ""])
        for period in sorted(targets.get(indicator.id, {}), key=periods.sort_key):
            rows.append([indicator.code, period, "", *blank, "target", targets[indicator.id][period].value,
                         _unit(indicator), ""])
    if indicators:
        stmt = (select(DataValue, OrgUnit.code).join(OrgUnit, OrgUnit.id == DataValue.org_unit_id)
                .where(DataValue.indicator_id.in_(list(by_id)), DataValue.status == "approved")
                .order_by(DataValue.indicator_id, DataValue.period, OrgUnit.code, DataValue.cell, DataValue.component))
        for value, unit_code in db.session.execute(stmt):
            cell = cells_parse(value.cell)
            rows.append([by_id[value.indicator_id].code, value.period, unit_code,
                         *(cell.get(name, "") for name in dimensions),
                         "actual" if value.component == "value" else value.component, value.value,
                         _unit(by_id[value.indicator_id], value.component), value.comment if with_comments else ""])
    return headers, rows


def _unit(indicator: Indicator, component: str = "value") -> str:
    """The unit of a figure; a computed indicator's numerator and denominator are counts."""
    return indicator.unit if component == "value" else "number"

