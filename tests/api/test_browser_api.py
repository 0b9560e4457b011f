"""In Chromium: the API reference page works with the network blocked to anything but the app, and a person
creates and revokes a personal access token on the tokens page (keyboard-free clicks, axe-checked)."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import expect

from common.models.users import ME_OFFICER


def test_the_api_reference_works_offline(page, live_server):
    app_origin = urlsplit(live_server).netloc
    refused, problems = [], []

    def only_the_app(route):
        if urlsplit(route.request.url).netloc == app_origin:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_app)
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto("/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() >= 9  # every operation of the document
    expect(page.get_by_text("/api/v1/me/values").first).to_be_visible()
    page.locator(".opblock-summary").filter(has_text="/api/v1/me/values").first.click()
    expect(page.get_by_text("Problem details (RFC 9457)").first).to_be_attached()
    assert not refused, f"the page tried to reach other hosts: {refused}"
    assert not problems, f"the page reported errors: {problems}"


def test_a_person_creates_and_revokes_a_token(page, factory, db, sign_in, assert_accessible, client):
    unit = factory.unit("MA")
    user = factory.user(roles=[(ME_OFFICER, unit)], email="officer@ma.gov.ge")
    db.session.commit()
    sign_in(page, user.email)
    page.goto("/account/tokens")
    assert_accessible(page)
    page.get_by_label("Name").fill("Quarterly upload")
    page.get_by_label("Read M&E indicators and values").check()
    page.get_by_role("button", name="Create token").click()
    token = page.locator("#new-token").inner_text()
    assert token.startswith("suite_pat_")
    assert_accessible(page)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me/values", headers=headers).status_code == 200
    page.get_by_role("button", name="Revoke Quarterly upload").click()
    expect(page.get_by_role("status").first).to_contain_text("no longer works")
    assert client.get("/api/v1/me/values", headers=headers).status_code == 401
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="ქართული").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API ტოკენები")
