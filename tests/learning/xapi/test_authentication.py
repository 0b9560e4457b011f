"""Authentication (Communication §4): per-client credentials over HTTP Basic, each scoped to what it may read and
write; statements about people are personal data, so a credential with a unit reads only that unit's people and
every read of someone's statements is logged like any learning record."""

from __future__ import annotations

import base64

from sqlalchemy import select

from common.extensions import db
from common.models.audit import AuditEvent
from learning.xapi.models import XapiClient
from tests.learning.xapi.conftest import VERSION, statement


def test_a_request_without_credentials_is_401_with_a_basic_challenge(client):
    response = client.get("/xapi/statements", headers=VERSION)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_a_wrong_secret_or_a_revoked_credential_is_401(lrs):
    wrong = base64.b64encode(f"{lrs.key}:not-the-secret".encode()).decode()
    assert lrs.client.get("/xapi/statements", headers={**VERSION, "Authorization": f"Basic {wrong}"}
                          ).status_code == 401
    from learning.xapi.auth import client_by_key, revoke_client

    revoke_client(client_by_key(lrs.key))
    db.session.commit()
    assert lrs.get().status_code == 401


def test_the_secret_is_stored_only_as_a_hash(lrs):
    stored = db.session.execute(select(XapiClient.secret_hash).where(XapiClient.key == lrs.key)).scalar()
    assert lrs.secret not in stored and stored.startswith("sha256$")


def test_a_write_only_credential_cannot_read_and_a_read_only_one_cannot_write(issue):
    writer, reader = issue(("statements/write",)), issue(("statements/read",))
    assert writer.post(statement()).status_code == 200
    assert writer.get().status_code == 403
    assert reader.post(statement()).status_code == 403
    assert len(reader.get().get_json()["statements"]) == 1
    assert reader.open("PUT", "/activities/state?activityId=http://a.gov.ge/a&agent="
                       '{"mbox":"mailto:a@a.gov.ge"}&stateId=s', data=b"{}").status_code == 403


def test_read_mine_sees_only_the_statements_this_credential_stored(issue):
    mine, other = issue(("statements/write", "statements/read/mine")), issue(("statements/write",))
    own = mine.post(statement()).get_json()[0]
    foreign = other.post(statement()).get_json()[0]
    assert [s["id"] for s in mine.get().get_json()["statements"]] == [own]
    assert mine.get(f"/statements?statementId={foreign}").status_code == 404


def test_a_credential_scoped_to_a_unit_reads_only_that_units_people_and_every_read_is_logged(issue, factory):
    ministry_a, ministry_b = factory.unit(), factory.unit()
    inside, outside = factory.employee(ministry_a), factory.employee(ministry_b)
    db.session.commit()
    writer = issue(("statements/write",))
    about_inside = writer.post(statement(actor={"mbox": f"mailto:{inside.email}"})).get_json()[0]
    writer.post(statement(actor={"mbox": f"mailto:{outside.email}"}))
    analyst = issue(("statements/read",), unit_id=ministry_a.id, name="ministry A analytics")
    assert [s["id"] for s in analyst.get().get_json()["statements"]] == [about_inside]
    entry = db.session.execute(select(AuditEvent).where(AuditEvent.kind == "read")).scalars().one()
    assert entry.subject_ids == [inside.id] and entry.action == "learning"
    assert entry.actor_email == f"xAPI client {analyst.key}"


def test_the_cli_issues_a_credential_and_prints_its_secret_once(app, db):
    result = app.test_cli_runner().invoke(args=["xapi", "clients", "create", "Storyline player",
                                                "--scope", "statements/write", "--scope", "state"])
    assert result.exit_code == 0, result.output
    key = result.output.split("key:")[1].split()[0]
    secret = result.output.split("secret:")[1].split()[0]
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    response = app.test_client().post("/xapi/statements", json=statement(),
                                      headers={**VERSION, "Authorization": f"Basic {token}"})
    assert response.status_code == 200
    refused = app.test_cli_runner().invoke(args=["xapi", "clients", "create", "x", "--scope", "everything"])
    assert refused.exit_code != 0 and "unknown scopes" in refused.output
