"""``flask api clients create|list|revoke``: a client made at the console gets a token and loses it on revocation."""

from __future__ import annotations

import re

from tests.api.conftest import basic, bearer


def test_a_client_made_on_the_command_line_works_until_revoked(app, client, factory, db):
    factory.unit("MA")
    db.session.commit()
    runner = app.test_cli_runner()
    made = runner.invoke(args=["api", "clients", "create", "HR registry", "--scope", "directory:read",
                               "--unit", "MA"])
    assert made.exit_code == 0, made.output
    client_id = re.search(r"client_id:\s+(\S+)", made.output).group(1)
    secret = re.search(r"client_secret:\s+(\S+)", made.output).group(1)
    assert runner.invoke(args=["api", "clients", "create", "Bad", "--scope", "everything"]).exit_code != 0
    listed = runner.invoke(args=["api", "clients", "list"]).output
    assert "HR registry" in listed and "directory:read" in listed and "MA" in listed and "active" in listed

    token = client.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                        headers=basic(client_id, secret)).get_json()["access_token"]
    assert client.get("/api/v1/directory/org-units", headers=bearer(token)).status_code == 200
    assert runner.invoke(args=["api", "clients", "revoke", client_id]).exit_code == 0
    assert client.get("/api/v1/directory/org-units", headers=bearer(token)).status_code == 401
    again = client.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                        headers=basic(client_id, secret))
    assert again.status_code in (400, 401) and again.get_json()["error"] == "invalid_client"
