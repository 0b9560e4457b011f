"""The cached signed-in identity (``common.auth.identity_cache``) never outlives a change that matters.

Each test runs with the copy kept in the database-version mode and in the Redis mode, and with this process's own
clean-up switched off (``forget_users``), so the copy behaves as if it lived in another process: only the versions
can retire it. Every test first checks that the request before the change was answered from the copy.
"""

from __future__ import annotations

import pytest

from common.auth import identity_cache
from common.auth import operations as auth_ops
from common.models.users import ADMIN
from common.users import operations as user_ops
from tests.factories import PASSWORD

IDENTITY_JOIN = "JOIN user_account"


@pytest.fixture(params=["database", "redis"])
def cache_mode(request, app, monkeypatch):
    """The identity cache on, its versions in the database or in Redis, and no same-process shortcut."""
    monkeypatch.setitem(app.config, "IDENTITY_CACHE_SECONDS", 60)
    monkeypatch.setitem(app.config, "REDIS_URL", request.getfixturevalue("redis_url")
                        if request.param == "redis" else None)
    monkeypatch.setattr(identity_cache, "forget_users", lambda _ids: None)
    return request.param


def _warm(client, count_queries, path="/"):
    """Request ``path`` until the identity comes from the copy, and prove that it does."""
    client.get(path)
    client.get(path)
    with count_queries() as counter:
        response = client.get(path)
    assert not [s for s in counter.statements if IDENTITY_JOIN in s], "the identity came from the copy"
    return response


def test_a_copied_cookie_is_refused_after_sign_out(app, cache_mode, factory, db, count_queries):
    user = factory.user()
    db.session.commit()
    client = app.test_client()
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    stolen = client.get_cookie("suite_session").value
    thief = app.test_client()
    thief.set_cookie("suite_session", stolen)
    assert _warm(thief, count_queries).status_code == 200
    client.post("/auth/logout")
    response = thief.get("/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_disabled_account_is_refused_at_its_next_request(cache_mode, login_as, factory, db, count_queries):
    user = factory.user()
    client = login_as(user)
    assert _warm(client, count_queries).status_code == 200
    auth_ops.set_active(user, False)
    db.session.commit()
    assert client.get("/").status_code == 302


def test_a_role_change_is_effective_at_the_next_request(cache_mode, login_as, factory, db, count_queries):
    user = factory.user()
    client = login_as(user)
    assert _warm(client, count_queries, "/directory/accounts/").status_code == 403
    assignment = user_ops.grant_role(user, ADMIN, None)
    db.session.commit()
    assert _warm(client, count_queries, "/directory/accounts/").status_code == 200
    user_ops.revoke_role(assignment)
    db.session.commit()
    assert client.get("/directory/accounts/").status_code == 403


def test_a_password_change_ends_other_sessions_at_their_next_request(app, cache_mode, factory, db, count_queries):
    user = factory.user()
    db.session.commit()
    laptop, phone = app.test_client(), app.test_client()
    for client in (laptop, phone):
        client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert _warm(phone, count_queries).status_code == 200
    response = laptop.post("/auth/password", data={"current": PASSWORD, "new": "a brand new pass phrase",
                                                   "confirm": "a brand new pass phrase"})
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302


def test_writes_to_the_cached_user_persist(cache_mode, login_as, factory, db, count_queries):
    """A view that changes the signed-in account (its language) writes through the copy."""
    user = factory.user(employee=factory.employee(factory.unit()))
    client = login_as(user)
    _warm(client, count_queries)
    client.post("/auth/language", data={"lang": "ka"})
    db.session.expire_all()
    assert user.locale == "ka"


def test_a_cached_page_skips_the_identity_join(app, cache_mode, monkeypatch, login_as, factory, db, count_queries):
    """The copy answers with at most a one-row version read instead of the joined load (none with Redis)."""
    user = factory.user(employee=factory.employee(factory.unit()))
    client = login_as(user)
    monkeypatch.setitem(app.config, "IDENTITY_CACHE_SECONDS", 0)
    client.get("/")
    with count_queries() as uncached:
        assert client.get("/").status_code == 200
    monkeypatch.setitem(app.config, "IDENTITY_CACHE_SECONDS", 60)
    _warm(client, count_queries)
    with count_queries() as cached:
        assert client.get("/").status_code == 200
    assert [s for s in uncached.statements if IDENTITY_JOIN in s]
    assert not [s for s in cached.statements if IDENTITY_JOIN in s]
    # Redis: the join is gone. Database: the join becomes the version read, which also brings the header's unread
    # count (issue 20), so the page's own count is gone instead.
    assert cached.count == uncached.count - 1


def test_the_header_comes_with_the_version_check_and_stays_true(app, cache_mode, login_as, factory, db,
                                                                count_queries):
    """Issue 20: in the database mode the version check also reads the header's unread count and whether the person
    has direct reports (no statements of their own); in both modes a new notification and a new direct report show
    at the next request, while the identity still comes from the copy."""
    from common.auth import shell_facts
    from common.notifications import notify

    unit = factory.unit()
    boss = factory.employee(unit)
    user = factory.user(employee=boss)
    client = login_as(user)
    card = "The appraisals of the people you evaluate."  # the "My team" card, for people with direct reports
    page = _warm(client, count_queries, "/hr/").get_data(as_text=True)
    assert 'id="unread-count"' not in page and card not in page

    notify(user, "Hello", "A message")
    factory.employee(unit, manager=boss)
    db.session.commit()
    with count_queries() as counter:
        page = client.get("/hr/").get_data(as_text=True)
    assert '<span class="tag" id="unread-count">1</span>' in page and card in page
    assert not [s for s in counter.statements if IDENTITY_JOIN in s], "the identity still came from the copy"
    shell = [s for s in counter.statements if "FROM notification" in s or "employee.manager_id" in s]
    if cache_mode == "database":
        assert len(shell) == 1 and "auth_version" in shell[0], shell
    else:
        assert len(shell) == 2  # nothing to ride along on: Redis answered the version check

    # After a POST the count is counted again (the POST may have just marked notifications read).
    for method, unread in (("GET", 5), ("HEAD", 5), ("POST", None)):
        with app.test_request_context("/", method=method):
            shell_facts.keep(user.id, 5, True)
            assert shell_facts.unread_count(user) == unread and shell_facts.has_reports(user) is True
            assert shell_facts.unread_count(factory.user()) is None  # somebody else's request


def test_a_signed_in_page_does_not_rewrite_the_session_cookie(login_as, factory, db):
    """Nothing in the session changed, so no Set-Cookie: the server keeps the idle timeout, not the cookie."""
    client = login_as(factory.user())
    client.get("/")  # the first page stores the CSRF secret in the session: that one is written
    response = client.get("/")
    assert response.status_code == 200
    assert "suite_session" not in response.headers.get("Set-Cookie", "")
    assert response.get_data(as_text=True).count('name="csrf_token" value="') >= 2


def test_a_new_employee_link_or_name_shows_at_the_next_request(cache_mode, login_as, factory, db, count_queries):
    """The shell names the account's employee: relinking the account, or renaming the employee, retires the copy."""
    unit = factory.unit()
    first, second = factory.employee(unit), factory.employee(unit)
    user = factory.user(employee=first)
    client = login_as(user)
    assert first.full_name in _warm(client, count_queries).get_data(as_text=True)
    user.employee = second
    db.session.commit()
    assert second.full_name in _warm(client, count_queries).get_data(as_text=True)
    second.last_name_en = "Renamed"
    db.session.commit()
    assert "Renamed" in client.get("/").get_data(as_text=True)


def test_a_put_drops_the_expired_copies_first() -> None:
    import time

    from common.auth.identity_cache import _Entry, _Store

    store = _Store()
    store.put("old", _Entry(user_id=1, expires=time.monotonic() - 1))
    store.put("live", _Entry(user_id=2, expires=time.monotonic() + 30))
    store.put("new", _Entry(user_id=3, expires=time.monotonic() + 30))
    assert list(store.entries) == ["live", "new"]
