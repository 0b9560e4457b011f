"""Issue 17 in a real browser (Chromium, axe): the cycle's list, reminders from the page, the confirmed release,
the cancellation and the overlap warning."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_hr_filters_the_list_to_without_evaluator_and_assigns_one(page: Any, hr_world: Any, db: Any, sign_in: Any,
                                                                  assert_accessible: Any) -> None:
    hr_world.appraisal(hr_world.peers[0]).evaluator_id = None
    db.session.commit()
    sign_in(page, "hr@mof.gov.ge")
    page.goto(f"/hr/cycles/{hr_world.cycle.id}")
    page.get_by_role("link", name="7 appraisals").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Appraisals of the cycle")
    page.get_by_label("Without an evaluator").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("main")).to_contain_text("2 appraisals match.")
    assert "no_evaluator=1" in page.url
    assert_accessible(page)

    page.get_by_label("Evaluator for Peer Number0 (personal number)").fill(hr_world.boss.personal_number)
    page.get_by_role("button", name="Assign – Peer Number0").click()
    expect(page.get_by_role("status")).to_have_text("Tamar Beridze now evaluates Peer Number0.")
    expect(page.locator("main")).to_contain_text("1 appraisal matches.")
    expect(page.get_by_label("Without an evaluator")).to_be_checked()  # back on the same filtered list
    assert hr_world.appraisal(hr_world.peers[0]).evaluator_id == hr_world.boss.id

    page.goto(f"/hr/cycles/{hr_world.cycle.id}")  # the overview's count is a link to the same list
    page.get_by_role("link", name="1 without an evaluator").click()
    expect(page.locator("main")).to_contain_text("1 appraisal matches.")
    assert_accessible(page)


def test_the_employee_reads_a_release_in_the_inbox_and_the_count_goes_down(page: Any, hr_world: Any, db: Any,
                                                                         sign_in: Any, assert_accessible: Any) -> None:
    from tests.hrms.test_outcomes import EXCELLENT, assess

    hr_world.cycle.unused_sections = ["objectives"]
    db.session.commit()
    assess(hr_world, hr_world.person, EXCELLENT, release=True)
    db.session.commit()
    sign_in(page, "nino@mof.gov.ge")
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="Inbox 1 (1 unread)")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Acknowledge your appraisal or appeal (Annual appraisal)")
    assert_accessible(page)  # the home page with its to-do
    header.get_by_role("link", name="Inbox 1 (1 unread)").click()
    expect(page.get_by_role("heading", name="New Your appraisal has been released")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Open – Your appraisal has been released").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nino Gelashvili")
    expect(header.get_by_role("link", name="Inbox", exact=True)).to_be_visible()  # no count left
    expect(page.locator("#unread-count")).to_have_count(0)


def test_hr_sends_reminders_from_the_page_twice_and_each_person_gets_one_email(
        page: Any, hr_world: Any, db: Any, sign_in: Any, smtp_server: Any, assert_accessible: Any) -> None:
    from datetime import date, timedelta

    hr_world.cycle.objectives_due = date.today() + timedelta(days=5)  # within a week: time to remind
    db.session.commit()
    sign_in(page, "hr@mof.gov.ge")
    page.goto(f"/hr/cycles/{hr_world.cycle.id}")
    assert_accessible(page)
    page.get_by_role("button", name="Send reminders").click()
    expect(page.get_by_role("status")).to_contain_text("reminders sent; 0 had been sent before")
    first = len(smtp_server.messages)
    # Everyone with objectives to agree (seven people, evaluators Tamar and Giorgi among them), each ONCE: an
    # evaluator's message lists her own objectives and all her reports' together.
    recipients = [m["To"] for m in smtp_server.messages]
    assert sorted(recipients) == sorted(["nino@mof.gov.ge", "tamar@mof.gov.ge", "giorgi@mof.gov.ge",
                                         *(f"peer{n}@mof.gov.ge" for n in range(4))]), recipients
    expect(page.get_by_role("status")).to_contain_text("7 reminders sent; 0 had been sent before")
    tamar = next(m for m in smtp_server.messages if m["To"] == "tamar@mof.gov.ge").get_content()
    assert "Please agree your objectives" in tamar and "Please agree the objectives of" in tamar
    assert all(name in tamar for name in ("Nino Gelashvili", *(f"Peer Number{n}" for n in range(4))))

    page.get_by_role("link", name="7 appraisals").click()  # the same from the list, filtered or not
    page.get_by_role("button", name="Send reminders to the people in this list").click()
    expect(page.get_by_role("status")).to_contain_text("0 reminders sent; 7 had been sent before")
    assert len(smtp_server.messages) == first
    recipients = [m["To"] for m in smtp_server.messages]
    assert len(recipients) == len(set(recipients)) == 7  # still each person exactly once


def test_a_bulk_release_asks_for_confirmation(page: Any, hr_world: Any, db: Any, sign_in: Any,
                                              assert_accessible: Any) -> None:
    from hrms.models import CALIBRATION, RELEASED
    from tests.hrms.test_outcomes import GOOD, assess

    hr_world.cycle.unused_sections = ["objectives"]
    db.session.commit()
    for person in (hr_world.person, hr_world.peers[0]):
        assess(hr_world, person, GOOD)
    db.session.commit()
    sign_in(page, "hr@mof.gov.ge")
    page.goto(f"/hr/cycles/{hr_world.cycle.id}")
    page.get_by_role("link", name="Release all calibrated ratings").click()
    main = page.locator("main")
    expect(main).to_contain_text("2 appraisals will be released.")
    expect(page.get_by_role("table", name="Appraisals to release")).to_contain_text("Peer Number0")
    assert_accessible(page)
    assert hr_world.appraisal().state == CALIBRATION  # nothing happened by opening the page

    assess(hr_world, hr_world.peers[1], GOOD)  # meanwhile a third one is calibrated
    db.session.commit()
    page.get_by_role("button", name="Release 2 appraisals").click()
    expect(page.get_by_role("alert")).to_contain_text("changed since you confirmed (2 then, 3 now)")
    assert hr_world.appraisal().state == CALIBRATION

    page.get_by_role("link", name="Release all calibrated ratings").click()
    page.get_by_role("button", name="Release 3 appraisals").click()
    expect(page.get_by_role("status")).to_have_text("3 appraisals released.")
    assert hr_world.appraisal().state == RELEASED


def test_an_overlapping_cycle_is_refused_without_a_reason(page: Any, hr_world: Any, db: Any, sign_in: Any,
                                                          assert_accessible: Any) -> None:
    from datetime import date, timedelta

    from sqlalchemy import func, select

    from hrms.models import AppraisalCycle

    sign_in(page, "hr@mof.gov.ge")
    page.goto("/hr/cycles/new")
    page.get_by_label("Name in Georgian").first.fill("მეორე შეფასება")
    page.get_by_label("Name in English").first.fill("Second appraisal")
    page.get_by_label("Org unit", exact=True).fill("MOF-1")
    today = date.today()
    for label, value in (("Period starts", f"{today.year}-01-01"), ("Period ends", f"{today.year}-12-31")):
        page.get_by_label(label).fill(value)
    for n, label in enumerate(("Objectives agreed by", "Self-assessment by", "Manager assessment by",
                               "Calibration by", "Release by"), 1):
        page.get_by_label(label).fill((today + timedelta(days=n)).isoformat())
    page.get_by_role("button", name="Create the cycle and its appraisals").click()
    expect(page.get_by_role("alert")).to_contain_text("overlaps the open cycle Annual appraisal")
    assert_accessible(page)
    assert db.session.execute(select(func.count(AppraisalCycle.id))).scalar_one() == 1

    page.get_by_label("Reason to run it beside an overlapping cycle").fill("Re-run after the restructuring")
    page.get_by_role("button", name="Create the cycle and its appraisals").click()
    expect(page.get_by_role("status")).to_contain_text("Cycle created with")
    expect(page.locator("main")).to_contain_text("Re-run after the restructuring")


def test_the_new_pages_fit_a_390_px_phone(new_context: Any, hr_world: Any, db: Any, sign_in: Any) -> None:
    """The list, inbox, to-do, confirmation and cancellation pages: no sideways scroll at 390 px (wide tables
    scroll inside their own frame)."""
    from tests.hrms.test_outcomes import GOOD, assess

    hr_world.cycle.unused_sections = ["objectives"]
    hr_world.appraisal(hr_world.peers[0]).evaluator_id = None
    db.session.commit()
    assess(hr_world, hr_world.person, GOOD)
    db.session.commit()
    page = new_context(viewport={"width": 390, "height": 800}).new_page()
    cycle = hr_world.cycle.id
    hr_pages = ["/", f"/hr/cycles/{cycle}/appraisals", f"/hr/cycles/{cycle}/appraisals?no_evaluator=1",
                f"/hr/cycles/{cycle}/release/confirm", f"/hr/cycles/{cycle}/cancel",
                f"/hr/people/{hr_world.person.id}/appraisals"]
    for email, urls in (("hr@mof.gov.ge", hr_pages), ("nino@mof.gov.ge", ["/", "/inbox/"])):
        sign_in(page, email)
        for url in urls:
            for lang, code in (("English", "en"), ("ქართული", "ka")):
                page.goto(url)
                page.get_by_role("button", name=lang).click()
                expect(page.locator("html")).to_have_attribute("lang", code)
                page.wait_for_load_state("load")  # the stylesheet applied before measuring
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 390, f"{url} in {lang} is {width} px wide at 390 px"
        page.get_by_role("button", name="English").click()
        page.locator("form[action='/auth/logout'] button").click()
