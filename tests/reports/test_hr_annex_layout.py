"""The staff annex's columns hold their contents (issue 20): a hire date or a row number never wraps.

WeasyPrint adds a cell's padding to the width its column is given, so widths that sum to the table's width leave
the last column what the paddings did not take: the "Hired" column was about 1 mm wide, every date broke one digit
a line and a ministry's annex ran to four times its pages. Read back with pypdf, each date is one word.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from common.directory import operations as directory_ops
from tests.reports.helpers import add_people, build_ministry, people
from tests.reports.test_exports_and_pdf import _pdf

EXTRA = 278  # with build_ministry's 22 people in post: 300 rows, two parts of the annex
MAX_PAGES = 12  # the report's 5 pages, then about 50 rows a page (a long position title takes two lines)
# A position title as long as the ministries' longest ones: two lines of its column, in either language.
LONG_TITLE_KA = "სახელმწიფო შესყიდვების დეპარტამენტის უფროსი სპეციალისტი"
LONG_TITLE_EN = "Senior specialist of the state procurement department"


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_every_hire_date_of_the_annex_reads_unbroken_and_the_annex_stays_short(factory, login_as, lang):
    world = build_ministry(factory)
    long_title = directory_ops.create_position("PL", LONG_TITLE_KA, LONG_TITLE_EN, 3, "specialist", audit=False)
    rows = people(world.budget, EXTRA, start=1000, position=world.positions["specialist"])
    for n, row in enumerate(rows):  # a different date on every row, so that each one is looked for
        row["hire_date"] = date(1990, 1, 3) + timedelta(days=37 * n)
        if n % 20 == 0:  # now and then a title of two lines
            row["position_id"] = long_title.id
    add_people(rows)
    hired = {row["hire_date"].isoformat() for row in rows} | {"2015-03-01", "2020-05-01", "2024-02-01", "2023-09-01"}

    data = _pdf(login_as(world.hr), world.unit.id, lang, annex="y")
    pages = PdfReader(io.BytesIO(data)).pages
    words = set(" ".join(page.extract_text() for page in pages).split())
    missing = sorted(day for day in hired if day not in words)
    assert not missing, f"{len(missing)} hire dates broken across lines, e.g. {missing[:3]}"
    row_numbers = {int(word) for word in words if re.fullmatch(r"\d{1,3}", word)}
    assert set(range(1, 301)) <= row_numbers, "every row number reads whole"
    assert len(pages) <= MAX_PAGES, f"{len(pages)} pages for 300 rows"
