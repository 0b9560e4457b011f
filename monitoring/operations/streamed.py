"""Importing a CSV too long to hold whole (more than ``IMPORT_MAX_ROWS`` rows): read and written chunk by chunk.

A million values held at once, as rows, entries and the stored values they meet, took 1.3 GB. Here the
file is read with the ``csv`` module ``CHUNK`` rows at a time; each chunk passes the same reading
(``imports.Plan``) and checks (``review_values``) as a whole file, and is written with ``write_values``
(COPY on PostgreSQL) before the next is read, so later chunks are checked against the earlier ones as
stored values. Everything happens inside one savepoint: a conflict anywhere, a malformed line or a dry
run rolls every chunk back, so the file is still imported completely or not at all. A dry run writes and
rolls back, so that it finds what the import would. After a conflict the chunks are still written (without
their refused values), so that the later ones are checked as a whole file is: a numerator and its denominator
in two chunks, a value and its earlier periods; the savepoint then rolls all of it back.

Duplicates across chunks are found with ``KeyLedger``: every key read so far as one exact 64-bit integer
(with its line) in sorted numpy arrays, about 12 bytes a value instead of a few hundred in a dict of tuples.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from flask import current_app

from common.audit import log_action
from common.directory.file_format import FileRefused
from common.extensions import db
from common.i18n import lazy_gettext as _l
from monitoring.operations.checks import Problem
from monitoring.operations.imports import COLUMNS, MAX_LISTED, REQUIRED, ImportResult, Plan, dimension_columns
from monitoring.operations.indicators import set_target
from monitoring.operations.store import write_values
from monitoring.operations.values import review_values

if TYPE_CHECKING:
    import numpy as np

CHUNK = 5_000  # rows read, checked and written at a time: large enough for COPY, small enough for memory
MERGE_EVERY = 16  # chunks of keys kept as separate sorted arrays before they are merged into one
COMPONENTS = {"value": 0, "numerator": 1, "denominator": 2}
PASSPORT = 3  # the component slot of a baseline's or target's key
# Bits of the 64-bit key: (indicator, cell) pair, period, org unit, component. Each part is numbered as first met.
PAIR_BITS, PERIOD_BITS, UNIT_BITS = 24, 14, 22


def import_long_csv(data: bytes, result: ImportResult, *, actor: Any, submit: bool, today: date | None) -> ImportResult:
    """Import a long CSV chunk by chunk, all or nothing (see the module docstring). The caller commits."""
    limit = current_app.config["IMPORT_MAX_STREAMED_ROWS"]
    if data.count(b"\n") > limit:
        result.problem = _l(
            "The file is too large to import: at most %(rows)d rows. Split it into smaller files.", rows=limit
        )
        return result
    if b"\x00" in data:
        result.problem = _l("This is not a CSV file. Upload a CSV (UTF-8) or an Excel .xlsx file.")
        return result
    savepoint = db.session.begin_nested()
    try:
        _Stream(result, actor, submit, today or date.today()).run(data)
    except FileRefused as refusal:
        result.problem = refusal.message
    if result.rejected or result.dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return result


class _Stream:
    """One streamed import: the plan (kept across chunks for its lookups), the ledger of keys, the counts."""

    def __init__(self, result: ImportResult, actor: Any, submit: bool, today: date) -> None:
        self.result, self.actor, self.submit, self.today = result, actor, submit, today
        self.ledger = KeyLedger()
        self.plan: _KeyedPlan | None = None  # made once the header row says which columns are disaggregations
        self.chunks = 0

    def run(self, data: bytes) -> None:
        rows = _rows(data)
        header = next(rows, None)
        if header is None:
            raise FileRefused(_l("The file is empty."))
        header = _header(header[1])
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            self.result.problem = _l(
                "Missing columns: %(columns)s. The columns are: %(all)s, and one per disaggregation.",
                columns=", ".join(missing),
                all=", ".join(COLUMNS),
            )
            return
        self.plan = _KeyedPlan(dimension_columns(header), self.actor, self.today)
        places = [header.index(name) if name in header else None for name in COLUMNS]
        dimensions = [header.index(name) for name in self.plan.dimension_columns]
        width, chunk = len(header), []
        for line, cells in rows:
            if len(cells) > width:
                raise FileRefused(
                    _l(
                        "Line %(line)d has %(seen)d values but the header row has %(expected)d. A value "
                        "holding the separator must be in double quotes.",
                        line=line,
                        seen=len(cells),
                        expected=width,
                    )
                )
            cells = [cell.strip() for cell in cells] + [""] * (width - len(cells))
            if not any(cells):
                continue
            chunk.append(
                (line, *(cells[i] if i is not None else "" for i in places), tuple(cells[i] for i in dimensions))
            )
            if len(chunk) == CHUNK:
                self.chunk(chunk)
                chunk = []
        if chunk:
            self.chunk(chunk)
        if not self.result.rows:
            raise FileRefused(_l("The file has a header row but no data rows."))
        if not self.result.rejected and not self.result.dry_run:
            result = self.result
            log_action(
                "monitoring",
                "import_values",
                None,
                f"Imported from {result.source}: {result.values} values, {result.targets} targets, "
                f"{result.baselines} baselines",
                actor=self.actor,
                changes={
                    "values": result.values,
                    "status": "submitted" if self.submit else "draft",
                    "chunks": self.chunks,
                },
            )

    def chunk(self, rows: list[tuple]) -> None:
        """Read, check and (while the file has no conflict) write one chunk of rows."""
        plan, result = self.plan, self.result
        plan.learn({row[1] for row in rows}, {row[3] for row in rows})
        for row in rows:
            plan.row(*row)
        duplicates = plan.settle(self.ledger)
        entries = [e for e in plan.entries if e.line not in duplicates] if duplicates else plan.entries
        review = review_values(entries, actor=self.actor, today=self.today)
        result.add_problems(plan.problems + review.problems)
        result.warnings += review.warnings[: max(0, MAX_LISTED - len(result.warnings))]
        result.rows += len(rows)
        result.values += len(entries)
        result.targets += len(plan.targets)
        result.baselines += len(plan.baselines)
        refused = {problem.key for problem in review.problems if problem.key is not None}
        self.write([e for e in entries if e.key not in refused] if refused else entries, review.stored)
        self.chunks += 1
        plan.start_chunk()

    def write(self, entries: list[Any], stored: dict) -> None:
        reason = f"Imported from {self.result.source}"
        for indicator, year, value in self.plan.baselines:
            indicator.baseline_value, indicator.baseline_year, indicator.baseline_not_available = value, year, False
        for indicator, period, value in self.plan.targets:
            set_target(indicator, period, value, actor=self.actor, reason=reason, check_access=False)
        if entries:
            write_values(
                entries,
                stored,
                status="submitted" if self.submit else "draft",
                actor_id=getattr(self.actor, "id", None),
                describe=False,
            )


def _rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of every row, the header being line 1, decoded as it is read (never the whole file at once)."""
    import csv

    first = data[: data.find(b"\n")] if b"\n" in data else data
    separator = ";" if first.count(b";") > first.count(b",") else ","
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    try:
        yield from enumerate(csv.reader(text, delimiter=separator), 1)
    except UnicodeDecodeError as error:
        raise FileRefused(_l('The file is not UTF-8 text. In Excel, save it as "CSV UTF-8".')) from error
    except csv.Error as error:
        raise FileRefused(_l("The file could not be read as CSV.")) from error


def _header(cells: list[str]) -> list[str]:
    header = [cell.strip().lower() or f"#{i + 1}" for i, cell in enumerate(cells)]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise FileRefused(_l("These columns appear more than once: %(columns)s.", columns=", ".join(repeated)))
    return header


class _KeyedPlan(Plan):
    """A plan that notes each key of a chunk as a 64-bit integer with its line, for ``KeyLedger``."""

    def __init__(self, dimensions: list[str], actor: Any, today: date) -> None:
        super().__init__(dimensions, actor, today)
        self.numbers: tuple[dict, dict, dict] = ({}, {}, {0: 0})  # (indicator, cell), period, unit -> number
        self.start_chunk()

    def start_chunk(self) -> None:
        self.entries, self.targets, self.baselines, self.problems, self.seen = [], [], [], [], {}

    def duplicate(self, line: int, key: tuple) -> bool:
        if len(key) == 3:  # (indicator, "baseline" or "target", period)
            key = (key[0], key[2], 0, f"\x00{key[1]}", None)
        pairs, periods, units = self.numbers
        pair = pairs.setdefault((key[0], key[3]), len(pairs))
        period = periods.setdefault(key[1], len(periods))
        unit = units.setdefault(key[2], len(units))
        if pair >> PAIR_BITS or period >> PERIOD_BITS or unit >> UNIT_BITS:
            raise FileRefused(
                _l(
                    "The file names too many different indicators, periods or org units to check in "
                    "one import. Split it into smaller files."
                )
            )
        number = (((pair << PERIOD_BITS | period) << UNIT_BITS | unit) << 2) | COMPONENTS.get(key[4], PASSPORT)
        return super().duplicate(line, number)

    def settle(self, ledger: KeyLedger) -> set[int]:
        """Flag this chunk's keys met in earlier chunks, add the new ones to ``ledger``; the duplicate lines."""
        import numpy as np

        keys = np.fromiter(self.seen, dtype=np.uint64, count=len(self.seen))
        lines = np.fromiter(self.seen.values(), dtype=np.uint32, count=len(self.seen))
        earlier = ledger.earlier(keys)
        found = earlier != 0
        for line, first in zip(lines[found].tolist(), earlier[found].tolist(), strict=True):
            self.problems.append(Problem("duplicate", _l("The same value is also on line %(line)d.", line=first), line))
        ledger.add(keys[~found], lines[~found])
        return set(lines[found].tolist())


class KeyLedger:
    """The keys read so far, each with its first line: sorted arrays, merged every ``MERGE_EVERY`` chunks."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted keys, their lines); the first is the merged

    def earlier(self, keys: np.ndarray) -> np.ndarray:
        """The line where each of ``keys`` was first read, 0 for a key not read before."""
        import numpy as np

        lines = np.zeros(len(keys), dtype=np.uint32)
        for known, known_lines in self.parts:
            if not len(known):
                continue
            at = np.minimum(np.searchsorted(known, keys), len(known) - 1)
            hit = known[at] == keys
            lines[hit] = known_lines[at[hit]]
        return lines

    def add(self, keys: np.ndarray, lines: np.ndarray) -> None:
        """Add keys not read before (each once) with their lines."""
        import numpy as np

        order = np.argsort(keys, kind="stable")
        self.parts.append((keys[order], lines[order]))
        if len(self.parts) > MERGE_EVERY:
            keys, lines = np.concatenate([p[0] for p in self.parts]), np.concatenate([p[1] for p in self.parts])
            order = np.argsort(keys, kind="stable")
            self.parts = [(keys[order], lines[order])]

    def __len__(self) -> int:
        return sum(len(part[0]) for part in self.parts)
