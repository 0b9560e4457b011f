"""Rate limits per client: one client spending its calls does not slow another calling from the same address."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from app import create_app
from common.extensions import limiter
from tests.api.conftest import bearer
from tests.conftest import TEST_CONFIG, IsolatedClient, database_url


@pytest.fixture()
def limited(app: Flask) -> Iterator[Flask]:
    limited_app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url(), "RATELIMIT_ENABLED": True,
                              "API_RATE_LIMIT": "3 per minute"})
    limited_app.test_client_class = IsolatedClient
    with limited_app.app_context():
        limiter.reset()
    yield limited_app
    limiter.enabled = False  # one limiter object: leave it as the shared test app expects it


def test_each_client_has_its_own_allowance(limited, db, service_client):
    _a, first = service_client("First", ["directory:read"])
    _b, second = service_client("Second", ["directory:read"])
    client = limited.test_client()
    statuses = [client.get("/api/v1/directory/positions", headers=bearer(first)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/directory/positions", headers=bearer(first))
    assert refused.mimetype == "application/problem+json" and refused.get_json()["status"] == 429
    assert client.get("/api/v1/directory/positions", headers=bearer(second)).status_code == 200
