"""The hrms routes by every role (rows in ``permissions_matrix.py``)."""

from __future__ import annotations

from tests.hrms.permissions_matrix import EXPECTED
from tests.matrix import base_world, check


def test_hrms_routes_by_role(app, factory, login_as):
    world = base_world(app, factory, login_as)
    problems = check(app, EXPECTED, world)
    assert not problems, "\n".join(problems)
