"""The monitoring routes by every role (rows in ``permissions_matrix.py``)."""

from __future__ import annotations

from tests.matrix import base_world, check
from tests.monitoring.permissions_matrix import EXPECTED


def test_monitoring_routes_by_role(app, factory, login_as):
    world = base_world(app, factory, login_as)
    problems = check(app, EXPECTED, world)
    assert not problems, "\n".join(problems)
