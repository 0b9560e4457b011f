"""Spreadsheets in and out: downloads that cannot turn into formulas, uploads that cannot exhaust a worker.

Downloads: a cell beginning with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is prefixed
with a quote, the OWASP guidance against CSV injection: the value still reads the same to a person.

Uploads (``read_xlsx``, shared by the staff and the M&E imports): an .xlsx is a zip of XML, and a 256 KB
file can unpack to a sheet of 60 MB or declare a million rows by sixteen thousand columns, which took a
worker most of a minute in ``pandas.read_excel``. So before parsing, the zip's unpacked sizes and
compression ratios and the sheet's declared dimension are checked; then the sheet is streamed with
openpyxl's read-only reader, counting rows and cells and watching the clock, and refused the moment a
bound is passed. Every refusal is a ``SpreadsheetRefused`` with a message the user can act on.
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import Response, current_app

from common.errors import OperationError
from common.i18n import lazy_gettext as _l

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def _text(value: Any) -> str:
    """A cell as CSV text. Numbers are plain: a point as the decimal separator, no thousands separator, no unit
    (``4000``, ``70.06``), so that any spreadsheet or ``pandas.read_csv`` reads them as numbers."""
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else repr(value)
    return str(value)


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that Excel opens UTF-8 Georgian text correctly
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(_text(v)) for v in row])
    return buffer.getvalue()


def csv_response(headers: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> Response:
    # "text/csv" alone: werkzeug adds the charset itself, and a second "; charset=utf-8" was sent otherwise.
    return Response(csv_text(headers, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def streamed_csv(text: str, filename: str, chunk: int = 64 * 1024) -> Response:
    """A CSV already made (``csv_text``, e.g. from the cache) sent in pieces, not held twice as one body."""
    pieces = (text[start:start + chunk].encode("utf-8") for start in range(0, len(text), chunk))
    return Response(pieces, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def xlsx_response(headers: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> Response:
    from openpyxl import Workbook  # 8 MB: imported by the requests that write a workbook, not by every process

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([safe_cell(h) for h in headers])
    for row in rows:
        # Every string is written as text (data_type "s"): openpyxl would otherwise store "=..." as a formula.
        sheet.append([safe_cell(v) if not isinstance(v, str) else _as_text_cell(sheet, safe_cell(v)) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return Response(out.getvalue(), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _as_text_cell(sheet: Any, value: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


class SpreadsheetRefused(OperationError):
    """The upload is too large, or too oddly compressed, to be read safely; the message says which."""


@dataclass(frozen=True)
class Limits:
    rows: int = 200_000
    cells: int = 5_000_000
    seconds: float = 60.0
    unpacked_bytes: int = 250 * 1024 * 1024  # a national staff file of 100,000 people is about 65 MB unpacked
    ratio: int = 100  # Apache POI's bound: real sheets compress 5-20 times, a bomb hundreds of times
    ratio_from_bytes: int = 1024 * 1024  # tiny parts (styles, an empty sheet) may compress better; ignore them

    @classmethod
    def from_config(cls) -> Limits:
        config = current_app.config
        return cls(rows=config["IMPORT_MAX_ROWS"], cells=config["IMPORT_MAX_CELLS"],
                   seconds=float(config["IMPORT_MAX_SECONDS"]))


def _too_large(limits: Limits) -> SpreadsheetRefused:
    return SpreadsheetRefused(_l("The spreadsheet is too large to import: at most %(rows)d rows and %(cells)d cells. "
                                 "Split it into smaller files.", rows=limits.rows, cells=limits.cells))


def check_archive(data: bytes, limits: Limits) -> None:
    """Refuse an .xlsx whose parts unpack to too much, or compress suspiciously well, before reading any XML.

    The sizes are the zip directory's; a part that unpacks to more than it declares fails its check on
    reading, so the declared sizes are a bound to rely on.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
    if sum(part.file_size for part in parts) > limits.unpacked_bytes:
        raise _too_large(limits)
    for part in parts:
        if part.file_size > limits.ratio_from_bytes and part.file_size > limits.ratio * max(part.compress_size, 1):
            raise SpreadsheetRefused(_l("The spreadsheet holds far more data than its file size suggests, so it is "
                                        "not read. Save it again from Excel, or split it into smaller files."))


def _cell_text(value: Any) -> str:
    """A cell as the text ``pandas.read_excel(dtype=str)`` gave (the importers' checks expect that text)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes, limits: Limits | None = None) -> list[list[str]]:
    """The first sheet's rows as text, all of one width, trailing empty rows and columns left out.

    Raises ``SpreadsheetRefused`` when a bound is passed; anything else that goes wrong means the file
    is not a readable workbook, and is left to the caller to word.
    """
    limits = limits or Limits.from_config()
    check_archive(data, limits)
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    try:
        sheet = workbook.worksheets[0]
        if sheet.max_row and sheet.max_column:  # the declared dimension, read from the sheet's first bytes
            declared_rows = sheet.max_row - (sheet.min_row or 1) + 1
            if declared_rows > limits.rows or declared_rows * sheet.max_column > limits.cells:
                raise _too_large(limits)
        sheet.reset_dimensions()  # declared dimensions can be wrong: read what is there, counting as it comes
        deadline = time.monotonic() + limits.seconds
        rows: list[list[str]] = []
        cells = last_with_data = 0
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            cells += len(values)
            if number > limits.rows or cells > limits.cells:
                raise _too_large(limits)
            if time.monotonic() > deadline:
                raise SpreadsheetRefused(_l("Reading the spreadsheet took too long. Split it into smaller files."))
            row = [_cell_text(value) for value in values]
            while row and not row[-1]:
                row.pop()
            if row:
                last_with_data = number
            rows.append(row)
    finally:
        workbook.close()
    rows = rows[:last_with_data]
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]
