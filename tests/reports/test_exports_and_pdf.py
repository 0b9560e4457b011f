"""One set of figures, three outputs: the dashboard's cells equal the export's and the PDF's, in both languages."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.hr_figures import TABLE_KEYS
from tests.reports.helpers import YEAR, build_ministry
from tests.reports.test_dash import CALLBACK
from tests.reports.test_permissions_matrix import _callback_body


def _pdf_text(data: bytes) -> str:
    """The PDF's text with runs of white space made single spaces (lines wrap where the layout says)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def _dashboard_rows(client, unit_id: int) -> dict[str, list[list[str]]]:
    """The rows of each table section of the dashboard's callback response."""
    response = client.post(CALLBACK, json=_callback_body(unit_id, YEAR)).get_json()
    sections = [node for node in response["response"]["hr-content"]["children"] if node["type"] == "Section"]
    tables = {}
    for section in sections:
        table = section["props"]["children"][2]["props"]["children"]
        body = table["props"]["children"][1]["props"]["children"]
        tables[section["props"]["id"].removeprefix("hr-")] = [
            [cell["props"]["children"] for cell in row["props"]["children"]] for row in body]
    return tables


def _pdf(client, unit_id: int, lang: str, **extra) -> bytes:
    response = client.post("/reports/hr/report", data={"unit": unit_id, "year": YEAR, "lang": lang, **extra})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    job_page = client.get(response.headers["Location"])
    assert "Download" in job_page.get_data(as_text=True)
    download = client.get(response.headers["Location"] + "/file")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    return download.data


def test_dashboard_export_and_pdf_show_the_same_figures(factory, login_as):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    dashboard = _dashboard_rows(hr, world.unit.id)
    assert set(dashboard) == set(TABLE_KEYS)
    assert dashboard["by_unit"] == [["Audit Division", "<5"], ["Budget Division", "12"], ["Tax Division", "hidden"],
                                    ["Total", "22"]]
    pdf_text = _pdf_text(_pdf(hr, world.unit.id, "en"))
    for key, rows in dashboard.items():
        exported = hr.get(f"/reports/hr/{key}.csv?unit={world.unit.id}&year={YEAR}")
        assert exported.status_code == 200
        csv_rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
        assert csv_rows[1:] == rows, key
        workbook = load_workbook(io.BytesIO(hr.get(f"/reports/hr/{key}.xlsx?unit={world.unit.id}&year={YEAR}").data))
        xlsx_rows = [[str(v) for v in row] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
        assert xlsx_rows == rows, key
        for label, *cells in rows:
            # Each row reads the same in the PDF: the label, then its cells, on one line.
            assert " ".join([label, *cells]) in pdf_text, (key, label)
    assert "12" in dashboard["by_unit"][1] and "<5" in pdf_text and "hidden" in pdf_text


def test_the_pdf_in_georgian_and_in_english(factory, login_as):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    english = _pdf_text(_pdf(hr, world.unit.id, "en"))
    for heading in ("HR report: Ministry A, 2024", "Contents", "Headcount by unit", "Headcount by rank",
                    "Headcount by gender", "Hires and leavers by year", "Appraisal completion by unit",
                    "Final labels against the calibration guideline"):
        assert heading in english, heading
    assert "Female 14" in english and "Total 22" in english and "Page 1 of" in english
    georgian = _pdf_text(_pdf(hr, world.unit.id, "ka"))
    # Georgian headings, dates and unit names; the figures are the same.
    for text in ("შინაარსი", "სტრუქტურული ერთეული", "რანგი", "ერთეული MA-B 12", "სულ 22", "31 დეკემბერი, 2024"):
        assert text in georgian, text
    assert "Contents" not in georgian and "December" not in georgian


def test_the_pdf_has_page_numbers_running_headers_contents_and_vector_charts(factory, login_as):
    world = build_ministry(factory)
    data = _pdf(login_as(world.hr), world.unit.id, "en")
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 3
    assert all(f"Page {n} of {len(pages)}" in text for n, text in enumerate(pages, 1))
    assert all("HR report: Ministry A, 2024" in text for text in pages[1:]), "running header"
    contents = pages[0]
    assert "Headcount" in contents and "Hires and leavers" in contents
    assert "/StructTreeRoot" in str(reader.trailer["/Root"].keys()), "tagged PDF"
    for page in reader.pages:  # charts are vector drawings and text, never embedded pictures
        xobjects = page["/Resources"].get("/XObject", {})
        assert all(x.get_object().get("/Subtype") != "/Image" for x in xobjects.values())
    assert "Budget Division 12" in " ".join(pages[1].split())


def test_exports_refuse_a_unit_outside_the_scope(factory, login_as):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    assert hr.get(f"/reports/hr/by_unit.csv?unit={world.other.id}").status_code == 404
    assert hr.get(f"/reports/hr?unit={world.other.id}").status_code == 404
    assert hr.post("/reports/hr/report", data={"unit": world.other.id, "year": YEAR, "lang": "en"}).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_cell_cannot_run_as_a_formula(factory, login_as, fmt):
    world = build_ministry(factory)
    world.budget.name_en = "=HYPERLINK(\"http://evil\",\"x\")"
    from common.extensions import db

    db.session.commit()
    data = login_as(world.hr).get(f"/reports/hr/by_unit.{fmt}?unit={world.unit.id}&year={YEAR}").data
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows[2][0].startswith("'=")
    else:
        cell = load_workbook(io.BytesIO(data)).active["A3"]
        assert cell.data_type == "s" and cell.value.startswith("'=")
