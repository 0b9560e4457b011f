"""A long staff annex is rendered in parts and joined: the file reads as one report, page numbers included."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from reports import hr_report
from tests.reports.helpers import YEAR, build_ministry
from tests.reports.test_exports_and_pdf import _pdf

IN_POST = 22  # build_ministry's staff in post at the end of 2024


def _pages(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def _annex_numbers(pages: list[str]) -> list[int]:
    """The row numbers of the annex, in the order the pages show them (a row reads "N Nino Surname…")."""
    return [int(n) for page in pages for n in re.findall(r"\b(\d+) Nino Surname", page)]


@pytest.mark.parametrize("rows_per_part", [3, 11, IN_POST - 1])  # short last part, equal parts, one-row last part
def test_the_annex_in_parts_lists_everyone_once_with_the_pages_numbered_throughout(factory, login_as, monkeypatch,
                                                                                   rows_per_part):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    whole = _pages(_pdf(hr, world.unit.id, "en", annex="y"))  # one piece: the annex is short
    monkeypatch.setattr(hr_report, "ANNEX_ROWS_PER_PART", rows_per_part)
    pages = _pages(_pdf(hr, world.unit.id, "en", annex="y"))
    assert len(pages) >= len(whole)  # each later part begins a page
    assert _annex_numbers(pages) == _annex_numbers(whole) == list(range(1, IN_POST + 1))
    text = " ".join(pages)
    for surname in re.findall(r"Surname\d{6}", " ".join(whole)):
        assert text.count(surname) == 1, surname
    for number, page in enumerate(pages, 1):  # laid over the joined file: right on every page, once
        assert page.count(f"Page {number} of {len(pages)}") == 1, (number, page[-200:])
        assert "Page " not in page.replace(f"Page {number} of {len(pages)}", "")
    annex = [n for n, page in enumerate(pages) if n and "Annex: staff in post" in page]
    assert annex == list(range(annex[0], len(pages))), "the running header goes on over the later parts"
    assert all(f"HR report: Ministry A, {YEAR}" in page for page in pages[1:])
    assert "Generated on" in pages[-1] and "Surname" in pages[-1]
    first, first_whole = (page.rsplit(" Page 1 of ", 1)[0] for page in (pages[0], whole[0]))
    assert first == first_whole, "the contents page (with the annex's page number) is the same"


def test_a_short_annex_is_rendered_in_one_piece(app, monkeypatch):
    calls = []
    monkeypatch.setattr(hr_report, "render_pdf_in_parts", lambda *args: calls.append(args))
    monkeypatch.setattr(hr_report, "render_pdf_html", lambda html: b"%PDF")
    monkeypatch.setattr(hr_report, "render_hr_report_html", lambda *args, **kwargs: "<html></html>")
    with app.test_request_context():
        assert hr_report.hr_report_pdf({}, "en", [object()] * hr_report.ANNEX_ROWS_PER_PART) == b"%PDF"
    assert calls == []
