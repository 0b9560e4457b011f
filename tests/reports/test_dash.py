"""The Dash app behind sign-in: every route guarded, callbacks re-apply the scope, CSP and CSRF hold."""

from __future__ import annotations

import base64
import hashlib
import re

from tests.reports.helpers import YEAR, build_ministry
from tests.reports.test_permissions_matrix import _callback_body

CALLBACK = "/dashboards/_dash-update-component"


def _page_body(pathname: str, search: str = "") -> dict:
    return {"output": "page.children", "outputs": {"id": "page", "property": "children"},
            "inputs": [{"id": "url", "property": "pathname", "value": pathname}], "changedPropIds": [],
            "state": [{"id": "url", "property": "search", "value": search}]}


def _texts(node) -> list[str]:
    """Every string in a Dash component tree as JSON."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    if isinstance(node, dict):
        return [t for value in node.values() for t in _texts(value)]
    return [str(node)] if isinstance(node, int) else []


def test_without_sign_in_every_dashboard_url_is_refused(app, client):
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/dashboards/")]
    assert len(rules) >= 9
    for rule in rules:
        url = re.sub(r"<[^>]+>", "x", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, json={} if method == "POST" else None)
            refused = response.status_code == 403 or "/auth/login?next=" in response.headers.get("Location", "")
            assert refused, f"{method} {url}: {response.status_code}"
    for url in ("/dashboards/", "/dashboards/hr", "/dashboards/_dash-layout", "/dashboards/_dash-dependencies"):
        assert "/auth/login" in client.get(url).headers["Location"]
    assert "/auth/login" in client.post(CALLBACK, json=_callback_body(1)).headers["Location"]


def test_a_crafted_callback_for_another_ministry_gets_nothing(factory, login_as):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    own = hr.post(CALLBACK, json=_callback_body(world.unit.id, YEAR))
    assert own.status_code == 200
    texts = _texts(own.get_json())
    assert "Budget Division" in texts and "22" in texts
    for foreign in (world.other.id, 0, 999999, "not a number"):
        response = hr.post(CALLBACK, json=_callback_body(foreign, YEAR))
        assert response.status_code == 204 and response.data == b"", foreign
    # The other ministry's own HR officer does get its figures.
    theirs = login_as(world.hr_other).post(CALLBACK, json=_callback_body(world.other.id, YEAR))
    assert "Ministry B, 2024" in _texts(theirs.get_json()) and "20" in _texts(theirs.get_json())


def test_pages_are_built_for_the_user_asking(factory, login_as):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    page = _texts(hr.post(CALLBACK, json=_page_body("/dashboards/hr")).get_json())
    assert any("Budget Division (MA-B)" in text for text in page)
    assert not any("Ministry B" in text for text in page), "the unit picker offers only units in scope"
    landing = _texts(hr.post(CALLBACK, json=_page_body("/dashboards/")).get_json())
    assert "HR dashboard" in landing
    learning_admin = login_as(factory.user(roles=[("learning_admin", world.unit)]))
    assert learning_admin.get("/dashboards/hr").status_code == 403
    refused = _texts(learning_admin.post(CALLBACK, json=_page_body("/dashboards/hr")).get_json())
    assert "This dashboard is not available to you." in refused
    assert learning_admin.post(CALLBACK, json=_callback_body(world.unit.id, YEAR)).status_code == 204
    assert hr.get("/dashboards/no-such-dashboard").status_code == 404


def test_the_dashboard_page_allows_exactly_its_inline_script(factory, login_as):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    response = hr.get("/dashboards/hr")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.S)
    assert inline, "Dash starts its renderer with an inline script"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "'unsafe-eval'" not in csp
    # Everywhere else the strict policy stays.
    assert "sha256" not in hr.get("/reports/").headers["Content-Security-Policy"]
    # The page is the suite's shell: sign-out, language switch.
    assert "Sign out" in html and 'lang="en"' in html


def test_callbacks_need_the_csrf_token_the_page_hands_out(app, factory, login_as, monkeypatch):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page = hr.get("/dashboards/hr")
    cookie = hr.get_cookie("_csrf_token", path="/dashboards/")
    assert page.status_code == 200 and cookie is not None and not cookie.http_only
    assert hr.post(CALLBACK, json=_callback_body(world.unit.id, YEAR)).status_code == 400
    answered = hr.post(CALLBACK, json=_callback_body(world.unit.id, YEAR), headers={"X-CSRFToken": cookie.value})
    assert answered.status_code == 200
