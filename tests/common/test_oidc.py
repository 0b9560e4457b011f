"""Single sign-on through a real OpenID Connect provider on a local port (oidc-provider-mock), with the test
client as the browser: the suite's redirects are followed by hand, the provider is reached over HTTP."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from sqlalchemy import select

from common.models import AuditEvent
from common.models.users import HR_OFFICER
from tests.oidc_provider import configure, oidc_provider


@pytest.fixture()
def issuer(app: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    with oidc_provider() as url:
        configure(app, monkeypatch, url)
        yield url


def _authorize(client: Any, sub: str, claims: dict[str, Any] | None = None, issuer: str = "") -> str:
    """Start at the suite, consent at the provider as ``sub``; return the suite's callback URL (path and query)."""
    start = client.get("/auth/oidc/start?next=/directory/")
    assert start.status_code == 302
    authorize = start.headers["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["nonce"][0] and query["state"][0]
    if claims is not None:
        requests.put(f"{issuer}/users/{sub}", json=claims, timeout=10).raise_for_status()
    consent = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert consent.status_code == 302, consent.text
    callback = urlsplit(consent.headers["Location"])
    return f"{callback.path}?{callback.query}"


def test_sign_in_lands_with_the_suites_roles(app, client, factory, db, issuer):
    unit = factory.unit("MOF")
    factory.user(email="nino@gov.ge", roles=[(HR_OFFICER, unit)])
    db.session.commit()
    # The provider claims more than the suite granted: the claims are ignored, the suite's roles count.
    claims = {"email": "nino@gov.ge", "roles": ["admin"], "groups": ["admin"]}
    answer = client.get(_authorize(client, "nino@gov.ge", claims, issuer))
    assert answer.status_code == 302 and answer.headers["Location"] == "/directory/"
    assert client.get("/directory/").status_code == 200  # the HR officer's page: the suite's role
    assert client.get("/directory/accounts/").status_code == 403  # not the administrator the claims say
    event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "login_sso")).scalar_one()
    assert event.actor_email == "nino@gov.ge"


def test_matching_by_personal_number(app, client, factory, db, issuer, monkeypatch):
    monkeypatch.setitem(app.config, "OIDC_MATCH", "personal_number")
    person = factory.employee(factory.unit("MOF"))
    factory.user(email="someone.else@gov.ge", employee=person)
    db.session.commit()
    callback = _authorize(client, "sub-123", {"personal_number": person.personal_number, "email": "x@y.ge"}, issuer)
    assert client.get(callback).status_code == 302
    mine = client.get("/directory/me")  # the signed-in person's own profile: the account matched by number
    assert mine.headers["Location"] == f"/directory/employees/{person.id}"


def test_unknown_person_is_refused(client, factory, db, issuer):
    answer = client.get(_authorize(client, "stranger@gov.ge"), follow_redirects=True)
    assert "no active account of the suite is yours" in answer.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_a_wrong_state_is_refused(client, factory, db, issuer):
    factory.user(email="nino@gov.ge")
    db.session.commit()
    callback = urlsplit(_authorize(client, "nino@gov.ge"))
    query = parse_qs(callback.query)
    query["state"] = ["forged-state"]
    answer = client.get(f"{callback.path}?{urlencode(query, doseq=True)}", follow_redirects=True)
    assert "does not belong to the sign-in this browser started (state)" in answer.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_a_tampered_id_token_is_refused(app, client, factory, db, monkeypatch):
    factory.user(email="nino@gov.ge")
    factory.user(email="admin@gov.ge")
    db.session.commit()
    with oidc_provider(tamper_email="admin@gov.ge") as url:
        configure(app, monkeypatch, url)
        answer = client.get(_authorize(client, "nino@gov.ge"), follow_redirects=True)
    assert "its identity token could not be verified" in answer.get_data(as_text=True)
    assert client.get("/").status_code == 302
    event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "login_sso_refused")).scalar_one()
    assert "BadSignature" in event.summary


def test_passwords_switched_off_hide_and_refuse_the_form(app, client, factory, db, issuer, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_SIGN_IN", False)
    factory.user(email="nino@gov.ge")
    db.session.commit()
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'type="password"' not in page and "Sign in with your government account" in page
    refused = client.post("/auth/login", data={"email": "nino@gov.ge", "password": "correct horse battery staple"})
    assert refused.status_code == 403
    assert "Sign-in with a password is switched off" in refused.get_data(as_text=True)
    assert client.get("/").status_code == 302
