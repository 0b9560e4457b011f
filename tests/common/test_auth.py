"""Sign-in, lock-out, server-side sessions, password change, CSRF and rate limiting."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app import create_app
from common.auth import operations as auth_ops
from common.extensions import limiter
from common.models import AuditEvent, LoginThrottle, User, UserSession
from common.models.base import utcnow
from tests.conftest import TEST_CONFIG, IsolatedClient, database_url
from tests.factories import PASSWORD


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/auth/login", data={"email": email, "password": password, **extra})


def test_sign_in_and_out(client, factory, db):
    user = factory.user(employee=factory.employee(factory.unit()))
    db.session.commit()
    response = sign_in(client, user.email)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert db.session.execute(select(UserSession).where(UserSession.user_id == user.id)).scalar_one().revoked_at is None
    response = client.post("/auth/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, factory, db):
    user = factory.user()
    db.session.commit()
    response = sign_in(client, user.email, "not the password")
    assert response.status_code == 200
    assert "e-mail address or password is not correct" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_passwords_are_argon2_hashes(db):
    from common.auth.passwords import hash_password, verify_password

    hashed = hash_password("a long pass phrase")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "a long pass phrase")
    assert not verify_password(hashed, "a long pass phrase!")


def test_repeated_failures_from_one_address_make_it_wait_and_are_audited(client, factory, db, app):
    user = factory.user()
    db.session.commit()
    for _ in range(app.config["LOGIN_FREE_FAILURES"] + 1):
        sign_in(client, user.email, "wrong password")
    response = sign_in(client, user.email)  # the right password, but this address must wait first
    assert "Too many failed attempts. Try again in 2 seconds." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    actions = db.session.execute(select(AuditEvent.action).where(AuditEvent.actor_id == user.id)).scalars().all()
    assert actions.count("login_failed") == app.config["LOGIN_FREE_FAILURES"] + 1
    assert "login_throttled" in actions and "account_locked" not in actions

    # Once the wait is over the right password works again.
    db.session.execute(update(LoginThrottle).values(blocked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert sign_in(client, user.email).headers["Location"] == "/"


def test_many_failures_from_many_addresses_lock_the_account(app, factory, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES", 6)
    user = factory.user()
    db.session.commit()
    for n in range(6):
        app.test_client().post("/auth/login", data={"email": user.email, "password": "wrong password"},
                               environ_overrides={"REMOTE_ADDR": f"192.0.2.{n + 1}"})
    fresh = app.test_client()
    response = fresh.post("/auth/login", data={"email": user.email, "password": PASSWORD},
                          environ_overrides={"REMOTE_ADDR": "192.0.2.200"})
    assert "Too many failed attempts. Try again in 15 minutes." in response.get_data(as_text=True)
    actions = db.session.execute(select(AuditEvent.action).where(AuditEvent.actor_id == user.id)).scalars().all()
    assert "account_locked" in actions and "login_throttled" in actions
    db.session.expire_all()
    assert db.session.get(User, user.id).locked_until is not None  # shown on the account's page

    db.session.execute(update(LoginThrottle).values(blocked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    response = fresh.post("/auth/login", data={"email": user.email, "password": PASSWORD},
                          environ_overrides={"REMOTE_ADDR": "192.0.2.200"})
    assert response.headers["Location"] == "/"


def test_a_session_cookie_copied_before_sign_out_is_refused_after_it(app, client, factory, db):
    user = factory.user()
    db.session.commit()
    sign_in(client, user.email)
    stolen = client.get_cookie("suite_session").value
    client.post("/auth/logout")

    thief = app.test_client()
    thief.set_cookie("suite_session", stolen)
    response = thief.get("/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_password_change_ends_other_sessions(app, factory, db):
    user = factory.user()
    db.session.commit()
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user.email)
    sign_in(phone, user.email)
    response = laptop.post("/auth/password", data={"current": PASSWORD, "new": "a brand new pass phrase",
                                                   "confirm": "a brand new pass phrase"})
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    assert sign_in(app.test_client(), user.email, "a brand new pass phrase").headers["Location"] == "/"


def test_password_policy_explains_itself(login_as, factory, db):
    client = login_as(factory.user())
    response = client.post("/auth/password", data={"current": PASSWORD, "new": "short", "confirm": "short"})
    assert "Use at least 12 characters" in response.get_data(as_text=True)
    response = client.post("/auth/password", data={"current": "wrong", "new": "a brand new pass phrase",
                                                   "confirm": "a brand new pass phrase"})
    assert "current password is not correct" in response.get_data(as_text=True)


def test_disabling_an_account_ends_its_sessions(login_as, factory, db):
    user = factory.user()
    client = login_as(user)
    assert client.get("/").status_code == 200
    auth_ops.set_active(user, False)
    db.session.commit()
    assert client.get("/").status_code == 302


def test_idle_sessions_expire(login_as, factory, db, app):
    user = factory.user()
    client = login_as(user)
    row = db.session.execute(select(UserSession).where(UserSession.user_id == user.id)).scalar_one()
    row.last_seen_at = utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    db.session.commit()
    assert client.get("/").status_code == 302


def test_sign_in_never_redirects_to_another_site(client, factory, db):
    user = factory.user()
    db.session.commit()
    response = sign_in(client, user.email, next="//evil.example/steal")
    assert response.headers["Location"] == "/"


def test_unknown_address_is_audited_without_revealing_it(client, db):
    response = sign_in(client, "nobody@test.gov.ge", "whatever password")
    assert "e-mail address or password is not correct" in response.get_data(as_text=True)
    entry = db.session.execute(select(AuditEvent).where(AuditEvent.action == "login_failed")).scalar_one()
    assert entry.actor_email == "nobody@test.gov.ge" and entry.actor_id is None


def test_forms_refuse_a_post_without_csrf_token(factory, db):
    strict = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url(), "WTF_CSRF_ENABLED": True})
    strict.test_client_class = IsolatedClient
    user = factory.user()
    db.session.commit()
    client = strict.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    response = sign_in(client, user.email)
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_sign_in_is_rate_limited_per_address(factory, db):
    limited = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url(), "RATELIMIT_ENABLED": True,
                          "RATELIMIT_LOGIN": "3 per minute"})
    limited.test_client_class = IsolatedClient
    client = limited.test_client()
    try:
        statuses = [sign_in(client, f"someone{i}@test.gov.ge", "x").status_code for i in range(4)]
    finally:
        limiter.enabled = False  # one limiter object: leave it off, as the shared test app expects
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
