"""In a real browser: SCIM switches off a signed-in person, whose next page load is the sign-in page; and single
sign-on through a real OpenID Connect provider on a local port (oidc-provider-mock), refused when the answer's
state is wrong or its ID token was tampered with on the way."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from common.models.users import HR_OFFICER
from tests.oidc_provider import configure, oidc_provider

pytestmark = pytest.mark.browser

TOKEN = "scim-browser-secret-0123456789"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


def test_scim_deactivation_ends_the_open_session(app: Any, page: Page, factory: Any, db: Any, sign_in: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "SCIM_TOKEN", TOKEN)
    factory.user(email="leaver@gov.ge")
    db.session.commit()
    scim = app.test_client()
    created = scim.post("/scim/v2/Users", headers=BEARER, content_type="application/scim+json", json={
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "leaver@gov.ge", "active": True})
    assert created.status_code == 201  # the identity system takes over the existing account
    sign_in(page, "leaver@gov.ge")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    patch = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [{"op": "replace", "path": "active", "value": False}]}
    answer = scim.patch(f"/scim/v2/Users/{created.get_json()['id']}", json=patch, headers=BEARER,
                        content_type="application/scim+json")
    assert answer.status_code in (200, 204)

    page.reload()
    expect(page).to_have_url(re.compile(r"/auth/login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def _consent(page: Page, sub: str) -> None:
    page.goto("/auth/login")
    page.get_by_role("link", name="Sign in with your government account").click()
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state()


def test_sign_in_through_the_identity_provider(app: Any, page: Page, factory: Any, db: Any,
                                               monkeypatch: pytest.MonkeyPatch, assert_accessible: Any) -> None:
    ministry = factory.unit("MOF", name_en="Ministry of Finance")
    factory.user(email="nino@gov.ge", roles=[(HR_OFFICER, ministry)])
    db.session.commit()
    with oidc_provider() as issuer:
        configure(app, monkeypatch, issuer)
        page.goto("/auth/login")
        assert_accessible(page)
        _consent(page, "nino@gov.ge")
    # In the suite, with the role granted in the suite: the HR officer's staff directory.
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_label("Main").get_by_role("link", name="Staff directory").click()
    expect(page).to_have_url(re.compile(r"/directory/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_wrong_state_is_refused_with_a_message(app: Any, page: Page, factory: Any, db: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    factory.user(email="nino@gov.ge")
    db.session.commit()
    answers: list[str] = []

    def hold(route: Route) -> None:
        """The provider's answer to the consent (a redirect to the suite) is kept, not delivered."""
        if route.request.method != "POST":
            route.continue_()
            return
        response = route.fetch(max_redirects=0)
        answers.append(response.headers["location"])
        route.fulfill(status=200, content_type="text/plain", body="held")

    with oidc_provider() as issuer:
        configure(app, monkeypatch, issuer)
        page.route(re.compile(r"/oauth2/authorize"), hold)
        _consent(page, "nino@gov.ge")
        page.unroute(re.compile(r"/oauth2/authorize"))
        url = urlsplit(answers[0])
        query = parse_qs(url.query) | {"state": ["forged-state"]}
        page.goto(f"{url.path}?{urlencode(query, doseq=True)}")
    expect(page.get_by_text("its answer does not belong to the sign-in this browser started")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/auth/login"))


def test_a_tampered_id_token_is_refused_with_a_message(app: Any, page: Page, factory: Any, db: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    factory.user(email="nino@gov.ge")
    factory.user(email="admin@gov.ge")
    db.session.commit()
    with oidc_provider(tamper_email="admin@gov.ge") as issuer:
        configure(app, monkeypatch, issuer)
        _consent(page, "nino@gov.ge")
    expect(page.get_by_text("its identity token could not be verified")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/auth/login"))
