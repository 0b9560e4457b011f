"""Every registered route × every role: allowed or denied, exactly as this table says.

A new route fails this test until it is added to ``EXPECTED`` with the roles that may open it,
so nobody adds a page without deciding who may see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from common.models.users import ADMIN, AUDITOR, HR_OFFICER, LEARNING_ADMIN, ME_APPROVER, ME_OFFICER

PERSONAS = ("anonymous", "employee", "manager", "hr_in_scope", "hr_out_of_scope", "me_officer", "me_approver",
            "learning_admin", "auditor", "admin")
EVERYONE = set(PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}
DIRECTORY = {"admin", "hr_in_scope", "hr_out_of_scope"}

# endpoint -> (method, url template, personas allowed). {unit} is ministry A, {employee} a person in it
# whose manager is the "manager" persona; the "employee" persona is a colleague, not that person.
EXPECTED: dict[str, tuple[str, str, set[str]]] = {
    "static": ("GET", "/static/css/site.css", EVERYONE),
    "health": ("GET", "/health", EVERYONE),
    "favicon": ("GET", "/favicon.ico", EVERYONE),
    "home": ("GET", "/", SIGNED_IN),
    "auth.login": ("GET", "/auth/login", EVERYONE),
    "auth.logout": ("POST", "/auth/logout", SIGNED_IN),
    "auth.change_password": ("GET", "/auth/password", SIGNED_IN),
    "auth.set_language": ("POST", "/auth/language", EVERYONE),
    "directory.index": ("GET", "/directory/", DIRECTORY),
    "directory.search": ("GET", "/directory/employees?q=Surname", DIRECTORY),
    "directory.export": ("GET", "/directory/employees/export.csv", DIRECTORY),
    "directory.unit": ("GET", "/directory/units/{unit}", {"admin", "hr_in_scope"}),
    "directory.chart": ("GET", "/directory/units/{unit}/chart", {"admin", "hr_in_scope"}),
    "directory.profile": ("GET", "/directory/employees/{employee}", {"admin", "hr_in_scope", "manager"}),
    "directory.me": ("GET", "/directory/me", {"employee", "manager"}),
    "directory.import_page": ("GET", "/directory/import", DIRECTORY),
    "directory.import_template": ("GET", "/directory/import/template/employees.csv", DIRECTORY),
    "auditlog.index": ("GET", "/audit/", {"auditor"}),
    "users.index": ("GET", "/directory/accounts/", {"admin"}),
    "users.create": ("GET", "/directory/accounts/new", {"admin"}),
    "users.detail": ("GET", "/directory/accounts/{account}", {"admin"}),
    "users.grant_role": ("POST", "/directory/accounts/{account}/roles", {"admin"}),
    "users.revoke_role": ("POST", "/directory/accounts/{account}/roles/{assignment}/revoke", {"admin"}),
    "users.toggle_active": ("POST", "/directory/accounts/{account}/active", {"admin"}),
    "users.reset_password": ("POST", "/directory/accounts/{account}/password", {"admin"}),
    "hrms.index": ("GET", "/hr/", SIGNED_IN),
    "monitoring.index": ("GET", "/me/", {"admin", "me_officer", "me_approver"}),
    "learning.index": ("GET", "/learn/", SIGNED_IN),
    "reports.index": ("GET", "/reports/", SIGNED_IN),
}


@dataclass
class World:
    urls: dict[str, str]
    clients: dict[str, Any]


@pytest.fixture()
def world(app, factory, login_as, db) -> World:
    ministry_a, ministry_b = factory.unit("MA"), factory.unit("MB")
    division = factory.unit("MA-1", parent=ministry_a, kind="division")
    boss = factory.employee(division)
    person = factory.employee(division, manager=boss)
    colleague = factory.employee(division, manager=boss)
    users = {
        "employee": factory.user(employee=colleague),
        "manager": factory.user(employee=boss),
        "hr_in_scope": factory.user(roles=[(HR_OFFICER, ministry_a)]),
        "hr_out_of_scope": factory.user(roles=[(HR_OFFICER, ministry_b)]),
        "me_officer": factory.user(roles=[(ME_OFFICER, ministry_b)]),
        "me_approver": factory.user(roles=[(ME_APPROVER, None)]),
        "learning_admin": factory.user(roles=[(LEARNING_ADMIN, ministry_a)]),
        "auditor": factory.user(roles=[(AUDITOR, None)]),
        "admin": factory.user(roles=[(ADMIN, None)]),
    }
    # The account that the administration routes act on: a role assignment to revoke, an account to disable.
    target = factory.user(roles=[(LEARNING_ADMIN, ministry_b)])
    clients = {"anonymous": app.test_client()} | {name: login_as(user) for name, user in users.items()}
    urls = {"unit": str(ministry_a.id), "employee": str(person.id), "account": str(target.id),
            "assignment": str(target.roles[0].id)}
    return World(urls=urls, clients=clients)


def _allowed(response: Any) -> bool:
    if response.status_code in (401, 403, 404, 405, 429):
        return False
    if response.status_code in (301, 302, 303):
        # Refusal sends an anonymous user to sign in with ?next=; sign-out itself lands on the plain form.
        return "/auth/login?next=" not in response.headers.get("Location", "")
    return response.status_code == 200


def test_every_route_is_in_the_matrix(app):
    registered = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = registered - set(EXPECTED)
    assert not missing, f"Routes without a row in the permission matrix: {sorted(missing)}"


def test_every_route_by_every_role(app, world):
    registered = {rule.endpoint for rule in app.url_map.iter_rules()}
    problems = []
    # Signing out ends the session, so it is tried last.
    for endpoint, (method, template, allowed) in sorted(EXPECTED.items(), key=lambda item: item[0] == "auth.logout"):
        if endpoint not in registered:
            continue
        url = template.format(**world.urls)
        for persona in PERSONAS:
            response = world.clients[persona].open(url, method=method)
            if _allowed(response) != (persona in allowed):
                problems.append(f"{method} {url} as {persona}: {response.status_code}")
    assert not problems, "\n".join(problems)
