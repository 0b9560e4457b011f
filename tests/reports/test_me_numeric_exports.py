"""M&E exports hold numbers as numbers (issue 18): the indicators XLSX has numeric cells, every CSV parses into
numeric columns with pandas, units stand in their own column, and a CSV response names its charset once."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from tests.reports.test_me import world  # noqa: F401 - the demo strategy and its users


def test_the_indicators_xlsx_has_numeric_cells_for_every_figure(world, login_as):  # noqa: F811
    approver = login_as(world.approver)
    response = approver.get(f"/reports/me/indicators.xlsx?document={world.document.id}")
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Indicator", "Baseline", "Target", "Actual", "Unit", "Status")
    figures = [cell for row in rows[1:] for cell in row[1:4] if cell is not None]
    assert len(figures) > 60 and all(isinstance(cell, int | float) for cell in figures), figures[:10]
    assert {row[4] for row in rows[1:]} <= {"Number", "Percentage", "Currency (GEL)", "Yes/no"}
    assert not any(isinstance(cell, str) and cell.rstrip("%₾ ").replace(",", "").replace(".", "").isdigit()
                   for row in rows[1:] for cell in row)  # no figure hides as text ('4,000', '70.06')
    completeness = load_workbook(io.BytesIO(approver.get(
        f"/reports/me/completeness.xlsx?document={world.document.id}").data)).worksheets[0]
    assert all(isinstance(cell, int | float) or cell is None
               for row in completeness.iter_rows(min_row=2, values_only=True) for cell in row[1:])


def test_the_csvs_parse_into_numeric_columns_with_one_charset(world, login_as, client):  # noqa: F811
    approver = login_as(world.approver)
    for table, numeric in (("indicators", ["Baseline", "Target", "Actual"]), ("levels", ["Activities"]),
                           ("completeness", ["Indicators", "Indicators reported (%)", "Activities"])):
        response = approver.get(f"/reports/me/{table}.csv?document={world.document.id}")
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8", response.headers["Content-Type"]
        frame = pd.read_csv(io.BytesIO(response.data), encoding="utf-8-sig")
        for column in numeric:
            assert pd.api.types.is_numeric_dtype(frame[column]), (table, column, frame[column].tolist()[:5])
    world.document.published = True
    from common.extensions import db

    db.session.commit()
    public = client.get(f"/public/documents/{world.document.id}/data.csv")
    assert public.headers["Content-Type"] == "text/csv; charset=utf-8"
    frame = pd.read_csv(io.BytesIO(public.data), encoding="utf-8-sig")
    assert pd.api.types.is_numeric_dtype(frame["value"]) and len(frame) > 100
    assert set(frame["unit"]) <= {"number", "percentage", "currency", "yes_no"} and "unit" in frame.columns
    internal = approver.get(f"/me/documents/{world.document.id}/export.csv")
    assert internal.status_code == 200 and internal.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert pd.api.types.is_numeric_dtype(pd.read_csv(io.BytesIO(internal.data), encoding="utf-8-sig")["value"])
