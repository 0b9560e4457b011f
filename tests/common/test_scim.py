"""SCIM 2.0 provisioning at /scim/v2/: conformance by scim2-tester, and what provisioning means in the suite."""

from __future__ import annotations

import contextvars
from typing import Any

import pytest
from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_tester import Status, check_server
from sqlalchemy import select

from common.models import AuditEvent, RoleAssignment, User
from common.signals import account_deactivated

TOKEN = "scim-test-secret-0123456789"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
JSON = "application/scim+json"


@pytest.fixture()
def scim(app: Any, db: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setitem(app.config, "SCIM_TOKEN", TOKEN)
    return app.test_client()


def _isolated(app: Any) -> Any:
    """The app as WSGI, each request in its own context (as ``IsolatedClient`` does for the test client)."""
    return lambda environ, start_response: contextvars.Context().run(app, environ, start_response)


def test_scim2_tester_finds_no_error(app, scim):
    client = WSGISCIMClient(_isolated(app), base_url="http://localhost/scim/v2", headers=BEARER)
    results = check_server(client)
    failed = [f"{r.title}: {r.reason}" for r in results if r.status not in (Status.SUCCESS, Status.SKIPPED)]
    assert not failed, "\n".join(failed)
    titles = {r.title for r in results if r.status == Status.SUCCESS}
    assert len(titles) > 20, titles


def test_without_the_secret_scim_refuses(scim):
    assert scim.get("/scim/v2/Users").status_code == 401
    assert scim.get("/scim/v2/Users", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert scim.get("/scim/v2/ServiceProviderConfig").status_code == 200  # RFC 7644 §4: open


def _create_user(scim: Any, user_name: str, **extra: Any) -> dict[str, Any]:
    body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": user_name,
            "emails": [{"value": user_name, "primary": True}], **extra}
    response = scim.post("/scim/v2/Users", json=body, headers=BEARER, content_type=JSON)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_provisioned_user_is_an_account_audited_by_scim(scim, db):
    created = _create_user(scim, "Nino.Beridze@gov.ge", externalId="HR-17")
    user = db.session.execute(select(User).where(User.email == "nino.beridze@gov.ge")).scalar_one()
    assert user.active
    event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "scim_create_user")).scalar_one()
    assert event.actor_email == "SCIM"
    found = scim.get('/scim/v2/Users?filter=userName eq "nino.beridze@gov.ge"', headers=BEARER).get_json()
    assert found["totalResults"] == 1 and found["Resources"][0]["id"] == created["id"]
    assert scim.get('/scim/v2/Users?filter=externalId eq "HR-17"', headers=BEARER).get_json()["totalResults"] == 1


def test_etags_guard_writes(scim):
    created = _create_user(scim, "etag@gov.ge")
    url = f"/scim/v2/Users/{created['id']}"
    version = scim.get(url, headers=BEARER).headers["ETag"]
    assert scim.get(url, headers=BEARER | {"If-None-Match": version}).status_code == 304
    patch = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [{"op": "replace", "path": "displayName", "value": "Etag"}]}
    fresh = scim.patch(url, json=patch, headers=BEARER | {"If-Match": version}, content_type=JSON)
    assert fresh.status_code in (200, 204)
    stale = scim.patch(url, json=patch, headers=BEARER | {"If-Match": version}, content_type=JSON)
    assert stale.status_code == 412


def test_deactivation_ends_the_session_and_is_audited(scim, db, factory, login_as):
    created = _create_user(scim, "leaver@gov.ge")
    user = db.session.execute(select(User).where(User.email == "leaver@gov.ge")).scalar_one()
    browser = login_as(user)
    assert browser.get("/").status_code == 200
    patch = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [{"op": "replace", "path": "active", "value": False}]}
    told: list[tuple[str, int]] = []

    def receiver(sender: str, user_id: int) -> None:
        told.append((sender, user_id))

    with account_deactivated.connected_to(receiver):
        response = scim.patch(f"/scim/v2/Users/{created['id']}", json=patch, headers=BEARER, content_type=JSON)
    assert told == [("SCIM", user.id)]
    assert response.status_code in (200, 204)
    assert scim.get(f"/scim/v2/Users/{created['id']}", headers=BEARER).get_json()["active"] is False
    assert "/auth/login" in browser.get("/").headers["Location"]
    event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "scim_deactivate_user")).scalar_one()
    assert event.actor_email == "SCIM"


def test_groups_grant_and_revoke_the_suites_roles(scim, db, factory):
    unit = factory.unit("MOF")
    db.session.commit()
    member = _create_user(scim, "hr@gov.ge")
    group = scim.post("/scim/v2/Groups", headers=BEARER, content_type=JSON, json={
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "hr_officer@MOF",
        "members": [{"value": member["id"]}]})
    assert group.status_code == 201, group.get_json()
    user = db.session.execute(select(User).where(User.email == "hr@gov.ge")).scalar_one()
    roles = db.session.execute(select(RoleAssignment.role, RoleAssignment.org_unit_id)
                               .where(RoleAssignment.user_id == user.id)).all()
    assert [tuple(r) for r in roles] == [("hr_officer", unit.id)]
    patch = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [{"op": "remove", "path": f'members[value eq "{member["id"]}"]'}]}
    url = f"/scim/v2/Groups/{group.get_json()['id']}"
    assert scim.patch(url, json=patch, headers=BEARER, content_type=JSON).status_code in (200, 204)
    db.session.expire_all()
    assert db.session.execute(select(RoleAssignment).where(RoleAssignment.user_id == user.id)).first() is None


def test_reading_a_persons_account_is_logged_as_a_read_by_scim(scim, db, factory):
    person = factory.employee(factory.unit("MOF"))
    factory.user(email="tamar@gov.ge", employee=person)
    db.session.commit()
    created = _create_user(scim, "tamar@gov.ge")  # takes the existing account over
    assert scim.get(f"/scim/v2/Users/{created['id']}", headers=BEARER).status_code == 200
    reads = db.session.execute(select(AuditEvent).where(AuditEvent.kind == "read")).scalars().all()
    assert reads and all(r.actor_email == "SCIM" and r.subject_employee_id == person.id for r in reads)


def test_the_employee_number_ties_the_account_to_its_employee_record(scim, db, factory):
    person = factory.employee(factory.unit("MOF"))
    db.session.commit()
    _create_user(scim, "giorgi@gov.ge", schemas=["urn:ietf:params:scim:schemas:core:2.0:User",
                                                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 **{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                    {"employeeNumber": person.personal_number}})
    user = db.session.execute(select(User).where(User.email == "giorgi@gov.ge")).scalar_one()
    assert user.employee_id == person.id
