"""The acceptance run: real-world packages from ``../shared/fixtures/scorm`` beside the checkout (as on CI).

A clone of the repository alone has no such folder: every test here is then reported as skipped with the reason,
and the project's own tests (which build their packages in ``tests/learning/packages.py``) still run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "scorm"
MISSING = "../shared/fixtures/scorm not present: real-world SCORM acceptance run skipped"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not FIXTURES.is_dir():
        here = Path(__file__).resolve().parent
        for item in items:
            if here in Path(str(item.fspath)).resolve().parents:
                item.add_marker(pytest.mark.skip(reason=MISSING))


@pytest.fixture(autouse=True)
def request_context(app: Flask, db: object) -> Iterator[None]:
    with app.test_request_context():
        yield
