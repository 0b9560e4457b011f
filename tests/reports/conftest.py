"""Reports tests: a clean figures cache per test, and a request context for direct calls.

The browser fixtures (live server, Chromium, axe) come from ``tests/conftest.py``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask


@pytest.fixture(autouse=True)
def _fresh_cache(app: Flask, db: object) -> Iterator[None]:
    """Ids restart in every test's empty database: figures cached by an earlier test must not answer."""
    from common import cache

    cache.clear()
    with app.test_request_context():
        yield
    cache.clear()
