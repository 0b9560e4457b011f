"""CSV and XLSX downloads that a spreadsheet cannot turn into a formula.

A cell beginning with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is prefixed with a
quote, the OWASP guidance against CSV injection: the value still reads the same to a person.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from flask import Response
from openpyxl import Workbook

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def csv_response(headers: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> Response:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that Excel opens UTF-8 Georgian text correctly
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(_text(v)) for v in row])
    return Response(buffer.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def xlsx_response(headers: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> Response:
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
