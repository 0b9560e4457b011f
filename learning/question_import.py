"""Reading questions from a spreadsheet (XLSX or CSV) for a shared question bank.

One question per row, under a header row naming the columns (any order, any case):

- ``type``: single, multiple, true_false, matching or numeric;
- ``question_ka``, ``question_en``: the question (one of them at least; the other falls back to it);
- ``options_ka``, ``options_en``: the answers separated by ``|``; for matching, each ``term = match``;
- ``correct``: the number of the correct option (single), numbers separated by commas (multiple),
  ``true``/``false`` (true_false), the number (numeric; a decimal comma is fine); empty for matching;
- ``tolerance``, ``points``, ``feedback_ka``, ``feedback_en``: optional.

XLSX files are read by ``common.spreadsheet.read_xlsx`` within the import limits (``IMPORT_MAX_ROWS``,
``IMPORT_MAX_CELLS``, ``IMPORT_MAX_SECONDS``), CSV files within the same row and cell bounds. A ``.gift`` (or
``.txt``) file is Moodle's GIFT text format (``learning.gift``). Nothing here
writes: ``parse_questions`` returns the rows as ``save_question`` takes them, or every row's errors at once.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from common.errors import OperationError
from common.i18n import lazy_gettext as _l
from common.spreadsheet import Limits, SpreadsheetRefused, read_xlsx
from learning.gift import parse_gift
from learning.models import QUESTION_KINDS

COLUMNS = ("type", "question_ka", "question_en", "options_ka", "options_en", "correct", "tolerance", "points",
           "feedback_ka", "feedback_en")
TRUE, FALSE = {"true", "yes", "1", "სწორია", "ჭეშმარიტი"}, {"false", "no", "0", "მცდარია"}


class ImportRefused(OperationError):
    """The file cannot be imported; ``errors`` lists every problem found (row by row), nothing was saved."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(_l("Nothing was imported: correct these problems and upload the file again."))
        self.errors = errors


@dataclass
class ParsedQuestion:
    row: int  # the spreadsheet's row, or the first line of a GIFT question
    values: dict[str, Any]
    choices: list[dict[str, Any]] = field(default_factory=list)
    gift: bool = False

    def problem(self, text: str) -> str:
        """``text`` said of this question, located as its file locates it."""
        if self.gift:
            return str(_l("Question on line %(line)d: %(problem)s", line=self.row, problem=text))
        return str(_l("Row %(row)d: %(problem)s", row=self.row, problem=text))


def _table(data: bytes, filename: str) -> list[list[str]]:
    limits = Limits.from_config()
    if filename.lower().endswith(".xlsx"):
        try:
            return read_xlsx(data, limits)
        except SpreadsheetRefused as error:
            raise ImportRefused([str(error)]) from error
        except Exception as error:  # a damaged workbook fails in many ways, all meaning "unreadable"
            raise ImportRefused([str(_l("The file could not be read as an Excel workbook (.xlsx)."))]) from error
    if not filename.lower().endswith(".csv"):
        raise ImportRefused([str(_l("Upload an Excel workbook (.xlsx), a CSV file (.csv) or a GIFT file (.gift, "
                                    ".txt)."))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused([str(_l("The CSV file is not UTF-8 text. Save it as \"CSV UTF-8\"."))]) from error
    separator = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=separator))
    if len(rows) > limits.rows or sum(len(r) for r in rows) > limits.cells:
        raise ImportRefused([str(_l("The spreadsheet is too large to import: at most %(rows)d rows and %(cells)d "
                                    "cells. Split it into smaller files.", rows=limits.rows, cells=limits.cells))])
    return rows


def _options(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split("|") if part.strip()]


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", ".")) if text and text.strip() else None
    except ValueError:
        return None


def _row(number: int, cell: dict[str, str]) -> tuple[ParsedQuestion | None, list[str]]:
    errors: list[str] = []
    kind = cell.get("type", "").strip().lower().replace("-", "_").replace(" ", "_")
    text_ka, text_en = cell.get("question_ka", "").strip(), cell.get("question_en", "").strip()
    if kind not in QUESTION_KINDS:
        errors.append(str(_l("type must be one of: %(kinds)s.", kinds=", ".join(QUESTION_KINDS))))
    if not (text_ka or text_en):
        errors.append(str(_l("the question is empty (question_ka or question_en).")))
    points = _number(cell.get("points", "")) if cell.get("points", "").strip() else 1
    if points is None or points != int(points) or not 1 <= points <= 100:
        errors.append(str(_l("points must be a whole number from 1 to 100.")))
    values: dict[str, Any] = {"kind": kind, "text_ka": text_ka or text_en, "text_en": text_en or text_ka,
                              "feedback_ka": cell.get("feedback_ka", "").strip(),
                              "feedback_en": cell.get("feedback_en", "").strip(), "points": int(points or 1),
                              "active": True, "numeric_tolerance": 0.0}
    options_ka, options_en = _options(cell.get("options_ka", "")), _options(cell.get("options_en", ""))
    options = options_en or options_ka
    if options_ka and options_en and len(options_ka) != len(options_en):
        errors.append(str(_l("options_ka and options_en have different numbers of options.")))
    correct = cell.get("correct", "").strip()
    choices: list[dict[str, Any]] = []
    if kind in ("single", "multiple"):
        picked = [_number(part) for part in correct.replace(";", ",").split(",") if part.strip()]
        if not options:
            errors.append(str(_l("give the options, separated by |.")))
        elif not picked or any(p is None or p != int(p) or not 1 <= p <= len(options) for p in picked):
            errors.append(str(_l("correct must give option numbers from 1 to %(n)d.", n=len(options))))
        else:
            marked = {int(p) for p in picked}  # type: ignore[arg-type]
            choices = [{"text_ka": (options_ka or options)[i], "text_en": options[i], "correct": i + 1 in marked}
                       for i in range(len(options))]
    elif kind == "true_false":
        if correct.lower() not in TRUE | FALSE:
            errors.append(str(_l("correct must be true or false.")))
        values["true_answer"] = correct.lower() in TRUE
    elif kind == "numeric":
        values["numeric_answer"] = _number(correct)
        values["numeric_tolerance"] = _number(cell.get("tolerance", "")) or 0.0
        if values["numeric_answer"] is None:
            errors.append(str(_l("correct must be a number.")))
    elif kind == "matching":
        for i, option in enumerate(options):
            term, _sep, match = option.partition("=")
            term_ka, _sep_ka, match_ka = (options_ka[i] if i < len(options_ka) else option).partition("=")
            if not (term.strip() and match.strip()):
                errors.append(str(_l("each matching option must be written as term = match.")))
                break
            choices.append({"text_ka": term_ka.strip(), "text_en": term.strip(), "match_ka": match_ka.strip(),
                            "match_en": match.strip(), "correct": False})
    if errors:
        return None, [str(_l("Row %(row)d: %(problem)s", row=number, problem=problem)) for problem in errors]
    return ParsedQuestion(number, values, choices), []


def _gift(data: bytes) -> list[ParsedQuestion]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused([str(_l("The GIFT file is not UTF-8 text."))]) from error
    parsed, errors = parse_gift(text)
    if errors:
        raise ImportRefused(errors)
    if not parsed:
        raise ImportRefused([str(_l("The file is empty."))])
    if len(parsed) > Limits.from_config().rows:
        raise ImportRefused([str(_l("The file has too many questions: split it into smaller files."))])
    return [ParsedQuestion(line, values, choices, gift=True) for line, values, choices in parsed]


def parse_questions(data: bytes, filename: str) -> list[ParsedQuestion]:
    """Every question of the file, or ``ImportRefused`` with every problem (header and rows) at once."""
    if filename.lower().endswith((".gift", ".txt")):
        return _gift(data)
    table = _table(data, filename)
    while table and not any(str(c or "").strip() for c in table[-1]):
        table.pop()
    if not table:
        raise ImportRefused([str(_l("The file is empty."))])
    header = [(c or "").strip().lower() for c in table[0]]
    unknown = [c for c in header if c and c not in COLUMNS]
    missing = [c for c in ("type", "correct") if c not in header]
    if "question_ka" not in header and "question_en" not in header:
        missing.append("question_en")
    if unknown or missing:
        problems = []
        if missing:
            problems.append(str(_l("Missing columns: %(columns)s.", columns=", ".join(missing))))
        if unknown:
            problems.append(str(_l("Unknown columns: %(columns)s.", columns=", ".join(unknown))))
        problems.append(str(_l("The columns of this kind of file are: %(columns)s.", columns=", ".join(COLUMNS))))
        raise ImportRefused(problems)
    parsed, errors = [], []
    for number, row in enumerate(table[1:], start=2):  # the spreadsheet's own row numbers
        if not any(str(c or "").strip() for c in row):
            continue
        question, problems = _row(number, {name: str(row[i] if i < len(row) and row[i] is not None else "")
                                           for i, name in enumerate(header) if name})
        errors.extend(problems)
        if question is not None:
            parsed.append(question)
    if errors:
        raise ImportRefused(errors)
    if not parsed:
        raise ImportRefused([str(_l("The file has a header row but no questions."))])
    return parsed
