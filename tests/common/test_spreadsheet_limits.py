"""Uploaded spreadsheets are bounded before they are parsed: a small file cannot occupy a worker for a minute.

The bombs are built here, byte by byte: a valid .xlsx is a zip of a few XML parts, and the sheet part can
hold (or merely declare) far more than the upload's size suggests.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook

from common.directory.file_format import FileRefused
from common.directory.importer import read_table
from common.models.users import HR_OFFICER
from common.spreadsheet import read_xlsx
from monitoring.operations import imports as me_imports

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>')


def workbook_with_sheet(dimension: str | None, rows_xml: str) -> bytes:
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             + (f'<dimension ref="{dimension}"/>' if dimension else "")
             + f"<sheetData>{rows_xml}</sheetData></worksheet>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def sheet_holding_60_mb() -> bytes:
    """About 60 MB of cells that claim to be one cell (``A1:A1``); it compresses to a few hundred KB."""
    row = "<row>" + '<c t="inlineStr"><is><t>personal_number</t></is></c>' * 12 + "</row>"
    return workbook_with_sheet("A1:A1", row * (60_000_000 // len(row)))


def sheet_declaring_a_million_rows() -> bytes:
    """A few bytes of cells under a dimension of 1,048,576 rows by 16,384 columns (pandas padded to it)."""
    return workbook_with_sheet("A1:XFD1048576", '<row r="1"><c r="A1"><v>1</v></c></row>')


def sheet_with_a_far_away_cell() -> bytes:
    """No dimension, one cell in the last row and column: a reader filling the gaps makes 17 billion cells."""
    return workbook_with_sheet(None, '<row r="1"><c r="A1"><v>1</v></c></row>'
                                     '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>')


class Unpacked:
    """Counts the bytes unpacked from any zip member while it is installed: the work a bomb makes a reader do.

    The sheets here are a few hundred KB packed and up to 60 MB (or 17 billion cells) unpacked; a reader that is
    bounded refuses them from the zip's directory or the sheet's first bytes, and that is what is asserted, in
    bytes rather than seconds, so that a loaded machine cannot fail the test and a fast one cannot hide a bomb.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.bytes = 0
        read = zipfile.ZipExtFile.read

        def counted(member: zipfile.ZipExtFile, size: int = -1) -> bytes:
            chunk = read(member, size)
            self.bytes += len(chunk)
            return chunk

        monkeypatch.setattr(zipfile.ZipExtFile, "read", counted)


# Every bomb here is refused after at most this much unpacked: its zip parts but the sheet, and the sheet's start.
REFUSED_WITHIN_BYTES = 256 * 1024


def refused_early(data: bytes, unpacked: Unpacked) -> str:
    before = unpacked.bytes
    with pytest.raises(FileRefused) as refusal:
        read_table(data, "staff.xlsx")
    assert unpacked.bytes - before < REFUSED_WITHIN_BYTES
    return str(refusal.value)


@pytest.fixture
def unpacked(monkeypatch: pytest.MonkeyPatch) -> Unpacked:
    return Unpacked(monkeypatch)


def test_a_small_file_holding_a_huge_sheet_is_refused_before_it_is_unpacked(app, unpacked):
    data = sheet_holding_60_mb()
    assert len(data) < 400_000
    with app.test_request_context():
        assert "holds far more data than its file size suggests" in refused_early(data, unpacked)


@pytest.mark.parametrize("build", [sheet_declaring_a_million_rows, sheet_with_a_far_away_cell])
def test_a_sheet_declaring_or_reaching_a_huge_size_is_refused_from_its_first_bytes(app, build, unpacked):
    with app.test_request_context():
        assert "too large to import: at most 200000 rows" in refused_early(build(), unpacked)


def many_rows(count: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["personal_number", "first_name_en"])
    for n in range(count):
        sheet.append([f"0{n:010d}", "Nino"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_rows_cells_and_time_are_bounded_by_settings(app, monkeypatch, unpacked):
    data = many_rows(300)
    with app.test_request_context():
        assert len(read_table(data, "staff.xlsx")) == 300
        monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 100)
        assert "at most 100 rows" in refused_early(data, unpacked)
        assert "at most 100 rows" in str(pytest.raises(FileRefused, read_table, b"a,b\n" * 200, "staff.csv").value)
        monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 1000)
        monkeypatch.setitem(app.config, "IMPORT_MAX_CELLS", 100)
        assert "100 cells" in refused_early(data, unpacked)
        monkeypatch.setitem(app.config, "IMPORT_MAX_CELLS", 10_000)
        monkeypatch.setitem(app.config, "IMPORT_MAX_SECONDS", 0)
        assert "took too long" in refused_early(data, unpacked)


def test_the_reader_gives_the_text_pandas_gave(app):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["a", "b", "c", None])
    sheet.append([1, 2.5, 3.0, None])
    sheet.append([None, None, None])
    sheet.append(["x", None, "ბერიძე"])
    sheet.append([None])
    out = io.BytesIO()
    workbook.save(out)
    with app.test_request_context():
        assert read_xlsx(out.getvalue()) == [["a", "b", "c"], ["1", "2.5", "3"], ["", "", ""], ["x", "", "ბერიძე"]]


def test_both_imports_show_the_refusal_in_the_users_language(app, login_as, factory, db, unpacked):
    data = sheet_holding_60_mb()
    with app.test_request_context():
        result = me_imports.import_file(data, "values.xlsx", actor=None)
        assert "holds far more data than its file size suggests" in str(result.problem)

    client = login_as(factory.user(roles=[(HR_OFFICER, factory.unit("MA"))]))
    db.session.commit()

    def upload(lang: str) -> Any:
        with client.session_transaction() as session:
            session["lang"] = lang
        before = unpacked.bytes
        response = client.post("/directory/import", data={"file": (io.BytesIO(data), "staff.xlsx"), "kind": "auto"},
                               content_type="multipart/form-data")
        assert unpacked.bytes - before < REFUSED_WITHIN_BYTES
        return response.get_data(as_text=True)

    assert "holds far more data than its file size suggests" in upload("en")
    assert "ცხრილი გაცილებით მეტ მონაცემს შეიცავს" in upload("ka")
