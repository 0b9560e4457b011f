"""A CSV longer than IMPORT_MAX_ROWS is imported chunk by chunk, still all or nothing.

The limits are lowered for these tests (100 rows read whole, chunks of 50, keys merged every 2 chunks), so
the 352 rows of ``test_import``'s strategy file take 8 chunks.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from sqlalchemy import func, select

from monitoring.models import DataValue, Indicator, Target
from monitoring.operations import imports, streamed
from tests.monitoring.conftest import csv_bytes, upload
from tests.monitoring.test_import import HEADER, _full_file, _strategy_with_20_indicators

ROWS = 352  # 312 values, 20 targets and 20 baselines


@pytest.fixture()
def chunked(app, monkeypatch):
    """Small limits; returns the list of chunk sizes each streamed import read."""
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 100)
    monkeypatch.setitem(app.config, "IMPORT_MAX_STREAMED_ROWS", 1000)
    monkeypatch.setattr(streamed, "CHUNK", 50)
    monkeypatch.setattr(streamed, "MERGE_EVERY", 2)
    sizes: list[int] = []
    original = streamed._Stream.chunk

    def chunk(self, rows):
        sizes.append(len(rows))
        return original(self, rows)

    monkeypatch.setattr(streamed._Stream, "chunk", chunk)
    return sizes


def _rows_of(data: bytes) -> list[list[str]]:
    return [line.split(",") for line in data.decode().splitlines()[1:]]


def _written(db) -> tuple[int, int, int]:
    """Values, targets and baselines in the database, as this session sees them (before any rollback)."""
    baselines = select(func.count(Indicator.id)).where(Indicator.baseline_value.is_not(None))
    return (
        db.session.execute(select(func.count(DataValue.id))).scalar_one(),
        db.session.execute(select(func.count(Target.id))).scalar_one(),
        db.session.execute(baselines).scalar_one(),
    )


def test_a_long_file_is_imported_through_the_form_in_chunks(factory, me, db, login_as, chunked):
    _strategy_with_20_indicators(factory, me, db)
    client = login_as(me.officer)
    response = upload(client, _full_file(), "par-2023-2025.csv")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert chunked == [50] * 7 + [2]
    page = client.get("/me/import").get_data(as_text=True)
    assert "par-2023-2025.csv imported: 312 values, 20 targets, 20 baselines." in page
    assert _written(db) == (312, 20, 20)
    submitted = select(func.count(DataValue.id)).where(DataValue.status == "submitted")
    assert db.session.execute(submitted).scalar_one() == 312


def test_conflicts_in_the_last_chunk_leave_nothing_written(factory, me, db, chunked):
    _strategy_with_20_indicators(factory, me, db)
    rows = [
        *_rows_of(_full_file()),
        ["PAR-99", "2024Q1", "RS", "", "actual", "12", ""],
        ["PAR-01", "2024Q1", "RS", "", "actual", "-", ""],
    ]
    result = imports.import_file(csv_bytes(HEADER, rows), "late.csv", actor=me.officer)
    assert result.rejected and len(chunked) == 8
    assert imports.group_lines(result) == {"unknown": [ROWS + 2], "invalid": [ROWS + 3]}
    assert _written(db) == (0, 0, 0)  # the earlier chunks, written, were rolled back with the savepoint


def test_duplicates_across_chunks_are_found_with_the_line_they_repeat(factory, me, db, chunked):
    _strategy_with_20_indicators(factory, me, db)
    rows = _rows_of(_full_file())
    first_value = next(i for i, row in enumerate(rows) if row[4] == "actual")
    rows += [rows[first_value], rows[0], rows[1]]  # a value, a baseline and a target, all from the first chunk
    result = imports.import_file(csv_bytes(HEADER, rows), "twice.csv", actor=me.officer)
    assert imports.group_lines(result) == {"duplicate": [ROWS + 2, ROWS + 3, ROWS + 4]}
    messages = [str(message) for _line, message in result.conflicts["duplicate"]]
    assert messages == [
        f"The same value is also on line {first_value + 2}.",
        "The same value is also on line 2.",
        "The same value is also on line 3.",
    ]
    assert _written(db) == (0, 0, 0)


def test_a_dry_run_of_a_long_file_writes_nothing(factory, me, db, login_as, chunked):
    _strategy_with_20_indicators(factory, me, db)
    page = upload(login_as(me.officer), _full_file(), "par.csv", dry_run="y").get_data(as_text=True)
    assert "par.csv has no problems. Importing it would write 312 values, 20 targets and 20 baselines." in page
    result = imports.import_file(_full_file(), "par.csv", actor=me.officer, dry_run=True)
    assert not result.rejected and result.values == 312
    assert _written(db) == (0, 0, 0)


def test_a_file_longer_than_the_streamed_limit_is_refused_with_a_clear_message(
    factory, me, db, login_as, app, monkeypatch, chunked
):
    _strategy_with_20_indicators(factory, me, db)
    monkeypatch.setitem(app.config, "IMPORT_MAX_STREAMED_ROWS", 300)
    page = upload(login_as(me.officer), _full_file(), "par.csv").get_data(as_text=True)
    assert "The file is too large to import: at most 300 rows. Split it into smaller files." in page
    assert chunked == [] and _written(db) == (0, 0, 0)


def test_a_malformed_late_line_rolls_everything_back(factory, me, db, chunked):
    _strategy_with_20_indicators(factory, me, db)
    data = _full_file() + b"PAR-01,2025Q4,RS,,actual,12,,extra,cells\r\n"
    result = imports.import_file(data, "broken.csv", actor=me.officer)
    assert str(result.problem) == (
        "Line 354 has 9 values but the header row has 7. A value holding the separator must be in double quotes."
    )
    assert len(chunked) == 7  # the first 350 rows were read, checked and written before the bad line
    assert _written(db) == (0, 0, 0)


def test_past_a_thousand_problems_of_a_kind_the_rest_are_counted(factory, me, db, login_as, chunked, monkeypatch):
    _strategy_with_20_indicators(factory, me, db)
    monkeypatch.setattr(imports, "MAX_LISTED", 5)
    rows = [["PAR-99", "2024Q1", "RS", "", "actual", "12", ""]] * 120
    page = upload(login_as(me.officer), csv_bytes(HEADER, rows), "unknown.csv").get_data(as_text=True)
    assert "120 rows have problems; nothing was imported." in page
    assert "Unknown code (lines 2, 3, 4, 5, 6)" in page
    assert "115 more problems of this kind are not listed." in page


def test_the_key_ledger_finds_earlier_keys_across_merges(monkeypatch):
    monkeypatch.setattr(streamed, "MERGE_EVERY", 3)
    ledger, rng = streamed.KeyLedger(), np.random.default_rng(7)
    keys = np.unique(rng.integers(0, 2**64 - 1, size=10_000, dtype=np.uint64))  # the full 64 bits, no repeat
    rng.shuffle(keys)
    assert len(keys) == 10_000
    for start in range(0, 10_000, 1000):
        part = keys[start : start + 1000]
        assert not ledger.earlier(part).any()
        ledger.add(part, np.arange(start + 2, start + 1002, dtype=np.uint32))
    assert len(ledger) == 10_000 and len(ledger.parts) <= 4
    assert ledger.earlier(keys[::7]).tolist() == list(range(2, 10_002, 7))
    unknown = np.setdiff1d(np.array([0, 1, 2**63 + 5, 2**64 - 1], dtype=np.uint64), keys)
    assert len(unknown) and not ledger.earlier(unknown).any()


def test_a_long_file_gets_the_same_report_as_when_read_whole(factory, me, db, app, monkeypatch, chunked):
    """Semicolons, a byte-order mark and quoted cells too: what pandas reads, the csv module reads the same."""
    _strategy_with_20_indicators(factory, me, db)
    closing = factory.me_document(me.agency, code="OLD", entry_window_days=30)
    factory.me_indicator(closing, code="OLD-01")
    db.session.commit()
    rows = _rows_of(_full_file())
    rows[60][6] = "from the register; checked"  # a quoted cell holding the separator
    rows[70][5] = "many"  # not a number, in the second chunk
    # Two pairs across the boundary of chunks 6 and 7 (lines 301 | 302), the first with its numerator too large.
    assert [row[4] for row in rows[298:302]] == ["numerator", "denominator", "numerator", "denominator"]
    rows[298], rows[300] = rows[300], [*rows[298][:5], "1000", ""]
    rows += [
        ["PAR-99", "2024Q1", "RS", "", "actual", "12", ""],
        ["OLD-01", "2023Q1", "RS", "", "actual", "5", ""],
        ["PAR-03", "2024Q1", "PSH", "", "actual", "7", ""],
        ["PAR-19", "2024Q1", "RS", "Batumi", "numerator", "1", ""],
        ["PAR-19", "2024Q1", "RS", "Tbilisi", "numerator", "1000", ""],
        rows[100],
        rows[1],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([HEADER, *rows])
    data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    streamed_result = imports.import_file(data, "semi.csv", actor=me.officer)
    db.session.rollback()
    assert len(chunked) == 8
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 100_000)
    whole = imports.import_file(data, "semi.csv", actor=me.officer)
    db.session.rollback()
    assert len(chunked) == 8 and whole.rows == streamed_result.rows == ROWS + 7
    expected = {
        "unknown": [ROWS + 2, ROWS + 5],
        "duplicate": [ROWS + 6, ROWS + 7, ROWS + 8],
        "closed": [ROWS + 3],
        "invalid": [72, 301, 302],
        "scope": [ROWS + 4],
    }
    assert imports.group_lines(whole) == expected
    # Read whole, both halves of the pair are flagged; streamed, the denominator was checked (in chunk 6) before its
    # numerator was read, so the numerator's line alone names the problem, which still refuses the file.
    assert imports.group_lines(streamed_result) == {**expected, "invalid": [72, 302]}
    texts = [
        {kind: {(line, str(message)) for line, message in found} for kind, found in result.conflicts.items()}
        for result in (whole, streamed_result)
    ]
    assert texts[0]["invalid"] - texts[1]["invalid"] == {(301, "The numerator (1000) is above the denominator (100).")}
    assert {**texts[0], "invalid": None} == {**texts[1], "invalid": None}
