"""The public open-data file: built once per document and data version, streamed, limited per address."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from app import create_app
from common.extensions import limiter
from monitoring.models import DataValue
from tests.conftest import TEST_CONFIG, IsolatedClient, database_url


def _approved(db, indicator, unit, period, value):
    db.session.add(DataValue(indicator_id=indicator.id, period=period, org_unit_id=unit.id, value=value,
                             status="approved"))
    db.session.commit()


def test_the_file_is_built_once_per_data_version_and_streamed(factory, me, db, client, count_queries):
    me.document.published = True
    indicator = factory.me_indicator(me.document, me.objective, code="PAR-1", aggregation="last")
    _approved(db, indicator, me.agency, "2024Q1", 4321)
    url = f"/public/documents/{me.document.id}/data.csv"

    with count_queries() as first_time:
        first = client.get(url)
    with count_queries() as second_time:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.is_streamed and second.is_streamed
    assert first.get_data() == second.get_data() and "4321" in first.get_data(as_text=True)
    assert second_time.count == 1 < first_time.count  # only the check that the strategy is published

    # A browser that has this version gets "not modified", without the body.
    assert client.get(url, headers={"If-None-Match": second.headers["ETag"]}).status_code == 304

    # New approved data is a new version: the file and its ETag change at once.
    _approved(db, indicator, me.agency, "2024Q2", 5555)
    third = client.get(url, headers={"If-None-Match": second.headers["ETag"]})
    assert third.status_code == 200 and "5555" in third.get_data(as_text=True)
    assert third.headers["ETag"] != second.headers["ETag"]


@pytest.fixture()
def limited(app: Flask) -> Iterator[Flask]:
    limited_app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url(), "RATELIMIT_ENABLED": True,
                              "RATELIMIT_OPEN_DATA": "3 per minute"})
    limited_app.test_client_class = IsolatedClient
    with limited_app.app_context():
        limiter.reset()
    yield limited_app
    limiter.enabled = False  # one limiter object: leave it as the shared test app expects it


def test_each_address_may_download_only_so_often(limited, factory, me, db):
    me.document.published = True
    factory.me_indicator(me.document, me.objective, code="PAR-1")
    db.session.commit()
    url = f"/public/documents/{me.document.id}/data.csv"
    client = limited.test_client()
    statuses = [client.get(url, environ_overrides={"REMOTE_ADDR": "198.51.100.1"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(url, environ_overrides={"REMOTE_ADDR": "198.51.100.2"}).status_code == 200
