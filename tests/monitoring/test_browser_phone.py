"""The M&E pages on a phone (issue 18): at 390 px the data-entry grid and form, the approver's queue and evidence,
the indicator passport and the strategy page scroll only downwards, in English and Georgian, and axe finds nothing
serious or critical on them."""

from __future__ import annotations

from typing import Any

import pytest

from monitoring.models import DataValue, Target
from tests.monitoring.test_demo import demo  # noqa: F401 - the ``flask demo`` data

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture()
def regional(factory: Any, me: Any, db: Any) -> Any:
    """A computed regional share with a long name, its history near 97 % and a flagged 5/900 awaiting approval."""
    me.document.published = True
    me.document.legal_act = "Government Decree No. 629 of 29 December 2022 on the Public Administration Reform"
    share = factory.me_indicator(
        me.document, me.objective, code="PAR-26", unit="percentage", computed=True, factor=100,
        name_en="Share of tax returns filed online through the Revenue Service portal, by region",
        numerator_label="Returns filed online", denominator_label="All returns filed",
        dimensions={"region": ["Tbilisi", "Racha-Lechkhumi and Kvemo Svaneti", "Samegrelo-Zemo Svaneti"]})
    factory.me_result(me.document, parent=me.objective, code="1.1.1")
    for period in ("2024Q1", "2024Q2", "2024Q3", "2024Q4"):
        for region in ("Tbilisi", "Racha-Lechkhumi and Kvemo Svaneti", "Samegrelo-Zemo Svaneti"):
            for component, value in (("numerator", 970), ("denominator", 1000)):
                db.session.add(DataValue(indicator_id=share.id, period=period, org_unit_id=me.agency.id,
                                         cell=f"region={region}", cell_depth=1, component=component, value=value,
                                         status="approved"))
    for component, value in (("numerator", 5), ("denominator", 900)):
        db.session.add(DataValue(indicator_id=share.id, period="2025Q1", org_unit_id=me.agency.id,
                                 cell="region=Tbilisi", cell_depth=1, component=component, value=value,
                                 status="submitted", entered_by_id=me.officer.id, submitted_by_id=me.officer.id))
    db.session.add(Target(indicator_id=share.id, period="2025", value=98))
    db.session.commit()
    return share


WIDE = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 390)
    .slice(0, 5).map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 40))"""


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(WIDE) if width > PHONE["width"] else []
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at {PHONE['width']} px: {wide}"


def test_the_entry_pages_and_the_strategy_page_fit_a_phone(new_context: Any, me: Any, regional: Any, sign_in: Any,
                                                           assert_accessible: Any) -> None:
    officer = new_context(viewport=PHONE).new_page()
    sign_in(officer, me.officer.email)
    for url in ("/me/entry", f"/me/indicators/{regional.id}/values?period=2025Q2&unit={me.agency.id}",
                f"/me/documents/{me.document.id}", f"/me/indicators/{regional.id}"):  # the last: its passport
        assert officer.goto(url).status == 200, url
        _no_sideways_scroll(officer)
        assert_accessible(officer)
    approver = new_context(viewport=PHONE).new_page()
    sign_in(approver, me.approver.email)
    for url in ("/me/approvals", f"/me/indicators/{regional.id}/values?period=2025Q1&unit={me.agency.id}"):
        approver.goto(url)
        assert "0.56" in approver.content()
        _no_sideways_scroll(approver)
        assert_accessible(approver)


def test_the_demo_strategy_in_georgian_fits_a_phone(new_context: Any, demo: Any,  # noqa: F811
                                                    db: Any, sign_in: Any,
                                                    assert_accessible: Any) -> None:
    from sqlalchemy import select

    from monitoring.models import Indicator, PolicyDocument

    document = db.session.execute(select(PolicyDocument)).scalar_one()
    indicators = {i.code: i for i in db.session.execute(select(Indicator)).scalars()}
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, "me@demo.gov.ge", "demo-password-for-tests")
    page.goto("/me/entry")
    page.locator("button[name=lang][value=ka]").click()  # the user switches to Georgian: the longest labels
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ka"
    urls = ["/me/entry", f"/me/documents/{document.id}"]
    urls += [f"/me/indicators/{indicators[code].id}/values?period=2025Q1&unit={indicators[code].responsible_unit_id}"
             for code in ("PAR-26", "PAR-30")]
    passports = [f"/me/indicators/{indicators[code].id}" for code in ("PAR-26", "PAR-30", "PAR-03")]
    for url in urls + passports:
        assert page.goto(url).status == 200, url
        if url in passports:
            assert "ინდიკატორის დასახელება ქართულად" in page.content()
        _no_sideways_scroll(page)
        assert_accessible(page)

    approver = new_context(viewport=PHONE).new_page()  # the approval queue, in Georgian
    sign_in(approver, "approver@demo.gov.ge", "demo-password-for-tests")
    approver.goto("/me/approvals")
    approver.locator("button[name=lang][value=ka]").click()
    approver.wait_for_load_state()
    assert approver.locator("html").get_attribute("lang") == "ka" and approver.url.endswith("/me/approvals")
    assert approver.locator("main form").count() > 0  # groups waiting for a decision, not an empty queue
    _no_sideways_scroll(approver)
    assert_accessible(approver)
