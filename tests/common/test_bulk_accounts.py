"""Accounts for a unit of 30 in one action, each with a single-use, expiring sign-in link by e-mail (real local
SMTP); the link sets a password once; the same links reset a password. Tokens are stored hashed."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from common.models import SignInLink, User
from common.models.base import utcnow
from common.models.users import ADMIN, HR_OFFICER
from common.users import bulk

NEW_PASSWORD = "correct horse battery staple orbit"
LINK = re.compile(r"https?://[^\s]+/auth/link/([A-Za-z0-9_-]+)")


@pytest.fixture()
def unit_of_30(factory: Any, db: Any) -> dict[str, Any]:
    ministry = factory.unit("MOE", name_en="Ministry of Economy")
    division = factory.unit("MOE-1", parent=ministry, kind="division", name_en="Trade Division")
    other = factory.unit("MOH", name_en="Ministry of Health")
    staff = [factory.employee(division, first_name_en="Staff", last_name_en=f"Member{n:02d}",
                              email=f"staff{n}@moe.gov.ge") for n in range(30)]
    no_email = factory.employee(division, first_name_en="Without", last_name_en="Address", email=None)
    hr = factory.user(roles=[(HR_OFFICER, ministry)], email="hr@moe.gov.ge")
    hr_other = factory.user(roles=[(HR_OFFICER, other)], email="hr@moh.gov.ge")
    admin = factory.user(roles=[(ADMIN, None)], email="admin@csb.gov.ge")
    db.session.commit()
    return {"ministry": ministry, "division": division, "staff": staff, "no_email": no_email, "hr": hr,
            "hr_other": hr_other, "admin": admin}


def _token(message: Any) -> str:
    match = LINK.search(message.get_content())
    assert match, message.get_content()
    return match.group(1)


def test_hr_creates_30_accounts_in_one_action_each_with_its_own_link(unit_of_30: Any, db: Any, login_as: Any,
                                                                    smtp_server: Any, count_queries: Any) -> None:
    hr = login_as(unit_of_30["hr"])
    unit = unit_of_30["division"]
    page = hr.get(f"/directory/accounts/bulk?unit={unit.id}").text
    assert "Create 30 accounts" in page and "No e-mail address" in page
    assert login_as(unit_of_30["hr_other"]).post("/directory/accounts/bulk", data={"unit": unit.id}).status_code == 403

    done = hr.post("/directory/accounts/bulk", data={"unit": unit.id}, follow_redirects=True)
    assert "30 accounts created" in done.text and "1 person was skipped" in done.text
    assert db.session.scalar(select(func.count(User.id)).where(User.email.like("staff%@moe.gov.ge"))) == 30
    assert len(smtp_server.messages) == 30
    tokens = {m["To"]: _token(m) for m in smtp_server.messages}
    assert len(set(tokens.values())) == 30
    stored = set(db.session.execute(select(SignInLink.token_hash)).scalars())
    assert not stored & set(tokens.values())  # only hashes are kept
    assert {hashlib.sha256(t.encode()).hexdigest() for t in tokens.values()} == stored
    # A second run finds nobody left to create, and sends nothing.
    again = hr.post("/directory/accounts/bulk", data={"unit": unit.id}, follow_redirects=True)
    assert "0 accounts created" in again.text and len(smtp_server.messages) == 30


def test_a_link_sets_the_password_once_and_expires(unit_of_30: Any, db: Any, client: Any, login_as: Any,
                                                  smtp_server: Any, app: Any) -> None:
    bulk.create_accounts(unit_of_30["division"], actor=unit_of_30["hr"])
    db.session.commit()
    # (created above without mail: issue fresh links the way the page does, which retires the first ones)
    from common.auth import links

    user = db.session.execute(select(User).where(User.email == "staff0@moe.gov.ge")).scalar_one()
    assert client.post("/auth/login", data={"email": user.email, "password": NEW_PASSWORD}).status_code == 200
    token = links.issue(user, links.INVITE, actor=unit_of_30["hr"])
    db.session.commit()
    url = f"/auth/link/{token}"
    assert "Choose your password" in client.get(url).text
    weak = client.post(url, data={"new": "short", "confirm": "short"})
    assert "Use at least 12 characters." in weak.text
    done = client.post(url, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}, follow_redirects=True)
    assert "Your password is set." in done.text
    signed_in = client.post("/auth/login", data={"email": user.email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    second = login_as(unit_of_30["admin"]).get(url).text  # anyone, signed in or not, gets the same refusal
    assert "This link no longer works" in second
    assert "This link no longer works" in app.test_client().post(
        url, data={"new": NEW_PASSWORD + " x", "confirm": NEW_PASSWORD + " x"}).text

    other = db.session.execute(select(User).where(User.email == "staff1@moe.gov.ge")).scalar_one()
    expired = links.issue(other, links.INVITE)
    db.session.commit()
    row = db.session.execute(select(SignInLink).where(SignInLink.user_id == other.id,
                                                      SignInLink.used_at.is_(None))).scalar_one()
    row.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert "This link no longer works" in app.test_client().get(f"/auth/link/{expired}").text


def test_the_administrator_sends_a_password_reset_link(unit_of_30: Any, db: Any, login_as: Any, smtp_server: Any,
                                                       app: Any) -> None:
    person = unit_of_30["hr_other"]
    admin = login_as(unit_of_30["admin"])
    answer = admin.post(f"/directory/accounts/{person.id}/reset-link", follow_redirects=True)
    assert "A password-reset link was sent to hr@moh.gov.ge." in answer.text
    [message] = smtp_server.to("hr@moh.gov.ge")
    assert "Reset your password" in message["Subject"]
    client = app.test_client()
    url = f"/auth/link/{_token(message)}"
    client.post(url, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert client.post("/auth/login", data={"email": person.email, "password": NEW_PASSWORD}).status_code == 302
    assert "This link no longer works" in app.test_client().get(url).text


def test_imported_staff_get_accounts_the_same_way(unit_of_30: Any, db: Any, login_as: Any, smtp_server: Any,
                                                 app: Any) -> None:
    from common.directory.operations import import_directory_file
    from tests.common.test_import import person, to_csv

    rows = [person(900 + n, "MOE-1", email=f"imported{n}@moe.gov.ge") for n in range(3)]
    with app.test_request_context():
        result = import_directory_file(to_csv(rows), "staff.csv", actor=unit_of_30["hr"])
        assert not result.rejected and result.created == 3
        db.session.commit()
    done = login_as(unit_of_30["hr"]).post("/directory/accounts/bulk", data={"unit": unit_of_30["division"].id},
                                           follow_redirects=True)
    assert "33 accounts created" in done.text
    assert all(len(smtp_server.to(f"imported{n}@moe.gov.ge")) == 1 for n in range(3))


@pytest.mark.browser
def test_accounts_for_a_unit_of_30_then_one_link_sets_a_password(new_context: Any, unit_of_30: Any, sign_in: Any,
                                                                 smtp_server: Any, assert_accessible: Any) -> None:
    page = new_context().new_page()
    sign_in(page, "hr@moe.gov.ge")
    page.goto(f"/directory/units/{unit_of_30['division'].id}")
    page.get_by_role("link", name="Accounts for the staff").click()
    expect(page.get_by_role("table", name="Staff without an account")).to_contain_text("Staff Member29")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Create 30 accounts").click()
    expect(page.get_by_role("status").first).to_contain_text("30 accounts created")
    assert len(smtp_server.messages) == 30
    page.locator("form[action='/auth/logout'] button").click()

    [message] = smtp_server.to("staff7@moe.gov.ge")
    link = f"/auth/link/{_token(message)}"
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password is set.")
    sign_in(page, "staff7@moe.gov.ge", NEW_PASSWORD)
    expect(page.locator("main")).to_be_visible()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")
