"""Tokens: service clients (client credentials) and personal access tokens, what each may do, and refusals.

A client with ``me:write`` for one agency enters values that wait for approval like the page's, gets a problem
403 for another agency; a ``directory:read`` client sees only its unit; every call is in the audit log with the
client's name. Personal tokens are made, listed and revoked on a page and die at once with their account.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from common.models import ApiToken, AuditEvent
from common.models.users import HR_OFFICER, ME_OFFICER
from monitoring.models import DataValue
from tests.api.conftest import basic, bearer

VALUE = {"indicator_code": "PAR-9", "period": "2024Q1", "org_unit_code": "RS", "value_type": "actual", "value": 5}


def _audit(db, caller: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.execute(select(AuditEvent).where(AuditEvent.kind == "api",
                                                           AuditEvent.actor_email == caller)).scalars())


def test_a_me_write_client_enters_values_that_wait_for_approval_and_is_refused_elsewhere(
        client, factory, me, db, service_client):
    factory.me_indicator(me.document, me.objective, code="PAR-9")
    factory.me_indicator(factory.me_document(me.other_agency, code="PSH-S"), code="PSH-1")
    db.session.commit()
    _row, token = service_client("Revenue statistics", ["me:read", "me:write"], me.agency)

    answer = client.post("/api/v1/me/values", json={"values": [VALUE]}, headers=bearer(token))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json()["values"] == 1
    stored = db.session.execute(select(DataValue)).scalar_one()
    assert (stored.status, stored.value, stored.org_unit_id) == ("submitted", 5.0, me.agency.id)
    # The approver sees it in the same queue as values entered on the page.
    from monitoring.queue import approval_queue
    assert [item for item in approval_queue(me.approver)]

    elsewhere = client.post("/api/v1/me/values", headers=bearer(token), json={"values": [
        {**VALUE, "indicator_code": "PSH-1", "org_unit_code": "PSH"}]})
    assert elsewhere.status_code == 403
    assert elsewhere.mimetype == "application/problem+json"
    body = elsewhere.get_json()
    assert body["status"] == 403 and body["title"] == "Forbidden" and body["type"] == "about:blank"
    assert list(body["conflicts"]) == ["scope"]
    assert db.session.execute(select(DataValue).where(DataValue.org_unit_id == me.other_agency.id)).first() is None

    invalid = client.post("/api/v1/me/values", json={"values": [{**VALUE, "value_type": "guess"}]},
                          headers=bearer(token))
    assert invalid.status_code == 422 and invalid.mimetype == "application/problem+json"
    assert "value_type" in str(invalid.get_json()["errors"])

    listed = client.get("/api/v1/me/values?status=submitted", headers=bearer(token)).get_json()
    assert [(v["value"], v["status"]) for v in listed["items"]] == [(5.0, "submitted")]

    calls = _audit(db, "client:Revenue statistics")
    assert len(calls) == 4
    assert all(call.summary.startswith("client:Revenue statistics ") for call in calls)
    assert "POST /api/v1/me/values -> 403" in calls[1].summary
    writes = db.session.execute(select(AuditEvent).where(AuditEvent.kind == "write",
                                                         AuditEvent.module == "monitoring")).scalars().all()
    assert writes and all(w.actor_email == "client:Revenue statistics" for w in writes)


def test_a_directory_client_sees_only_its_unit(client, factory, db, service_client):
    ministry_a, ministry_b = factory.unit("MA"), factory.unit("MB")
    division = factory.unit("MA-1", parent=ministry_a, kind="division")
    inside, outside = factory.employee(division), factory.employee(ministry_b)
    db.session.commit()
    _row, token = service_client("Payroll A", ["directory:read"], ministry_a)

    units = client.get("/api/v1/directory/org-units", headers=bearer(token)).get_json()["items"]
    assert {u["code"] for u in units} == {"MA", "MA-1"}
    assert [u["parent_id"] for u in units if u["code"] == "MA-1"] == [ministry_a.id]
    people = client.get("/api/v1/directory/employees", headers=bearer(token)).get_json()["items"]
    assert [p["id"] for p in people] == [inside.id]
    assert "personal_number" not in people[0]  # hr:read not granted
    assert client.get(f"/api/v1/directory/employees/{outside.id}", headers=bearer(token)).status_code == 404
    assert client.get(f"/api/v1/directory/org-units/{ministry_b.id}", headers=bearer(token)).status_code == 404
    # No me:read scope: a problem 403, not data.
    refused = client.get("/api/v1/me/values", headers=bearer(token))
    assert refused.status_code == 403 and refused.get_json()["detail"].endswith("me:read.")
    # The list of people is a read of their personal data, logged like a page read, by the client.
    reads = db.session.execute(select(AuditEvent).where(AuditEvent.kind == "read")).scalars().all()
    assert [(r.actor_email, r.subject_ids) for r in reads] == [("client:Payroll A", [inside.id])]


def test_paging_and_etags(client, factory, db, service_client):
    ministry = factory.unit("MA")
    for n in range(5):
        factory.unit(f"MA-{n}", parent=ministry, kind="division")
    db.session.commit()
    _row, token = service_client("Paging", ["directory:read"])
    first = client.get("/api/v1/directory/org-units?limit=4", headers=bearer(token))
    body = first.get_json()
    assert len(body["items"]) == 4 and body["next_cursor"]
    rest = client.get(f"/api/v1/directory/org-units?limit=4&cursor={body['next_cursor']}", headers=bearer(token))
    assert [u["code"] for u in rest.get_json()["items"]] == ["MA-3", "MA-4"] and rest.get_json()["next_cursor"] is None
    etag = first.headers["ETag"]
    again = client.get("/api/v1/directory/org-units?limit=4", headers=bearer(token) | {"If-None-Match": etag})
    assert again.status_code == 304
    bad = client.get("/api/v1/directory/org-units?cursor=%%%", headers=bearer(token))
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    assert "cursor" in bad.get_json()["errors"]["query"]


def test_client_credentials_are_checked_and_a_revoked_client_stops_at_once(app, client, factory, db, service_client):
    from common.api.tokens import revoke_client

    row, token = service_client("Analytics", ["directory:read", "me:read"], ask="directory:read")
    wrong = client.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                        headers=basic(row.client_id, "not-the-secret"))
    assert wrong.status_code == 401 and wrong.get_json()["error"] == "invalid_client"
    assert db.session.execute(select(ApiToken.scopes)).scalar_one() == "directory:read"  # only what it asked
    assert db.session.execute(select(ApiToken.token_hash)).scalar_one() != token  # stored hashed
    assert client.get("/api/v1/directory/positions", headers=bearer(token)).status_code == 200
    revoke_client(db.session.merge(row))
    db.session.commit()
    gone = client.get("/api/v1/directory/positions", headers=bearer(token))
    assert gone.status_code == 401 and gone.mimetype == "application/problem+json"


def _create_token(page_client, name: str, *scopes: str) -> str:
    form = {"name": name, "days": "30"} | {f"scope_{s.replace(':', '_')}": "y" for s in scopes}
    answer = page_client.post("/account/tokens", data=form)
    assert answer.status_code == 200
    return re.search(r'<code id="new-token">([^<]+)</code>', answer.get_data(as_text=True)).group(1)


def test_personal_tokens_are_made_listed_used_and_revoked(client, factory, db, login_as):
    unit = factory.unit("MA")
    hr = factory.user(roles=[(HR_OFFICER, unit)], email="hr@ma.gov.ge")
    person = factory.employee(unit)
    db.session.commit()
    page = login_as(hr)
    token = _create_token(page, "Nightly export", "directory:read")
    assert token.startswith("suite_pat_")
    listing = page.get("/account/tokens").get_data(as_text=True)
    assert "Nightly export" in listing and token not in listing  # shown once only

    people = client.get("/api/v1/directory/employees", headers=bearer(token))
    assert [p["id"] for p in people.get_json()["items"]] == [person.id]
    assert _audit(db, "hr@ma.gov.ge")[0].summary.startswith("token:")
    # A PAT is limited to its user's own permissions: an HR officer has no M&E role, whatever the token says.
    me_token = _create_token(page, "M&E", "me:read")
    assert client.get("/api/v1/me/values", headers=bearer(me_token)).status_code == 403

    token_id = db.session.execute(select(ApiToken.id).where(ApiToken.name == "Nightly export")).scalar_one()
    assert page.post(f"/account/tokens/{token_id}/revoke").status_code == 302
    refused = client.get("/api/v1/directory/employees", headers=bearer(token))
    assert refused.status_code == 401 and refused.get_json()["status"] == 401
    assert "Revoked" in page.get("/account/tokens").get_data(as_text=True)


def test_someone_elses_token_cannot_be_revoked_and_a_deactivated_account_ends_its_tokens(client, factory, db,
                                                                                          login_as):
    unit = factory.unit("MA")
    owner = factory.user(roles=[(ME_OFFICER, unit)])
    stranger = factory.user()
    db.session.commit()
    token = _create_token(login_as(owner), "Mine", "me:read")
    token_id = db.session.execute(select(ApiToken.id)).scalar_one()
    login_as(stranger).post(f"/account/tokens/{token_id}/revoke")
    assert client.get("/api/v1/me/values", headers=bearer(token)).status_code == 200
    owner = db.session.merge(owner)
    owner.active = False
    db.session.commit()
    assert client.get("/api/v1/me/values", headers=bearer(token)).status_code == 401


def test_the_api_never_takes_the_session_and_old_endpoints_answer_problems(client, factory, me, db, login_as):
    officer = login_as(me.officer)
    assert officer.get("/api/v1/me/values").status_code == 401  # a session cookie is not a token
    assert officer.post("/api/v1/me/values", json={"values": [VALUE]}).status_code == 401
    signed_out = client.get("/api/me/indicators/PAR-9")
    assert signed_out.status_code == 401 and signed_out.mimetype == "application/problem+json"
    assert client.post("/api/me/values", json={"values": []}).status_code == 401
    missing = officer.get("/api/me/indicators/NOPE")
    assert missing.status_code == 404 and missing.get_json()["status"] == 404
    unknown = client.get("/api/v2/anything")
    assert unknown.status_code == 404 and unknown.mimetype == "application/problem+json"
    assert client.get("/api/v1/nothing-here").get_json()["title"] == "Not Found"


def test_with_csrf_switched_on_a_session_cookie_alone_changes_nothing(factory, me, db, login_as):
    """As in production (CSRF on): the older endpoint refuses a session POST without the CSRF token, and /api/v1
    refuses the session outright; the token endpoint and bearer calls need no CSRF token."""
    from app import create_app
    from tests.conftest import TEST_CONFIG, IsolatedClient, database_url

    guarded = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url(), "WTF_CSRF_ENABLED": True})
    guarded.test_client_class = IsolatedClient
    factory.me_indicator(me.document, me.objective, code="PAR-9")
    db.session.commit()
    officer = login_as(me.officer, client=guarded.test_client())
    assert officer.post("/api/me/values", json={"values": [VALUE]}).status_code == 400
    assert officer.post("/api/v1/me/values", json={"values": [VALUE]}).status_code == 401
    assert db.session.execute(select(DataValue)).first() is None
