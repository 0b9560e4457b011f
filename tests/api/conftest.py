"""Fixtures of the API tests: a service client that gets its token the real way (OAuth 2.0 client credentials at
``/api/v1/oauth/token``), and the M&E world of ``tests/monitoring/conftest.py``."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from common.extensions import db as _db
from tests.monitoring.conftest import me  # noqa: F401 - the M&E world, shared


def basic(client_id: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture()
def service_client(app: Any, db: Any) -> Any:
    """``service_client(name, scopes, unit)`` -> (the ApiClient row, a bearer token issued to it)."""
    from common.api.tokens import create_client

    def _make(name: str, scopes: list[str], unit: Any = None, *, ask: str | None = None) -> tuple[Any, str]:
        issued = create_client(name, scopes, unit)
        _db.session.commit()
        form = {"grant_type": "client_credentials"} | ({"scope": ask} if ask else {})
        response = app.test_client().post("/api/v1/oauth/token", data=form,
                                          headers=basic(issued.row.client_id, issued.secret))
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        assert body["token_type"].lower() == "bearer" and body["expires_in"] > 0
        return issued.row, body["access_token"]

    return _make
