"""The M&E figures as captioned tables, in the reader's language: what the dashboard shows and the exports hold."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from common.models.base import localized
from reports.labels import LEVEL_LABELS, RAG_LABELS
from reports.me_figures import LEVELS, NO_REPORT, RAG, number, share, title
from reports.tables import Table

TABLE_KEYS = ("levels", "objectives", "agencies", "completeness", "indicators")


def _agency(row: dict[str, Any]) -> str:
    return f"{localized(row['name_ka'], row['name_en'])} ({row['code']})"


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
              [_("Agency"), _("Indicators reported for their latest closed period"),
               _("Activities reported for %(period)s", period=as_of)],
              [[_agency(a), f"{a['indicators_reported']} / {a['indicators']} "
                f"({share(a['indicators_reported'], a['indicators'])})",
                f"{a['activities_reported']} / {a['activities']} ({share(a['activities_reported'], a['activities'])})"]
               for a in figures["agencies"]]),
        Table("indicators", _("Indicators"), [_("Indicator"), _("Baseline"), _("Target"), _("Actual"), _("Status")],
              [[f"{i['code']} {title(i)}", number(i["baseline"]), number(i["target"]), number(i["actual"]),
                str(RAG_LABELS[i["status"]])] for i in figures["indicators"]]),
    ]
