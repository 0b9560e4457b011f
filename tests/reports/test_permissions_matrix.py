"""The reports routes and every Dash route by every role (rows in ``permissions_matrix.py``)."""

from __future__ import annotations

from tests.matrix import PERSONAS, _allowed, base_world, check
from tests.reports.permissions_matrix import CALLBACK, EXPECTED, PAGES


def _callback_body(unit_id: int, year: int = 2024) -> dict:
    return {"output": "hr-content.children", "outputs": {"id": "hr-content", "property": "children"},
            "inputs": [{"id": "hr-unit", "property": "value", "value": unit_id},
                       {"id": "hr-year", "property": "value", "value": year}],
            "changedPropIds": ["hr-unit.value"], "state": []}


def test_reports_routes_by_role(app, factory, login_as):
    from reports import jobs

    world = base_world(app, factory, login_as)
    job = jobs.submit("hr_report", {"unit": world.units["a"].id, "year": 2024, "lang": "en"},
                      world.users["hr_in_scope"])
    assert job.status == "done", job.error
    world.urls["job"] = str(job.id)
    world.urls["document"] = str(factory.me_document(world.units["b"]).id)  # the M&E officer's own strategy
    problems = check(app, {k: v for k, v in EXPECTED.items() if k != CALLBACK}, world)
    assert not problems, "\n".join(problems)


def test_the_callback_endpoint_by_role(app, factory, login_as):
    """Anonymous is sent to sign in; a role without dashboards is refused; a dashboard role reaches Dash."""
    world = base_world(app, factory, login_as)
    _method, _url, allowed = EXPECTED[CALLBACK]
    problems = []
    for persona in PERSONAS:
        response = world.clients[persona].post(CALLBACK, json=_callback_body(0))
        reached = response.status_code in (200, 204)
        if reached != (persona in allowed):
            problems.append(f"{persona}: {response.status_code}")
        if persona == "anonymous" and "/auth/login" not in response.headers.get("Location", ""):
            problems.append("anonymous is not sent to sign in")
    assert not problems, problems


def test_every_dashboard_page_by_role(app, factory, login_as):
    """Pages share one endpoint, so each page URL is opened by every persona here."""
    world = base_world(app, factory, login_as)
    problems = [f"{url} as {persona}" for method, url, allowed in PAGES.values() for persona in PERSONAS
                if _allowed(world.clients[persona].open(url, method=method)) != (persona in allowed)]
    assert not problems, problems
