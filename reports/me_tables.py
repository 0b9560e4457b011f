"""The M&E figures as captioned tables, in the reader's language: what the dashboard shows and the exports hold.

Cells hold numbers (floats, or None when missing), never formatted text: the dashboard formats them
(``reports.privacy.display``), the CSV and XLSX exports write them as numbers, units in their own column.
"""

from __future__ import annotations

from typing import Any

from common.i18n import gettext as _
from common.labels import INDICATOR_UNIT_LABELS as UNIT_LABELS
from common.models.base import localized
from reports.labels import LEVEL_LABELS, RAG_LABELS
from reports.me_figures import LEVELS, NO_REPORT, RAG, title
from reports.tables import Table

TABLE_KEYS = ("levels", "objectives", "agencies", "completeness", "indicators")


def _agency(row: dict[str, Any]) -> str:
    return f"{localized(row['name_ka'], row['name_en'])} ({row['code']})"


def _figure(value: float | None) -> float | None:
    """Two decimals, as the dashboard and the PDF show it: the same figure everywhere."""
    return None if value is None else round(float(value), 2)


def _percent(done: int, total: int) -> float | None:
    return round(100.0 * done / total, 1) if total else None


def me_tables(figures: dict[str, Any]) -> list[Table]:
    levels = [str(LEVEL_LABELS[level]) for level in (*LEVELS, NO_REPORT)]
    rags = [str(RAG_LABELS[r]) for r in RAG]
    as_of = figures["as_of"] or _("no reports yet")
    return [
        Table("levels", _("Implementation of activities"), [_("Level"), _("Activities")],
              [[str(LEVEL_LABELS[k]), v] for k, v in figures["levels"].items()]),
        Table("objectives", _("Status by objective"), [_("Objective"), *levels, *rags],
              [[f"{o['code']} {title(o)}", *o["levels"].values(), *(o["rag"][r] for r in RAG)]
               for o in figures["objectives"]]),
        Table("agencies", _("Status by agency"), [_("Agency"), *levels, *rags],
              [[_agency(a), *a["levels"].values(), *(a["rag"][r] for r in RAG)] for a in figures["agencies"]]),
        Table("completeness", _("Completeness of reporting by agency"),
              [_("Agency"), _("Indicators reported for their latest closed period"), _("Indicators"),
               _("Indicators reported (%)"), _("Activities reported for %(period)s", period=as_of), _("Activities"),
               _("Activities reported (%)")],
              [[_agency(a), a["indicators_reported"], a["indicators"],
                _percent(a["indicators_reported"], a["indicators"]), a["activities_reported"], a["activities"],
                _percent(a["activities_reported"], a["activities"])] for a in figures["agencies"]]),
        Table("indicators", _("Indicators"),
              [_("Indicator"), _("Baseline"), _("Target"), _("Actual"), _("Unit"), _("Status")],
              [[f"{i['code']} {title(i)}", _figure(i["baseline"]), _figure(i["target"]), _figure(i["actual"]),
                str(UNIT_LABELS.get(i["unit"], i["unit"])), str(RAG_LABELS[i["status"]])]
               for i in figures["indicators"]]),
    ]
