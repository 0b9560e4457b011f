"""Learning tests call operations directly; their refusals carry translatable messages, which need a request
(for the locale). Each test runs inside a test request context, as operations do inside a page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask


@pytest.fixture(autouse=True)
def request_context(app: Flask, db: object) -> Iterator[None]:
    with app.test_request_context():
        yield
