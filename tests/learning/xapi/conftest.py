"""Fixtures of the LRS tests: credentials issued as ``flask xapi clients create`` issues them, and a client that
sends the version header and HTTP Basic on every request."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest

from common.extensions import db as _db

VERSION = {"X-Experience-API-Version": "1.0.3"}


class Lrs:
    """A test client speaking to /xapi/ with one credential."""

    def __init__(self, client: Any, key: str, secret: str) -> None:
        self.client, self.key, self.secret = client, key, secret

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        token = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
        return {**VERSION, "Authorization": f"Basic {token}", **(extra or {})}

    def open(self, method: str, path: str, *, json_body: Any = None, headers: dict[str, str] | None = None,
             **kwargs: Any) -> Any:
        if json_body is not None:
            kwargs["data"] = json.dumps(json_body)
            kwargs["content_type"] = "application/json"
        return self.client.open(f"/xapi{path}", method=method, headers=self.headers(headers), **kwargs)

    def post(self, statements: Any, **kwargs: Any) -> Any:
        return self.open("POST", "/statements", json_body=statements, **kwargs)

    def get(self, path: str = "/statements", **kwargs: Any) -> Any:
        return self.open("GET", path, **kwargs)


def statement(**changes: Any) -> dict[str, Any]:
    """A valid statement; keyword arguments replace its parts."""
    body = {
        "actor": {"objectType": "Agent", "name": "Nino", "mbox": "mailto:nino@example.gov.ge"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
        "object": {"objectType": "Activity", "id": "http://example.gov.ge/courses/ethics",
                   "definition": {"name": {"en-US": "Ethics"}}},
    }
    body.update(changes)
    return body


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture()
def issue(app: Any, db: Any) -> Any:
    """``issue(scopes, unit_id=None)`` -> an ``Lrs`` speaking with a fresh credential."""
    from learning.xapi.auth import create_client

    def _issue(scopes: tuple[str, ...] = ("all",), unit_id: int | None = None, name: str = "test client") -> Lrs:
        client, secret = create_client(name, list(scopes), org_unit_id=unit_id)
        _db.session.commit()
        return Lrs(app.test_client(), client.key, secret)

    return _issue


@pytest.fixture()
def lrs(issue: Any) -> Lrs:
    return issue()
