"""Importing a strategy's data from one long-format file, all or nothing, through the upload page."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from sqlalchemy import func, select

from monitoring import periods
from monitoring.models import DataValue, Indicator, Target
from monitoring.operations import imports
from tests.monitoring.conftest import csv_bytes, upload

HEADER = ["indicator_code", "period", "org_unit_code", "region", "value_type", "value", "comment"]
QUARTERS = periods.periods_between("quarterly", date(2023, 1, 1), date(2025, 12, 31))


def _strategy_with_20_indicators(factory, me, db):
    """18 plain indicators and 2 computed percentages disaggregated by region; each under the objective."""
    for n in range(1, 19):
        factory.me_indicator(me.document, me.objective, code=f"PAR-{n:02d}")
    for n in (19, 20):
        factory.me_indicator(me.document, me.objective, code=f"PAR-{n:02d}", unit="percentage", computed=True,
                             factor=100, aggregation="last", dimensions={"region": ["Tbilisi", "Imereti"]})
    db.session.commit()


def _full_file() -> bytes:
    rows = []
    for n in range(1, 21):
        code = f"PAR-{n:02d}"
        rows += [[code, "2022", "", "", "baseline", 10 if n < 19 else 40, ""],
                 [code, "2026", "", "", "target", 100 if n < 19 else 80, ""]]
        for i, quarter in enumerate(QUARTERS):
            if n < 19:
                rows.append([code, quarter, "RS", "", "actual", 10 + i, "register"])
                continue
            for region, unit in (("Tbilisi", "RS"), ("Imereti", "RS-IM")):
                rows.append([code, quarter, unit, region, "numerator", 40 + i, ""])
                rows.append([code, quarter, unit, region, "denominator", 100, ""])
    return csv_bytes(HEADER, rows)


def test_a_strategy_with_20_indicators_and_3_years_of_quarterly_data_loads_from_one_file(
        factory, me, db, login_as):
    _strategy_with_20_indicators(factory, me, db)
    client = login_as(me.officer)
    response = upload(client, _full_file(), "par-2023-2025.csv")
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get("/me/import").get_data(as_text=True)
    assert "par-2023-2025.csv imported: 312 values, 20 targets, 20 baselines." in page
    assert db.session.execute(select(func.count(DataValue.id))).scalar_one() == 18 * 12 + 2 * 12 * 4 == 312
    submitted = select(func.count(DataValue.id)).where(DataValue.status == "submitted")
    assert db.session.execute(submitted).scalar_one() == 312
    assert db.session.execute(select(func.count(Target.id))).scalar_one() == 20
    computed = db.session.execute(select(Indicator).where(Indicator.code == "PAR-19")).scalar_one()
    assert (computed.baseline_value, computed.baseline_year) == (40, 2022)
    # Importing the same file again is refused row by row: the values are submitted and locked.
    again = upload(login_as(me.officer), _full_file(), "par-2023-2025.csv").get_data(as_text=True)
    assert "Value locked" in again


def test_a_file_with_bad_rows_imports_nothing_and_groups_the_conflicts_by_kind_with_their_lines(
        factory, me, db, login_as):
    _strategy_with_20_indicators(factory, me, db)
    closing = factory.me_document(me.agency, code="OLD", entry_window_days=30)
    factory.me_indicator(closing, code="OLD-01")
    db.session.commit()
    rows = [
        ["PAR-01", "2024Q1", "RS", "", "actual", "12", ""],          # line 2: fine
        ["PAR-99", "2024Q1", "RS", "", "actual", "12", ""],          # line 3: unknown indicator
        ["PAR-01", "2024Q2", "NOPE", "", "actual", "12", ""],        # line 4: unknown org unit
        ["PAR-01", "2024Q1", "RS", "", "actual", "13", ""],          # line 5: duplicate of line 2
        ["OLD-01", "2023Q1", "RS", "", "actual", "5", ""],           # line 6: closed period
        ["PAR-02", "2024Q1", "RS", "", "actual", "many", ""],        # line 7: not a number
        ["PAR-19", "2024Q1", "RS", "Tbilisi", "numerator", "90", ""],  # line 8: numerator above denominator
        ["PAR-19", "2024Q1", "RS", "Tbilisi", "denominator", "60", ""],  # line 9: (same pair)
        ["PAR-03", "2024Q1", "PSH", "", "actual", "7", ""],          # line 10: outside the officer's agency
        ["PAR-19", "2024Q1", "RS", "Batumi", "numerator", "1", ""],  # line 11: unknown disaggregation value
        ["PAR-04", "2024-03", "RS", "", "actual", "1", ""],          # line 12: monthly period, quarterly indicator
    ]
    response = upload(login_as(me.officer), csv_bytes(HEADER, rows), "bad.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "10 rows have problems; nothing was imported." in page
    assert db.session.execute(select(func.count(DataValue.id))).scalar_one() == 0

    result = imports.import_file(csv_bytes(HEADER, rows), "bad.csv", actor=me.officer)
    db.session.rollback()
    lines = imports.group_lines(result)
    assert lines == {"unknown": [3, 4, 11], "duplicate": [5], "closed": [6], "invalid": [7, 8, 9, 12],
                     "scope": [10]}
    for kind_label, caption in (("Unknown code", "lines 3, 4, 11"), ("Duplicate row", "lines 5"),
                                ("Closed period", "lines 6"), ("Invalid value", "lines 7, 8, 9, 12"),
                                ("Outside your agency", "lines 10")):
        assert f"{kind_label} ({caption})" in page
    assert "The same value is also on line 2." in page
    assert "Entry for 2023Q1 closed on" in page


def test_an_excel_file_is_read_the_same_way_and_a_dry_run_writes_nothing(factory, me, db, login_as):
    _strategy_with_20_indicators(factory, me, db)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["PAR-01", 2022, "", "", "baseline", 10, ""])
    sheet.append(["PAR-01", "2024Q1", "RS", "", "actual", 12.5, ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = upload(login_as(me.officer), buffer.getvalue(), "values.xlsx", dry_run="y").get_data(as_text=True)
    assert "values.xlsx has no problems. Importing it would write 1 values, 0 targets and 1 baselines." in page
    assert db.session.execute(select(func.count(DataValue.id))).scalar_one() == 0
    assert upload(login_as(me.officer), buffer.getvalue(), "values.xlsx").status_code == 302
    value = db.session.execute(select(DataValue)).scalar_one()
    assert (value.value, value.status) == (12.5, "submitted")


def test_an_unreadable_file_is_refused_as_a_whole(me, login_as):
    page = upload(login_as(me.officer), b"name;age\nx;1\n", "people.csv").get_data(as_text=True)
    assert "Missing columns: indicator_code, period, value_type, value." in page
