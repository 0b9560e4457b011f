"""The Georgian PDFs hold their tables (issue 18): rendered with the demo's longest Georgian labels, no text of the
monitoring report or the compliance report reaches the right margin (pages drawn with pdftoppm and looked at), and
no indicator row is split across pages from its name (read back with pypdf)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from common.models import OrgUnit, User
from monitoring.models import PolicyDocument
from reports.me_figures import me_figures, number
from tests.monitoring.test_demo import demo  # noqa: F401 - the ``flask demo`` data
from tests.monitoring.test_georgian import georgian_pdf

DPI = 40  # enough to see a letter: a 10 mm strip is 15 pixels wide
MARGIN_MM = 16  # the right margin of every report page (reports/_pdf_head.html)


def _pages(pdf: bytes, tmp_path: Path) -> list[tuple[int, int, bytes]]:
    """Each page as (width, height, grey pixels), drawn by poppler's pdftoppm (as CI's fresh machine has it)."""
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(source), str(tmp_path / "page")], check=True,
                   timeout=120)
    pages = []
    for image in sorted(tmp_path.glob("page-*.pgm")):
        data = image.read_bytes()
        parts = data.split(maxsplit=4)  # P5, width, height, maxval, pixels
        width, height = int(parts[1]), int(parts[2])
        pages.append((width, height, parts[4][-width * height:]))
    return pages


def _ink_in_right_margin(pages: list[tuple[int, int, bytes]]) -> list[int]:
    """Pages with ink (a dark pixel) in the right margin, beside the body (running header and footer rows aside)."""
    found = []
    for number_, (width, height, pixels) in enumerate(pages, 1):
        strip = int((MARGIN_MM - 4) / 25.4 * DPI)  # 4 mm of slack for anti-aliasing at the edge of the body
        top, bottom = int(22 / 25.4 * DPI), height - int(20 / 25.4 * DPI)
        if any(pixels[y * width + x] < 128 for y in range(top, bottom) for x in range(width - strip, width)):
            found.append(number_)
    return found


def _user(db, email):
    return db.session.execute(select(User).where(User.email == email)).scalar_one()


def _georgian(login_as, db, email):
    client = login_as(_user(db, email))
    client.post("/auth/language", data={"lang": "ka", "next": "/"})
    return client


def test_the_georgian_monitoring_report_holds_its_tables(demo, db, login_as, tmp_path):  # noqa: F811
    client = _georgian(login_as, db, "approver@demo.gov.ge")
    document = db.session.execute(select(PolicyDocument)).scalar_one()
    pdf = georgian_pdf(client, "/reports/me/report", {"document": document.id, "lang": "ka"})
    assert _ink_in_right_margin(_pages(pdf, tmp_path)) == []
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    from flask_babel import force_locale

    with force_locale("ka"):
        figures = me_figures(_user(db, "approver@demo.gov.ge"), document.id)
    assert len(figures["indicators"]) == 40
    for indicator in figures["indicators"]:
        figures_text = f"{number(indicator['baseline'])} {number(indicator['target'])} {number(indicator['actual'])}"
        name_words = indicator["name_ka"].split()
        holding = [n for n, text in enumerate(pages) if f"{indicator['code']} {name_words[0]}" in text]
        assert holding, indicator["code"]
        page = pages[holding[-1]]  # the indicator table comes after the contents and the agency tables
        assert figures_text in page and name_words[-1] in page, (indicator["code"], holding)


def test_the_georgian_compliance_report_holds_its_tables(demo, db, login_as, tmp_path):  # noqa: F811
    client = _georgian(login_as, db, "learning@demo.gov.ge")
    unit = db.session.execute(select(OrgUnit).where(OrgUnit.parent_id.is_(None)).order_by(OrgUnit.id)).scalars().first()
    pdf = georgian_pdf(client, "/reports/learning/report", {"unit": unit.id, "lang": "ka"})
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    assert _ink_in_right_margin(_pages(pdf, tmp_path)) == []


@pytest.fixture(autouse=True)
def _needs_pdftoppm() -> None:
    """pdftoppm is installed by ``make system-libs`` (poppler-utils); without it the test cannot look at pages."""
    subprocess.run(["pdftoppm", "-v"], check=True, capture_output=True)
