"""Importing baselines, targets and actual values from one long-format file (CSV or XLSX), or from the API.

Columns: ``indicator_code, period, org_unit_code, <one per disaggregation>, value_type, value, comment``,
``value_type`` being baseline, target, actual, or numerator/denominator for a computed indicator.
All or nothing: every row is checked first, and the conflicts are reported grouped by kind (unknown
code, duplicate row, closed period, invalid value, locked value, outside the agency), each with its
lines. The file is read by the directory importer's ``read_table``, so both imports accept the same files.
That importer and pandas are imported when a file or batch is actually read, not with the web process.
A CSV longer than ``IMPORT_MAX_ROWS`` is read in chunks instead (``streamed``), within ``IMPORT_MAX_STREAMED_ROWS``.
At most ``MAX_LISTED`` lines of each kind of conflict are kept; the rest are counted (``ImportResult.omitted``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from common.directory.file_format import FileRefused
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models import OrgUnit
from common.permissions import can_manage_indicator
from monitoring import cells, periods
from monitoring.models import Indicator
from monitoring.operations.checks import KINDS, Entry, Problem
from monitoring.operations.indicators import outside_document, set_target, within_document
from monitoring.operations.values import record_values, review_values

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ("indicator_code", "period", "org_unit_code", "value_type", "value", "comment")  # in _Plan.row's order
REQUIRED = ("indicator_code", "period", "value_type", "value")
INFORMATIVE = ("unit",)  # written by the open-data file so that a reader knows the unit; ignored on import
VALUE_TYPES = ("baseline", "target", "actual", "numerator", "denominator")
YES_NO = {"yes": 1.0, "no": 0.0, "true": 1.0, "false": 0.0, "კი": 1.0, "არა": 0.0}
MAX_LISTED = 1000  # lines kept per kind of conflict: a report of a million bad lines helps nobody, and costs memory


@dataclass
class ImportResult:
    source: str
    dry_run: bool = False
    problem: Any = None  # the file as a whole was refused
    conflicts: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)  # kind -> (line, message)
    omitted: dict[str, int] = field(default_factory=dict)  # kind -> how many more problems were not kept
    capped: bool = True  # files keep MAX_LISTED lines per kind; the API (at most 50,000 items) answers every one
    warnings: list[Problem] = field(default_factory=list)
    rows: int = 0
    values: int = 0
    targets: int = 0
    baselines: int = 0

    @property
    def rejected(self) -> bool:
        return self.problem is not None or bool(self.conflicts)

    @property
    def bad_lines(self) -> list[int]:
        return sorted({line for found in self.conflicts.values() for line, _message in found})

    @property
    def bad_line_count(self) -> int:
        """The lines with problems: those listed, plus the problems past ``MAX_LISTED`` (one line each, at most)."""
        return len(self.bad_lines) + sum(self.omitted.values())

    def add_problems(self, problems: list[Problem]) -> None:
        """Keep ``problems`` by kind, in line order, up to ``MAX_LISTED`` per kind; count the rest.

        A streamed import calls this chunk after chunk, in line order, so the lines kept are the first ones."""
        for problem in sorted(problems, key=lambda p: (KINDS.index(p.kind), p.line or 0)):
            found = self.conflicts.setdefault(problem.kind, [])
            if not self.capped or len(found) < MAX_LISTED:
                found.append((problem.line or 0, problem.message))
            else:
                self.omitted[problem.kind] = self.omitted.get(problem.kind, 0) + 1


def import_file(data: bytes, filename: str, *, actor: Any, submit: bool = True, dry_run: bool = False,
                today: date | None = None) -> ImportResult:
    """Read a CSV or XLSX upload and import it (see the module docstring). The caller commits or rolls back."""
    from flask import current_app

    result = ImportResult(source=filename[:200], dry_run=dry_run)
    if filename.lower().endswith(".csv") and data.count(b"\n") > current_app.config["IMPORT_MAX_ROWS"]:
        from monitoring.operations.streamed import import_long_csv  # without pandas: 60 MB less for a worker

        return import_long_csv(data, result, actor=actor, submit=submit, today=today)
    from common.directory.importer import read_table

    try:
        table = read_table(data, filename)
    except FileRefused as refusal:
        result.problem = refusal.message
        return result
    return import_table(table, result, actor=actor, submit=submit, today=today)


def import_rows(rows: list[dict[str, Any]], *, actor: Any, submit: bool = True, dry_run: bool = False,
                today: date | None = None) -> ImportResult:
    """The API's way in: the same rows as a file's, as dicts (``disaggregation`` may hold a dict); item 1 is line 1."""
    import pandas as pd

    flat = []
    for row in rows:
        row = dict(row)
        cell = row.pop("disaggregation", None) or {}
        merged = {**cell, **row} if isinstance(cell, dict) else row
        flat.append({str(k): "" if v is None else str(v).strip() for k, v in merged.items()})
    result = ImportResult(source="API", dry_run=dry_run, capped=False)
    table = pd.DataFrame(flat, index=range(1, len(flat) + 1), columns=None if flat else list(REQUIRED)).fillna("")
    return import_table(table, result, actor=actor, submit=submit, today=today)


def import_table(table: pd.DataFrame, result: ImportResult, *, actor: Any, submit: bool,
                 today: date | None) -> ImportResult:
    today = today or date.today()
    missing = [name for name in REQUIRED if name not in table.columns]
    if missing:
        result.problem = _l("Missing columns: %(columns)s. The columns are: %(all)s, and one per disaggregation.",
                            columns=", ".join(missing), all=", ".join(COLUMNS))
        return result
    result.rows = len(table)
    plan = Plan(dimension_columns(table.columns), actor, today)
    plan.learn(set(table["indicator_code"]), set(table["org_unit_code"]) if "org_unit_code" in table.columns else ())
    problems = plan.read(table)
    review = review_values(plan.entries, actor=actor, today=today)
    problems += review.problems
    result.warnings = review.warnings
    result.add_problems(problems)
    result.values, result.targets, result.baselines = len(plan.entries), len(plan.targets), len(plan.baselines)
    if result.rejected or result.dry_run:
        return result
    reason = f"Imported from {result.source}"
    for indicator, year, value in plan.baselines:
        indicator.baseline_value, indicator.baseline_year, indicator.baseline_not_available = value, year, False
    for indicator, period, value in plan.targets:
        set_target(indicator, period, value, actor=actor, reason=reason, check_access=False)
    if plan.entries:
        record_values(plan.entries, actor=actor, submit=submit, today=today, review=review,
                      audit_summary=f"{reason}: {len(plan.entries)} values, {len(plan.targets)} targets, "
                                    f"{len(plan.baselines)} baselines")
    return result


def dimension_columns(columns: Any) -> list[str]:
    """The columns of a file that name a disaggregation (all but the known and the informative ones)."""
    return [c for c in columns if c not in COLUMNS and c not in INFORMATIVE]


class Plan:
    """Turns rows into entries, targets and baselines, noting every problem with its line.

    ``learn`` loads the indicators and org units that rows name; a streamed import calls it once per chunk."""

    def __init__(self, dimensions: list[str], actor: Any, today: date) -> None:
        self.actor, self.today = actor, today
        self.dimension_columns = dimensions
        # code -> (indicator, id, computed, frequency): plain values, read once, not once per row from the ORM
        self.indicators: dict[str, tuple[Indicator, int, bool, str | None]] = {}
        self.units: dict[str, tuple[OrgUnit, int]] = {}
        self.asked: set[str] = set()  # codes (lower case, indicator codes marked "i:") already looked up
        self.entries: list[Entry] = []
        self.targets: list[tuple[Indicator, str, float]] = []
        self.baselines: list[tuple[Indicator, int, float]] = []
        self.problems: list[Problem] = []
        self.seen: dict[tuple, int] = {}
        self.allowed: dict[int, bool] = {}
        self.cells: dict[tuple[int, tuple[str, ...]], Any] = {}  # (indicator, dimension texts) -> key or problem

    def learn(self, codes: Any, unit_codes: Any) -> None:
        """Load the indicators and org units of these codes that were not looked up before."""
        codes = {c for c in codes if f"i:{c.lower()}" not in self.asked}
        unit_codes = {c for c in unit_codes if c.lower() not in self.asked}
        self.asked |= {f"i:{c.lower()}" for c in codes} | {c.lower() for c in unit_codes}
        if codes:
            self.indicators.update({i.code.lower(): (i, i.id, i.computed, i.frequency) for i in db.session.execute(
                select(Indicator).where(Indicator.code.in_(codes | {c.upper() for c in codes}))
                .options(joinedload(Indicator.document), joinedload(Indicator.responsible_unit))).scalars()})
        if unit_codes:
            self.units.update({u.code.lower(): (u, u.id) for u in db.session.execute(
                select(OrgUnit).where(OrgUnit.code.in_(unit_codes | {c.upper() for c in unit_codes}))).scalars()})

    def flag(self, kind: str, line: int, message: Any) -> None:
        self.problems.append(Problem(kind, message, line))

    def read(self, table: pd.DataFrame) -> list[Problem]:
        # Column by column into plain lists, zipped into rows: far cheaper than a dict per DataFrame record.
        size = len(table)

        def column(name: str) -> list[str]:
            return [str(v).strip() for v in table[name].tolist()] if name in table.columns else [""] * size

        cells = zip(*(column(name) for name in self.dimension_columns), strict=True) if self.dimension_columns \
            else [()] * size
        for row in zip(table.index.tolist(), *(column(name) for name in COLUMNS), cells, strict=True):
            self.row(int(row[0]), *row[1:])
        return self.problems

    def row(self, line: int, code: str, period_text: str, unit_code: str, value_type: str, value_text: str,
            comment: str, cell_texts: tuple[str, ...]) -> None:
        found = self.indicators.get(code.lower())
        if found is None:
            return self.flag("unknown", line, _l("No indicator has the code %(code)s.", code=code or "—"))
        indicator, indicator_id, computed, frequency = found
        kind = value_type.lower()
        if kind not in VALUE_TYPES:
            return self.flag("invalid", line, _l("The value type is one of: %(types)s.", types=", ".join(VALUE_TYPES)))
        period = periods.parse(period_text)
        if period is None:
            return self.flag("invalid", line, _l("%(period)s is not a period: write 2025, 2025S1, 2025Q1 or 2025-01.",
                                                 period=period_text or "—"))
        cell = self.cell(line, indicator, indicator_id, cell_texts)
        value = self.number(line, indicator, value_text)
        if cell is None or value is None:
            return None
        if kind in ("baseline", "target"):
            return self.passport_row(line, indicator, kind, period, cell, value)
        unit, unit_id = self.units.get(unit_code.lower(), (None, None))
        if unit is None:
            return self.flag("unknown", line, _l("No org unit has the code %(code)s.", code=unit_code or "—"))
        if (kind == "actual") == computed:
            return self.flag("invalid", line, _l("%(code)s is computed: give its numerator and denominator rows.",
                                                 code=indicator.code) if computed else
                             _l("%(code)s is not computed: give its value as an actual row.", code=indicator.code))
        if frequency and period.frequency != frequency:
            return self.flag("invalid", line, _l("%(code)s is reported %(frequency)s; %(period)s is not such a period.",
                                                 code=indicator.code, frequency=frequency, period=period.code))
        component = "value" if kind == "actual" else kind
        key = (indicator_id, period.code, unit_id, cell[0], component)
        if self.duplicate(line, key):
            return None
        entry = Entry(indicator, period.code, unit, value, cell[0], cell[1], component, comment[:2000], line)
        entry.__dict__["key"] = key  # the cached ``Entry.key``, known here without reading the ORM objects again
        self.entries.append(entry)
        return None

    def passport_row(self, line: int, indicator: Indicator, kind: str, period: periods.Period,
                     cell: tuple[str, int], value: float) -> None:
        if cell[0]:
            return self.flag("invalid", line, _l("Baselines and targets are for the indicator as a whole: leave the "
                                                 "disaggregation columns empty."))
        if kind == "baseline" and period.frequency != "annual":
            return self.flag("invalid", line, _l("A baseline is for a year: write the period as 2022."))
        if indicator.unit == "percentage" and not 0 <= value <= 100:
            return self.flag("invalid", line, _l("A percentage is between 0 and 100."))
        if self.actor is not None and not self.allowed.setdefault(
                indicator.id, can_manage_indicator(self.actor, indicator, indicator.document)):
            return self.flag("scope", line, _l("Only the responsible agency's M&E officers may set the baseline and "
                                               "targets of %(code)s.", code=indicator.code))
        if kind == "target" and not within_document(indicator.document, period):
            return self.flag("invalid", line, outside_document(indicator.document, period.code))
        if self.duplicate(line, (indicator.id, kind, period.code)):
            return None
        if kind == "baseline":
            self.baselines.append((indicator, period.year, value))
        else:
            self.targets.append((indicator, period.code, value))
        return None

    def duplicate(self, line: int, key: tuple) -> bool:
        first = self.seen.setdefault(key, line)
        if first != line:
            self.flag("duplicate", line, _l("The same value is also on line %(line)d.", line=first))
        return first != line

    def cell(self, line: int, indicator: Indicator, indicator_id: int,
             texts: tuple[str, ...]) -> tuple[str, int] | None:
        found = self.cells.get((indicator_id, texts))  # a file repeats the same few cells of an indicator
        if found is None:
            found = self.cells[(indicator_id, texts)] = self._cell(indicator, texts)
        if isinstance(found, tuple):
            return found
        self.flag("unknown", line, found)
        return None

    def _cell(self, indicator: Indicator, texts: tuple[str, ...]) -> tuple[str, int] | Any:
        """The cell's key, or the message saying why these texts name no cell of ``indicator``."""
        chosen = {}
        for column, text in zip(self.dimension_columns, texts, strict=True):
            if not text:
                continue
            allowed = {value.lower(): value for value in (indicator.dimensions or {}).get(column, [])}
            if not allowed:
                return _l("%(code)s is not disaggregated by %(dimension)s.", code=indicator.code, dimension=column)
            if text.lower() not in allowed:
                return _l("%(value)s is not one of the values of %(dimension)s: %(values)s.", value=text,
                          dimension=column, values=", ".join(allowed.values()))
            chosen[column] = allowed[text.lower()]
        return cells.key(chosen)

    def number(self, line: int, indicator: Indicator, text: str) -> float | None:
        try:  # most values are plain numbers: what the cleaning below would read the same way
            value = float(text)
        except ValueError:
            value = None
        if value is None:
            cleaned = text.replace("\u00a0", "").replace(" ", "").rstrip("%").replace(",", ".")
            if indicator.unit == "yes_no" and cleaned.lower() in YES_NO:
                return YES_NO[cleaned.lower()]
            try:
                value = float(cleaned)
            except ValueError:
                self.flag("invalid", line, _l("%(value)s is not a number.", value=text or "—"))
                return None
        if value != value or value in (float("inf"), float("-inf")):
            self.flag("invalid", line, _l("%(value)s is not a number.", value=text))
            return None
        return value


def group_lines(result: ImportResult) -> dict[str, list[int]]:
    """Kind -> the lines with that kind of conflict (what the report and the API list)."""
    grouped: dict[str, set[int]] = defaultdict(set)
    for kind, found in result.conflicts.items():
        grouped[kind].update(line for line, _message in found)
    return {kind: sorted(lines) for kind, lines in grouped.items()}
