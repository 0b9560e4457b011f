"""The page shell's header, kept drawn per language, mount point and menu (common/shell_header.py): what the request
brings (name, unread count, current page, CSRF token) and what a write changes (a role, the menu) show at once."""

from __future__ import annotations

import re

from common.models import Notification
from common.models.users import AUDITOR
from common.users.operations import grant_role


def _nav(page: str) -> str:
    return re.search(r'<nav class="nav".*?</nav>', page, re.S).group(0)


def test_a_granted_role_shows_in_the_menu_at_the_next_request(factory, db, login_as):
    unit = factory.unit()
    user = factory.user(employee=factory.employee(unit))
    db.session.commit()
    client = login_as(user)
    assert "Audit log" not in _nav(client.get("/").text)
    grant_role(user, AUDITOR, None)
    db.session.commit()
    assert '<li><a href="/audit/">Audit log</a></li>' in _nav(client.get("/").text)


def test_the_request_fills_its_own_name_count_page_and_token(factory, db, login_as):
    unit = factory.unit()
    first = factory.user(employee=factory.employee(unit))
    second = factory.user(employee=factory.employee(unit))
    db.session.commit()
    one, two = login_as(first), login_as(second)
    db.session.add(Notification(user_id=second.id, subject="Hello"))
    db.session.commit()

    page_one, page_two = one.get("/").text, two.get("/learn/").text
    assert f'<span class="header__user">{first.display_name}</span>' in page_one
    assert f'<span class="header__user">{second.display_name}</span>' in page_two
    assert 'id="unread-count"' not in page_one
    assert '<span class="tag" id="unread-count">1</span><span class="visually-hidden"> (1 unread)</span>' in page_two
    assert '<li><a href="/" aria-current="page">Home</a></li>' in _nav(page_one)
    assert '<li><a href="/learn/" aria-current="page">Learning</a></li>' in _nav(page_two)
    assert 'aria-current="page">Home' not in page_two
    tokens = {re.findall(r'name="csrf_token" value="([^"]+)"', page)[0] for page in (page_one, page_two)}
    assert len(tokens) == 2  # each session its own token
    assert 'name="next" value="/learn/"' in page_two


def test_the_return_address_is_escaped(factory, db, login_as):
    user = factory.user(employee=factory.employee(factory.unit()))
    db.session.commit()
    page = login_as(user).get("/learn/?a=1&b=2").text
    assert 'name="next" value="/learn/?a=1&amp;b=2"' in page


def test_each_language_its_own_header(factory, db, login_as):
    user = factory.user(employee=factory.employee(factory.unit()))
    db.session.commit()
    client = login_as(user)
    english = client.get("/").text
    with client.session_transaction() as session:
        session["lang"] = "ka"
    georgian = client.get("/").text
    assert ">Sign out<" in english and ">Sign out<" not in georgian
    assert 'value="ka" lang="ka" aria-current="true"' in georgian
