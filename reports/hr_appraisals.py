"""Appraisal completion and the distribution of final labels, for the HR figures of a unit and year.

From ``hrms.queries.appraisal_counts`` only. Completed means released to the employee (the label is
final for the report). Small groups are suppressed as everywhere (``reports.privacy``); a distribution
in which one label holds everyone would tell each person's label, so it is hidden entirely.
"""

from __future__ import annotations

from typing import Any

from common.directory import stats
from common.i18n import gettext as _
from common.models.base import localized
from hrms import queries as hq
from reports.labels import APPRAISAL_LABELS
from reports.privacy import HIDDEN, THRESHOLD, suppress, suppress_one, value

NONE = "–"


def _rate(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole >= THRESHOLD else NONE


def _shown(*cells: Any) -> bool:
    """A rate may be printed only when every count it is made of is printed: else it gives the hidden one away."""
    return all(isinstance(cell, int) for cell in cells)


def appraisal_figures(path: str, depth: int, year: int) -> dict[str, Any]:
    """Language-neutral, already suppressed figures; ``depth`` is the path index of the sub-units to group by."""
    rows, guidelines = hq.appraisal_counts(path, year)
    per_unit: dict[str, list[int]] = {}
    labels = dict.fromkeys(APPRAISAL_LABELS, 0)
    for unit_path, released, label, count in rows:
        parts = unit_path.strip("/").split("/")
        counts = per_unit.setdefault(parts[depth] if len(parts) > depth else "None", [0, 0])
        counts[0] += count
        counts[1] += count if released else 0
        if released and label in labels:
            labels[label] += count
    names = stats.units_by_id([int(key) for key in per_unit if key != "None"])
    unit_totals = suppress({key: c[0] for key, c in per_unit.items()})
    unit_done = suppress({key: c[1] for key, c in per_unit.items()})
    total, done = sum(c[0] for c in per_unit.values()), sum(c[1] for c in per_unit.values())
    cells = suppress(labels)
    if sum(1 for count in labels.values() if count) == 1:
        cells = dict.fromkeys(labels, HIDDEN)
    caps: dict[str, int] = {}
    for guideline in guidelines:
        for label, cap in guideline.items():
            caps[label] = min(cap, caps.get(label, cap))
    return {
        "total": suppress_one(total), "completed": suppress_one(done),
        "rate": _rate(done, total) if _shown(suppress_one(total), suppress_one(done)) else NONE,
        "by_unit": sorted(({"key": key, "code": names[int(key)].code if key != "None" else "",
                            "name_ka": names[int(key)].name_ka if key != "None" else None,
                            "name_en": names[int(key)].name_en if key != "None" else None,
                            "total": unit_totals[key], "completed": unit_done[key],
                            "rate": _rate(c, t) if _shown(unit_totals[key], unit_done[key]) else NONE}
                           for key, (t, c) in per_unit.items()), key=lambda r: (r["key"] != "None", r["code"])),
        "labels": [{"key": label, "n": cells[label],
                    "share": _rate(labels[label], done) if isinstance(cells[label], int) else NONE,
                    "cap": caps.get(label)} for label in APPRAISAL_LABELS],
    }


def appraisal_tables(figures: dict[str, Any], table: Any) -> list[Any]:
    """The completion table and the label table (``table`` is ``reports.tables.Table``)."""
    appraisals = figures["appraisals"]
    units = [[localized(r["name_ka"], r["name_en"]) if r["key"] != "None" else _("Staff of the unit itself"),
              r["total"], r["completed"], r["rate"]] for r in appraisals["by_unit"]]
    completion = table("appraisal_completion", _("Appraisal completion by unit"),
                       [_("Org unit"), _("Appraisals"), _("Completed"), _("Completion")],
                       [*units, [_("Total"), appraisals["total"], appraisals["completed"], appraisals["rate"]]],
                       [(str(r[0]), value(r[2])) for r in units])
    labels = [[str(APPRAISAL_LABELS[r["key"]]), r["n"], r["share"], f"{r['cap']}%" if r["cap"] is not None else NONE]
              for r in appraisals["labels"]]
    distribution = table("appraisal_labels", _("Final labels against the calibration guideline"),
                         [_("Final label"), _("People"), _("Share"), _("Guideline: at most")],
                         [*labels, [_("Total"), appraisals["completed"], NONE, NONE]],
                         [(r[0], value(r[1])) for r in labels])
    return [completion, distribution]
