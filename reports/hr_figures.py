"""The HR figures of a unit and year: one data function behind the dashboard, the exports and the PDF.

``hr_figures`` checks the user's scope first, every time, then returns the cached figures (cached
per scope key, unit and year; retired when the directory changes). The figures are language-neutral
and already suppressed (``reports.privacy``); ``hr_tables`` turns them into captioned tables in the
reader's language. A dashboard cell, an export cell and a PDF cell are the same ``display(cell)``
of the same figures, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from common import cache
from common.directory import stats
from common.extensions import db
from common.i18n import gettext as _
from common.i18n import lazy_gettext as _l
from common.labels import GENDER_LABELS, POSITION_CATEGORY_LABELS
from common.models import OrgUnit
from common.models.base import localized
from common.permissions import can_read_hr_statistics, scope_paths
from reports.privacy import Cell, suppress, suppress_one, value
from reports.tables import Table

CACHE_NAMESPACE = "directory"
YEARS_SHOWN = 10  # hires and leavers: the chosen year and the nine before it
EARLIEST_YEAR = 1991
RANK_LABELS = {"1": "I", "2": "II", "3": "III", "4": "IV"}
AGE_BAND_LABELS = {"under_30": _l("Under 30"), "30_39": _l("30–39"), "40_49": _l("40–49"), "50_59": _l("50–59"),
                   "60_plus": _l("60 and over")}
TABLE_KEYS = ("by_unit", "by_rank", "by_category", "by_gender", "by_age_band", "movements", "appraisal_completion",
              "appraisal_labels")
APPRAISAL_KEYS = ("appraisal_completion", "appraisal_labels")


def resolve_unit(user: Any, unit_id: int | None) -> tuple[bool, OrgUnit | None]:
    """(allowed, unit): ``unit_id`` 0 or ``None`` asks for the whole civil service."""
    unit = db.session.get(OrgUnit, unit_id) if unit_id else None
    if unit_id and unit is None:
        return False, None
    return can_read_hr_statistics(user, unit), unit


def clamp_year(year: Any) -> int:
    today = date.today()
    try:
        year = int(year)
    except (TypeError, ValueError):
        return today.year
    return min(max(year, EARLIEST_YEAR), today.year)


def reference_date(year: int) -> date:
    """Headcounts are taken on 31 December of the year, or today for the current year."""
    return min(date(year, 12, 31), date.today())


def hr_figures(user: Any, unit_id: int | None, year: Any) -> dict[str, Any] | None:
    """The figures of ``unit_id`` (0: whole civil service) for ``year``, or ``None`` outside the user's scope."""
    allowed, unit = resolve_unit(user, unit_id)
    if not allowed:
        return None
    year = clamp_year(year)
    key = f"hr:{cache.scope_key(user, 'reports.hr')}:{unit.id if unit else 0}:{year}"
    return cache.cached(CACHE_NAMESPACE, key, lambda: _compute(unit, year))


def hr_cached(user: Any, unit_id: int, year: Any, name: str, compute: Callable[[int, int], Any]) -> Any:
    """``compute(unit id, year)`` kept as ``hr_figures`` keeps the figures, or ``None`` outside the user's scope.

    For what is derived from the figures (a dashboard view in one language): the scope is checked first, every time,
    as ``hr_figures`` checks it, and the key holds everything the figures' key holds, so an entry is shared by exactly
    the users who share the figures and retired by the same changes to the directory."""
    allowed, unit = resolve_unit(user, unit_id)
    if not allowed:
        return None
    year, number = clamp_year(year), unit.id if unit else 0
    key = f"hr:{cache.scope_key(user, 'reports.hr')}:{number}:{year}:{name}"
    return cache.cached(CACHE_NAMESPACE, key, lambda: compute(number, year))


def _compute(unit: OrgUnit | None, year: int) -> dict[str, Any]:
    on = reference_date(year)
    path, depth = (unit.path, unit.depth + 1) if unit else ("", 0)
    by_unit = stats.headcount_by_unit(path, depth, on)
    children = stats.units_by_id([key for key in by_unit if key is not None])
    unit_cells = suppress({str(key): count for key, count in by_unit.items()})
    figures: dict[str, Any] = {
        "unit": {"id": unit.id, "code": unit.code, "name_ka": unit.name_ka, "name_en": unit.name_en} if unit else None,
        "year": year, "on": on.isoformat(), "total": suppress_one(sum(by_unit.values())),
        "by_unit": sorted(({"key": key, "code": children[int(key)].code if key != "None" else "",
                            "name_ka": children[int(key)].name_ka if key != "None" else None,
                            "name_en": children[int(key)].name_en if key != "None" else None, "n": cell}
                           for key, cell in unit_cells.items()), key=lambda row: (row["key"] != "None", row["code"])),
    }
    for dimension in stats.DIMENSIONS:
        cells = suppress(stats.headcount_by(path, on, dimension))
        figures[f"by_{dimension}"] = [{"key": key, "n": cell} for key, cell in cells.items()]
    moves = stats.movements_by_year(path, year - YEARS_SHOWN + 1, year)
    figures["movements"] = [{"year": y, "hires": suppress_one(h), "leavers": suppress_one(n)}
                            for y, (h, n) in sorted(moves.items())]
    from reports.hr_appraisals import appraisal_figures

    figures["appraisals"] = appraisal_figures(path, depth, year)
    from reports.hr_training import training_figures

    figures["training"] = training_figures(path, depth, year)
    return figures


def unit_label(figures: dict[str, Any]) -> str:
    unit = figures["unit"]
    return localized(unit["name_ka"], unit["name_en"]) if unit else _("Whole civil service")


def _ordered(rows: list[dict[str, Any]], order: list[str], labels: dict[str, Any]) -> list[list[Cell]]:
    rank = {key: i for i, key in enumerate(order)}
    rows = sorted(rows, key=lambda row: (row["key"] == "unknown", rank.get(row["key"], len(rank)), row["key"]))
    return [[str(labels.get(row["key"], row["key"])) if row["key"] != "unknown" else _("Not recorded"), row["n"]]
            for row in rows]


def hr_tables(figures: dict[str, Any]) -> list[Table]:
    """The figures as tables, in the current language, in the order the dashboard and the PDF show them."""
    total = [_("Total"), figures["total"]]
    units = [[localized(row["name_ka"], row["name_en"]) if row["key"] != "None" else _("Staff of the unit itself"),
              row["n"]] for row in figures["by_unit"]]
    breakdowns = {
        "by_unit": (_("Headcount by unit"), _("Org unit"), units),
        "by_rank": (_("Headcount by rank"), _("Rank"), _ordered(figures["by_rank"], list(RANK_LABELS), RANK_LABELS)),
        "by_category": (_("Headcount by category"), _("Category"),
                        _ordered(figures["by_category"], list(POSITION_CATEGORY_LABELS), POSITION_CATEGORY_LABELS)),
        "by_gender": (_("Headcount by gender"), _("Gender"),
                      _ordered(figures["by_gender"], list(GENDER_LABELS), GENDER_LABELS)),
        "by_age_band": (_("Headcount by age"), _("Age"),
                        _ordered(figures["by_age_band"], list(AGE_BAND_LABELS), AGE_BAND_LABELS)),
    }
    tables = [Table(key, title, [column, _("People")], [*rows, total], [(str(r[0]), value(r[1])) for r in rows])
              for key, (title, column, rows) in breakdowns.items()]
    moves = [[str(row["year"]), row["hires"], row["leavers"]] for row in figures["movements"]]
    tables.append(Table("movements", _("Hires and leavers by year"), [_("Year"), _("Hires"), _("Leavers")], moves,
                        [(row[0], value(row[1])) for row in moves]))
    from reports.hr_appraisals import appraisal_tables

    tables.extend(appraisal_tables(figures, Table))
    return tables


def hr_table(figures: dict[str, Any], key: str) -> Table:
    return next(table for table in hr_tables(figures) if table.key == key)


def default_unit_id(user: Any) -> int:
    """The unit a dashboard opens on: the whole civil service for unscoped users, else the top of their scope."""
    paths = scope_paths(user, "reports.hr")
    if not paths:
        return 0
    top = min(paths, key=lambda path: (path.count("/"), path))
    return int(top.strip("/").split("/")[-1])


def year_choices() -> list[int]:
    this_year = date.today().year
    return list(range(this_year, this_year - 15, -1))
