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


def _spy_on_children(monkeypatch) -> list[list[str]]:
    """The commands of the processes the PDF code starts, and WeasyPrint refused in this (the worker's) process."""
    import subprocess

    import weasyprint

    from common import pdf

    started: list[list[str]] = []
    real_popen = subprocess.Popen

    def popen(command, *args, **kwargs):
        started.append(list(command))
        return real_popen(command, *args, **kwargs)

    def no_layout_here(*args, **kwargs):
        raise AssertionError("the worker laid out a PDF itself")

    monkeypatch.setattr(pdf.subprocess, "Popen", popen)
    monkeypatch.setattr(weasyprint, "HTML", no_layout_here)
    return started


def test_the_annex_is_laid_out_by_the_child_process_with_its_pages_numbered_throughout(factory, login_as,
                                                                                      monkeypatch):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    monkeypatch.setattr(hr_report, "ANNEX_ROWS_PER_PART", 4)  # six parts: the report with 4 rows, then 4, 4, 4, 4, 2
    started = _spy_on_children(monkeypatch)
    pages = _pages(_pdf(hr, world.unit.id, "en", annex="y"))
    assert [command[1:3] for command in started] == [["-m", "common.pdf_render"]], "one child lays out every part"
    assert _annex_numbers(pages) == list(range(1, IN_POST + 1))
    footers = [re.findall(r"Page (\d+) of (\d+)", page) for page in pages]
    assert footers == [[(str(n), str(len(pages)))] for n in range(1, len(pages) + 1)]


def test_the_report_without_its_annex_is_rendered_in_the_worker(factory, login_as, monkeypatch):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    started = []
    monkeypatch.setattr(hr_report, "render_pdf_in_child", lambda *args: started.append(args))
    pages = _pages(_pdf(hr, world.unit.id, "en"))
    assert started == [] and f"Page 1 of {len(pages)}" in pages[0]


def test_the_layout_process_imports_no_flask():
    import subprocess
    import sys

    from common.pdf import ROOT

    check = ("import sys, common.pdf_render\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'app')))")
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
