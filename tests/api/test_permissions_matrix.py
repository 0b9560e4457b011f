"""The API's routes by every role's browser session: the session opens the token page, never the API's data."""

from __future__ import annotations

from tests.api.permissions_matrix import EXPECTED
from tests.matrix import base_world, check


def test_api_routes_by_role_with_a_session(app, factory, login_as):
    world = base_world(app, factory, login_as)
    problems = check(app, EXPECTED, world)
    assert not problems, "\n".join(problems)
