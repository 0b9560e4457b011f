"""One safe-redirect helper: only a path on this site is followed, whatever page takes a ``next``."""

from __future__ import annotations

import pytest

from common.models.users import ME_APPROVER
from common.redirects import is_local_path
from tests.factories import PASSWORD

REFUSED = [
    "/\\evil.example", "/\\/evil.example", "\\\\evil.example", "\\/evil.example", "/\\evil.example/steal?x=1",
    "//evil.example", "///evil.example", "//evil.example/%2F..", "https://evil.example", "http:evil.example",
    "HTTPS://evil.example", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example", " //evil.example",
    "/\x00/evil.example", "/\u202e/evil.example", "evil.example", "", "/" + "a" * 3000,
]
ACCEPTED = ["/", "/me/approvals", "/directory/employees?q=ბერიძე&page=2", "/learn/courses/3#lessons",
            "/%5Cnot-a-host", "/a//b"]


@pytest.mark.parametrize("target", REFUSED)
def test_anything_but_a_local_path_is_refused(target):
    assert not is_local_path(target)


@pytest.mark.parametrize("target", ACCEPTED)
def test_local_paths_are_followed(target):
    assert is_local_path(target)


@pytest.mark.parametrize("target", REFUSED[:16])
def test_sign_in_never_sends_the_browser_away(client, factory, db, target):
    user = factory.user()
    db.session.commit()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD, "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_sign_in_follows_a_local_next(client, factory, db):
    user = factory.user()
    db.session.commit()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD, "next": "/learn/"})
    assert response.headers["Location"] == "/learn/"


@pytest.mark.parametrize("target", ["/\\evil.example", "//evil.example", "/\t/evil.example"])
def test_language_switch_never_sends_the_browser_away(client, db, target):
    response = client.post("/auth/language", data={"lang": "ka", "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/\\evil.example", "//evil.example", "https://evil.example"])
def test_approval_queue_never_sends_the_browser_away(login_as, factory, db, target):
    client = login_as(factory.user(roles=[(ME_APPROVER, None)]))
    response = client.post("/me/approvals", data={"next": target, "action": "approve"})
    assert response.status_code == 302 and response.headers["Location"] == "/me/approvals"
    assert client.post("/me/approvals", data={"next": "/me/", "action": "approve"}).headers["Location"] == "/me/"
