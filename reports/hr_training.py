"""The training section of the HR report: professional-development hours of a unit's staff in a year.

From ``hrms.queries.training_hours`` only (the development record: completed courses and approved external
training). People are counted once per sub-unit; a sub-unit with fewer than five people trained shows neither
its count nor its hours (``reports.privacy``), since the hours of two people would tell each one's.
"""

from __future__ import annotations

from typing import Any

from common.directory import stats
from common.i18n import gettext as _
from common.models.base import localized
from hrms import queries as hq
from reports.privacy import suppress, suppress_one, value

NONE = "–"


def _hours(hours: float, people: Any) -> str:
    return f"{hours:.1f}" if isinstance(people, int) else NONE


def _per_person(hours: float, people: Any) -> str:
    return f"{hours / people:.1f}" if isinstance(people, int) and people else NONE


def training_figures(path: str, depth: int, year: int) -> dict[str, Any]:
    """Language-neutral, already suppressed figures; ``depth`` is the path index of the sub-units to group by."""
    per_unit: dict[str, list[float]] = {}
    for unit_path, people, hours in hq.training_hours(path, year):
        parts = unit_path.strip("/").split("/")
        counts = per_unit.setdefault(parts[depth] if len(parts) > depth else "None", [0, 0.0])
        counts[0] += people
        counts[1] += hours
    names = stats.units_by_id([int(key) for key in per_unit if key != "None"])
    cells = suppress({key: int(c[0]) for key, c in per_unit.items()})
    people, hours = int(sum(c[0] for c in per_unit.values())), sum(c[1] for c in per_unit.values())
    total = suppress_one(people)
    return {
        "people": total, "hours": _hours(hours, total), "per_person": _per_person(hours, total),
        "by_unit": sorted(({"key": key, "code": names[int(key)].code if key != "None" else "",
                            "name_ka": names[int(key)].name_ka if key != "None" else None,
                            "name_en": names[int(key)].name_en if key != "None" else None,
                            "people": cells[key], "hours": _hours(c[1], cells[key]),
                            "per_person": _per_person(c[1], cells[key])}
                           for key, c in per_unit.items()), key=lambda r: (r["key"] != "None", r["code"])),
    }


def training_table(figures: dict[str, Any], table: Any) -> Any:
    """The hours by unit (``table`` is ``reports.tables.Table``); ``None`` for figures cached before training."""
    training = figures.get("training")
    if training is None:
        return None
    units = [[localized(r["name_ka"], r["name_en"]) if r["key"] != "None" else _("Staff of the unit itself"),
              r["people"], r["hours"], r["per_person"]] for r in training["by_unit"]]
    return table("training_hours", _("Professional development hours by unit"),
                 [_("Org unit"), _("People trained"), _("Hours"), _("Hours per person trained")],
                 [*units, [_("Total"), training["people"], training["hours"], training["per_person"]]],
                 [(str(r[0]), value(r[1])) for r in units])
