"""Reading and checking staff-directory files (CSV or XLSX) before anything is written.

An import is all or nothing, and an HR officer should fix a file in one go, so every row is
checked before the first write and every problem of every bad row is reported, each with the
line the user sees in a spreadsheet (the header is line 1). Nothing here touches the database:
what a check needs to know (existing codes, who is in scope) arrives as dicts and sets that
``operations`` loads in one query each. Checks run on whole pandas columns, so a national file of
100,000 people is checked in seconds.

pandas costs a web process about 50 MB, so this module is imported only by the import itself; what pages need to
know of a file's shape (its columns, its errors) lives in ``file_format``, which imports nothing heavy.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from common.directory.file_format import COLUMNS, IGNORED, REQUIRED, FileRefused, RowError
from common.i18n import lazy_gettext as _l
from common.models import Employee, OrgUnit, Position
from common.models.directory import EMPLOYMENT_TYPES, GENDERS, REGIONS, UNIT_KINDS
from common.spreadsheet import Limits, SpreadsheetRefused, read_xlsx

ROMAN_RANKS = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[^@\s.]+"


# Short Georgian words HR writes for a code, besides the code and its full name in either language.
ALIASES: dict[str, tuple[str, ...]] = {
    "female": ("ქალი", "მდედრ."), "male": ("კაცი", "მამაკაცი", "მამრ."),
    "professional": ("პროფესიული", "პროფესიული საჯარო მოხელე", "მოხელე"),
    "administrative": ("ადმინისტრაციული", "ადმინისტრაციული ხელშეკრულება"),
    "contract": ("შრომითი", "შრომითი ხელშეკრულება"), "political": ("პოლიტიკური",),
    "probation": ("გამოსაცდელი", "გამოსაცდელი ვადა"), "agency": ("სსიპ", "სააგენტო"),
    "regional_office": ("regional office",),
}


def accepted_names(codes: Iterable[str]) -> dict[str, str]:
    """Everything a file may write for each code, lower-cased: the code, its name in English and in Georgian
    (``common.labels``), and the short Georgian words of ``ALIASES``. A Georgian HR officer need not know the
    English codes (``female``, ``professional``)."""
    from flask_babel import force_locale

    from common.labels import EMPLOYMENT_TYPE_LABELS, GENDER_LABELS, REGION_LABELS, UNIT_KIND_LABELS

    labels = EMPLOYMENT_TYPE_LABELS | GENDER_LABELS | REGION_LABELS | UNIT_KIND_LABELS
    codes = list(codes)
    names = {code.lower(): code for code in codes}
    for code in codes:
        names.update({alias.lower(): code for alias in ALIASES.get(code, ())})
        if code in labels:
            for lang in ("en", "ka"):
                with force_locale(lang):
                    names.setdefault(str(labels[code]).strip().lower(), code)
    return names


@dataclass
class Checked:
    """The cleaned rows (index = line number) and the problems found in them."""

    rows: pd.DataFrame
    errors: list[RowError]
    columns: tuple[str, ...]  # the columns the file has: a missing optional column leaves its field alone


def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """The file's data rows as text, indexed by line number, with normalised column names."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in {"csv", "xlsx"}:
        raise FileRefused(_l("Only CSV and Excel (.xlsx) files can be imported."))
    if not data.strip():
        raise FileRefused(_l("The file is empty."))
    raw = _read_xlsx(data) if extension == "xlsx" else _read_csv(data)
    if raw.empty:
        raise FileRefused(_l("The file is empty."))
    header = [str(name).strip().lower() for name in raw.iloc[0]]
    table = raw.iloc[1:].copy()
    table.index = table.index + 1  # row 0 is the header, line 1
    table = table.apply(lambda column: column.str.strip())
    keep = [bool(name) or bool((table[i] != "").any()) for i, name in enumerate(header)]
    table = table.loc[:, keep]
    table.columns = [name or f"#{i + 1}" for i, name in enumerate(header) if keep[i]]
    repeated = sorted({name for name in table.columns if list(table.columns).count(name) > 1})
    if repeated:
        raise FileRefused(_l("These columns appear more than once: %(columns)s.", columns=", ".join(repeated)))
    table = table[(table != "").any(axis=1)]
    if table.empty:
        raise FileRefused(_l("The file has a header row but no data rows."))
    return table


def _read_csv(data: bytes) -> pd.DataFrame:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(_l("The file is not UTF-8 text. In Excel, save it as \"CSV UTF-8\".")) from error
    if "\x00" in text:
        raise FileRefused(_l("This is not a CSV file. Upload a CSV (UTF-8) or an Excel .xlsx file."))
    limits = Limits.from_config()
    if text.count("\n") > limits.rows:
        raise FileRefused(_l("The spreadsheet is too large to import: at most %(rows)d rows and %(cells)d cells. "
                             "Split it into smaller files.", rows=limits.rows, cells=limits.cells))
    first_line = text.split("\n", 1)[0]
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return pd.read_csv(io.StringIO(text), sep=separator, header=None, dtype=str, keep_default_na=False,
                           skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL)
    except pd.errors.ParserError as error:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
        if found is None:
            raise FileRefused(_l("The file could not be read as CSV.")) from error
        expected, line, seen = (int(n) for n in found.groups())
        raise FileRefused(_l("Line %(line)d has %(seen)d values but the header row has %(expected)d. A value "
                             "holding the separator must be in double quotes.", line=line, seen=seen,
                             expected=expected)) from error


def _read_xlsx(data: bytes) -> pd.DataFrame:
    """The first sheet, read within the bounds of ``common.spreadsheet.read_xlsx`` (no zip or sheet bombs)."""
    try:
        return pd.DataFrame(read_xlsx(data), dtype=str)
    except SpreadsheetRefused as error:
        raise FileRefused(error.message) from error
    except Exception as error:  # a damaged workbook fails in many ways, all meaning "unreadable"
        raise FileRefused(_l("The file could not be read as an Excel workbook (.xlsx). It may be damaged, or "
                             "be another kind of file.")) from error


def detect_kind(columns: Iterable[str]) -> str | None:
    """Which kind of file a header row belongs to: the kind sharing most columns with it, if unambiguous."""
    names = set(columns)
    scores = {kind: len(names & set(expected)) for kind, expected in COLUMNS.items()}
    best = max(scores.values())
    winners = [kind for kind, score in scores.items() if score == best]
    return winners[0] if best and len(winners) == 1 else None


def check_columns(columns: Iterable[str], kind: str) -> None:
    """Refuse a header that lacks a required column or has one the import would silently drop."""
    names = list(columns)
    missing = [c for c in REQUIRED[kind] if c not in names]
    unknown = [c for c in names if c not in COLUMNS[kind] and c not in IGNORED[kind]]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_l("Missing columns: %(columns)s.", columns=", ".join(missing)))
        if unknown:
            parts.append(_l("Unknown columns: %(columns)s.", columns=", ".join(unknown)))
        parts.append(_l("The columns of this kind of file are: %(columns)s.", columns=", ".join(COLUMNS[kind])))
        raise FileRefused(" ".join(str(part) for part in parts))


class _Checker:
    """Collects row errors column by column; a value already found wrong is not checked further."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table
        self.errors: list[RowError] = []
        self.bad: dict[str, pd.Series] = {}

    def has(self, column: str) -> bool:
        return column in self.table.columns

    def col(self, column: str) -> pd.Series:
        return self.table[column] if self.has(column) else pd.Series("", index=self.table.index)

    def ok(self, column: str) -> pd.Series:
        """Rows whose value in ``column`` is filled in and has passed every check so far."""
        bad = self.bad.get(column)
        filled = self.col(column) != ""
        return filled if bad is None else filled & ~bad

    def flag(self, mask: pd.Series, column: str, reason: Any | Callable[[int], Any]) -> None:
        mask = mask.fillna(False).astype(bool)
        for line in self.table.index[mask.to_numpy()]:
            self.errors.append(RowError(int(line), column, reason(int(line)) if callable(reason) else reason))
        self.bad[column] = mask if column not in self.bad else self.bad[column] | mask

    def required(self, *columns: str) -> None:
        for column in columns:
            self.flag(self.col(column) == "", column, _l("This value is required."))

    def max_length(self, model: Any, columns: Mapping[str, str]) -> None:
        for column, field in columns.items():
            limit = model.__table__.c[field].type.length
            self.flag(self.col(column).str.len() > limit, column,
                      _l("At most %(count)d characters.", count=limit))

    def choice(self, column: str, choices: Iterable[str]) -> pd.Series:
        canonical = {choice.lower(): choice for choice in choices}
        mapped = self.col(column).str.strip().str.lower().map(accepted_names(canonical.values()))
        self.flag(self.ok(column) & mapped.isna(), column,
                  _l("Must be one of: %(choices)s.", choices=", ".join(canonical.values())))
        return mapped.astype(object).where(mapped.notna(), None)

    def dates(self, column: str) -> pd.Series:
        """ISO dates (2024-03-31), Georgian dates (31.03.2024) and Excel date cells, as datetimes."""
        text = self.col(column).str.replace(r"[ T]00:00:00$", "", regex=True)
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").fillna(
            pd.to_datetime(text, format="%d.%m.%Y", errors="coerce"))
        self.flag(self.ok(column) & parsed.isna(), column,
                  _l("Not a date. Write it as YYYY-MM-DD or DD.MM.YYYY."))
        return parsed

    def unique(self, column: str) -> None:
        values = self.col(column)
        first_line = pd.Series(values.index, index=values).groupby(level=0).first()
        repeated = self.ok(column) & values.duplicated(keep="first")
        self.flag(repeated, column, lambda line: _l("Also on line %(line)d.", line=int(first_line[values[line]])))

    def exists(self, column: str, known: Callable[[pd.Series], pd.Series], reason: Any) -> None:
        self.flag(self.ok(column) & ~known(self.col(column)), column, reason)

    def result(self, rows: pd.DataFrame) -> Checked:
        order = {name: i for i, name in enumerate(self.table.columns)}
        errors = sorted(self.errors, key=lambda e: (e.line, order.get(e.column, 0)))
        return Checked(rows, errors, tuple(self.table.columns))


def _as_dates(parsed: pd.Series) -> pd.Series:
    return parsed.dt.date.astype(object).where(parsed.notna(), None)


def _or_none(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values != "", None)


def find_loops(parent_of: Mapping[str, str | None], starts: Iterable[str]) -> set[str]:
    """Keys among ``starts`` whose chain of parents (units) or managers (people) comes back to itself."""
    state: dict[str, int] = {}  # 1: on the chain being followed, 2: known to end
    looped: set[str] = set()
    for start in starts:
        chain: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            chain.append(node)
            node = parent_of.get(node)
        if node is not None and state[node] == 1:
            looped.update(chain[chain.index(node):])
        for visited in chain:
            state[visited] = 2
    return looped


def check_units(table: pd.DataFrame, known_parents: Mapping[str, str | None]) -> Checked:
    """Org units; ``known_parents`` maps every unit code in the database to its parent's code."""
    c = _Checker(table)
    c.required("code", "name_ka", "name_en", "kind")
    c.max_length(OrgUnit, {"code": "code", "name_ka": "name_ka", "name_en": "name_en"})
    c.unique("code")
    kind, region, valid_from = c.choice("kind", UNIT_KINDS), c.choice("region", REGIONS), c.dates("valid_from")
    code, parent = c.col("code"), c.col("parent_code")
    c.flag(c.ok("parent_code") & (parent == code), "parent_code", _l("A unit cannot be its own parent."))
    file_codes = set(code)
    c.exists("parent_code", lambda s: s.isin(file_codes) | s.isin(known_parents.keys()),
             _l("No org unit has this code, in the database or in this file."))
    graph = dict(known_parents)
    if c.has("parent_code"):
        graph.update({k: (p or None) if p != k else None for k, p in zip(code, parent, strict=True)})
    loops = find_loops(graph, file_codes)
    c.flag(c.ok("parent_code") & code.isin(loops), "parent_code",
           _l("The chain of parent units comes back to this unit."))
    rows = pd.DataFrame({"code": code, "parent_code": _or_none(parent), "name_ka": c.col("name_ka"),
                         "name_en": c.col("name_en"), "kind": kind, "region": region,
                         "valid_from": _as_dates(valid_from)})
    return c.result(rows)


def check_positions(table: pd.DataFrame) -> Checked:
    c = _Checker(table)
    c.required(*COLUMNS["positions"])
    c.max_length(Position, {name: name for name in ("code", "title_ka", "title_en", "category")})
    c.unique("code")
    rank = c.col("rank").str.lower().str.replace(r"\.0$", "", regex=True).map(ROMAN_RANKS)
    c.flag(c.ok("rank") & rank.isna(), "rank", _l("Rank is 1 to 4 (or I to IV)."))
    rows = pd.DataFrame({name: c.col(name) for name in ("code", "title_ka", "title_en", "category")})
    rows["rank"] = rank.astype(object).where(rank.notna(), None)
    return c.result(rows)


@dataclass
class StaffContext:
    """What the employee checks need to know about the database, each loaded in one query."""

    unit_codes: set[str]
    units_in_scope: set[str]  # codes of the units the uploader may import staff into
    position_codes: set[str]
    managers: Mapping[str, str | None]  # every personal number in the database -> the manager's
    out_of_scope: set[str]  # personal numbers of people the uploader may not change


def check_employees(table: pd.DataFrame, context: StaffContext, today: date | None = None) -> Checked:
    c = _Checker(table)
    names = ("first_name_ka", "last_name_ka", "first_name_en", "last_name_en")
    c.required("personal_number", *names, "org_unit_code")
    number = c.col("personal_number")
    c.flag(c.ok("personal_number") & number.str.fullmatch(r"\d{10}"), "personal_number",
           _l("A personal number has exactly 11 digits (this one has 10: format the column as text in Excel, so "
              "that the leading zero is kept)."))
    c.flag(c.ok("personal_number") & ~number.str.fullmatch(r"\d{11}"), "personal_number",
           _l("A personal number has exactly 11 digits."))
    c.unique("personal_number")
    c.exists("personal_number", lambda s: ~s.isin(context.out_of_scope),
             _l("This person works in a unit outside your area; their record cannot be changed from here."))
    c.max_length(Employee, {**{name: name for name in names}, "email": "email"})
    c.flag(c.ok("email") & ~c.col("email").str.fullmatch(EMAIL_PATTERN), "email", _l("Not a valid e-mail address."))
    gender, employment_type = c.choice("gender", GENDERS), c.choice("employment_type", EMPLOYMENT_TYPES)
    birth, hire = c.dates("birth_date"), c.dates("hire_date")
    now = pd.Timestamp(today or date.today())
    implausible = (birth > now - pd.DateOffset(years=15)) | (birth < now - pd.DateOffset(years=100))
    c.flag(c.ok("birth_date") & implausible, "birth_date", _l("Not a plausible birth date."))
    c.flag(c.ok("hire_date") & (hire > now + pd.DateOffset(years=1)), "hire_date",
           _l("The hire date is more than a year away."))
    c.flag(c.ok("hire_date") & c.ok("birth_date") & (hire <= birth), "hire_date",
           _l("The hire date is before the birth date."))
    c.exists("org_unit_code", lambda s: s.isin(context.unit_codes), _l("No org unit has this code."))
    c.exists("org_unit_code", lambda s: s.isin(context.units_in_scope),
             _l("This unit is outside your area; you may import staff only into units you are responsible for."))
    c.exists("position_code", lambda s: s.isin(context.position_codes), _l("No position has this code."))
    manager = c.col("manager_personal_number")
    c.flag(c.ok("manager_personal_number") & (manager == number), "manager_personal_number",
           _l("A person cannot be their own manager."))
    file_numbers = set(number)
    c.exists("manager_personal_number", lambda s: s.isin(file_numbers) | s.isin(context.managers.keys()),
             _l("No employee has this personal number, in the database or in this file."))
    # A manager reads their reports' profiles and records: the uploader names only people they act for themselves
    # (a manager the record already has stays).
    kept = number.map(lambda n: context.managers.get(n) or "")
    c.flag(c.ok("manager_personal_number") & manager.isin(context.out_of_scope) & (manager != kept),
           "manager_personal_number", _l("This person works in a unit outside your area: you may name as manager "
                                         "only people of the units you are responsible for."))
    if c.has("manager_personal_number"):
        graph = dict(context.managers)
        graph.update({k: (m or None) if m != k else None for k, m in zip(number, manager, strict=True)})
        c.flag(c.ok("manager_personal_number") & number.isin(find_loops(graph, file_numbers)),
               "manager_personal_number", _l("The chain of managers comes back to this person."))
    rows = pd.DataFrame({name: c.col(name) for name in ("personal_number", *names, "org_unit_code")})
    for name in ("email", "position_code", "manager_personal_number"):
        rows[name] = _or_none(c.col(name))
    rows["gender"], rows["employment_type"] = gender, employment_type
    rows["birth_date"], rows["hire_date"] = _as_dates(birth), _as_dates(hire)
    return c.result(rows)
