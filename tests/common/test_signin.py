"""Sign-in behind a proxy, throttling nobody can turn against someone else, the password policy, temporary passwords.

The rate limiter is off in the shared test app (``RATELIMIT_ENABLED`` False in ``conftest``); these tests build
their own app with it on and nginx's address (127.0.0.1, the test client's) as the trusted proxy.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app import create_app
from common.extensions import limiter
from common.models import AuditEvent, User
from common.models.users import ADMIN
from tests.conftest import TEST_CONFIG, IsolatedClient, database_url
from tests.factories import PASSWORD

PROXY = "127.0.0.1"  # the test client's address, standing for nginx on the same machine
GENERIC = "The e-mail address or password is not correct."


@pytest.fixture(scope="module")
def limited(app: Flask) -> Iterator[Flask]:
    """The suite as deployed behind nginx: rate limits on, the proxy trusted."""
    behind_proxy = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url(), "RATELIMIT_ENABLED": True,
                               "RATELIMIT_LOGIN": "20 per minute", "TRUSTED_PROXIES": [PROXY]})
    behind_proxy.test_client_class = IsolatedClient
    yield behind_proxy
    limiter.enabled = False  # the limiter is one object: leave it as the shared test app expects it


@pytest.fixture(autouse=True)
def _fresh_limits(limited: Flask) -> None:
    with limited.app_context():
        limiter.reset()


def post_login(client: Any, email: str, password: str, *, forwarded_for: str | None = None,
               remote: str = PROXY) -> Any:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post("/auth/login", data={"email": email, "password": password}, headers=headers,
                       environ_overrides={"REMOTE_ADDR": remote})


def notice(response: Any) -> str:
    found = re.search(r'<div class="notice notice--\w+" role="\w+">([^<]*)</div>', response.get_data(as_text=True))
    return found.group(1) if found else ""


def audited_ips(db: Any, action: str) -> list[str]:
    return list(db.session.execute(select(AuditEvent.ip).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)).scalars())


def test_behind_a_trusted_proxy_the_client_address_is_audited_and_rate_limited(limited, db):
    client = limited.test_client()
    post_login(client, "someone@test.gov.ge", "wrong guess", forwarded_for="198.51.100.1")
    # A client cannot choose its address by writing one into the header: nginx appends the real one.
    post_login(client, "someone@test.gov.ge", "wrong guess", forwarded_for="10.9.9.9, 198.51.100.1")
    assert audited_ips(db, "login_failed") == ["198.51.100.1", "198.51.100.1"]

    statuses = [post_login(client, f"a{n}@test.gov.ge", "x", forwarded_for="198.51.100.1").status_code
                for n in range(18)]
    assert set(statuses) == {200}
    assert post_login(client, "a@test.gov.ge", "x", forwarded_for="198.51.100.1").status_code == 429
    # Another client behind the same proxy has its own allowance.
    assert post_login(client, "b@test.gov.ge", "x", forwarded_for="198.51.100.2").status_code == 200


def test_from_an_untrusted_address_the_forwarded_header_is_ignored(limited, db):
    client = limited.test_client()
    for n in range(20):
        response = post_login(client, "c@test.gov.ge", "x", forwarded_for=f"198.51.100.{n + 10}", remote="203.0.113.9")
        assert response.status_code == 200
    assert set(audited_ips(db, "login_failed")) | set(audited_ips(db, "login_throttled")) == {"203.0.113.9"}
    # Twenty different claimed addresses were one client: its allowance is spent.
    assert post_login(client, "c@test.gov.ge", "x", forwarded_for="198.51.100.99", remote="203.0.113.9") \
        .status_code == 429


def test_a_strangers_wrong_passwords_do_not_lock_the_administrator_out(limited, factory, db):
    admin = factory.user(email="admin@test.gov.ge", roles=[(ADMIN, None)])
    db.session.commit()
    stranger = limited.test_client()
    answers = [notice(post_login(stranger, admin.email, f"guess {n}", forwarded_for="198.51.100.66"))
               for n in range(20)]
    assert answers[0] == GENERIC and answers[-1].startswith("Too many failed attempts. Try again in")

    response = post_login(limited.test_client(), admin.email, PASSWORD, forwarded_for="198.51.100.10")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    # The stranger, meanwhile, is still refused, even with the right password (waiting, or out of attempts).
    response = post_login(stranger, admin.email, PASSWORD, forwarded_for="198.51.100.66")
    assert response.status_code == 429 or notice(response).startswith("Too many failed attempts")
    assert "Location" not in response.headers


def test_every_failed_sign_in_runs_one_argon2_verification(limited, factory, db, monkeypatch):
    """The finding was a locked account answering at once (0.03 s) and an unknown one after a hash (0.2 s)."""
    from common.auth import passwords

    known = factory.user(email="known@test.gov.ge")
    db.session.commit()
    calls: list[str] = []
    real = passwords._hasher

    class Counting:
        def verify(self, hashed: str, password: str) -> bool:
            calls.append(hashed)
            return real.verify(hashed, password)

    monkeypatch.setattr(passwords, "_hasher", Counting())
    for email in (known.email, "nobody@test.gov.ge"):
        post_login(limited.test_client(), email, "wrong password", forwarded_for="198.51.100.5")
    assert calls == [known.password_hash, passwords._DUMMY_HASH]


def test_known_and_unknown_accounts_get_the_same_answer_in_the_same_time(limited, factory, db, monkeypatch):
    """Timed with a light Argon2 (the same for both, as in production): on a busy machine a full-strength
    hash varies by hundreds of milliseconds from one try to the next, which would hide what is measured
    here, the difference between the two paths around the hash (queries, writes, the page)."""
    from argon2 import PasswordHasher

    from common.auth import passwords

    light = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", light)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", light.hash("not-a-real-password-for-timing"))
    known = factory.user(email="known@test.gov.ge")
    known.password_hash = light.hash(PASSWORD)
    db.session.commit()
    differences = []
    for attempt in range(3):  # a systematic difference shows in every round; a burst of load on the machine not
        timings: dict[str, list[float]] = {"known": [], "unknown": []}
        answers: dict[str, set[str]] = {"known": set(), "unknown": set()}
        for n in range(20):  # interleaved, alternating who goes first, each try from its own address (no throttle)
            pair = [("known", known.email), ("unknown", "nobody@test.gov.ge")]
            for kind, email in pair if n % 2 else reversed(pair):
                client = limited.test_client()
                started = time.perf_counter()
                response = post_login(client, email, "wrong password",
                                      forwarded_for=f"198.{51 + attempt}.{n}.{len(kind)}")
                timings[kind].append(time.perf_counter() - started)
                answers[kind].add(notice(response))
        assert answers == {"known": {GENERIC}, "unknown": {GENERIC}}
        differences.append(abs(statistics.median(timings["known"]) - statistics.median(timings["unknown"])))
        if differences[-1] < 0.020:
            break
    assert differences[-1] < 0.020, differences

    # Throttled, the answer is the same too.
    throttled = {}
    for email in (known.email, "nobody@test.gov.ge"):
        client = limited.test_client()
        for _ in range(limited.config["LOGIN_FREE_FAILURES"] + 1):
            post_login(client, email, "wrong password", forwarded_for="198.51.100.77")
        throttled[email] = notice(post_login(client, email, "wrong password", forwarded_for="198.51.100.77"))
    assert throttled[known.email] == throttled["nobody@test.gov.ge"] == \
        "Too many failed attempts. Try again in 2 seconds."


def test_password_change_is_limited_like_sign_in(limited, login_as, factory, db):
    user = factory.user()
    client = login_as(user, limited.test_client())

    def attempt() -> Any:
        return client.post("/auth/password", data={"current": "not my password", "new": "a brand new pass phrase",
                                                   "confirm": "a brand new pass phrase"})

    answers = [attempt() for _ in range(limited.config["LOGIN_FREE_FAILURES"] + 2)]
    assert "current password is not correct" in answers[0].get_data(as_text=True)
    assert "Too many failed attempts. Try again in" in answers[-1].get_data(as_text=True)
    statuses = [attempt().status_code for _ in range(20)]
    assert statuses[-1] == 429
    assert db.session.execute(select(User.password_hash).where(User.id == user.id)).scalar_one() == user.password_hash


@pytest.mark.parametrize("weak", ["qwerty123456", "password12345", "1qaz2wsx3edc"])
def test_common_passwords_are_refused_in_georgian_and_english(login_as, factory, db, weak):
    client = login_as(factory.user())
    form = {"current": PASSWORD, "new": weak, "confirm": weak}
    english = client.post("/auth/password", data=form).get_data(as_text=True)
    assert "This password is too easy to guess." in english
    assert "common" in english  # zxcvbn's reason: "This is a very common password." or "similar to ..."
    with client.session_transaction() as session:
        session["lang"] = "ka"
    georgian = client.post("/auth/password", data=form).get_data(as_text=True)
    assert "ეს პაროლი ადვილად გამოსაცნობია." in georgian
    assert "ეს ძალიან გავრცელებული პაროლია." in georgian or "ეს ხშირად გამოყენებულ პაროლს ჰგავს." in georgian
    assert "too easy to guess" not in georgian


def test_the_test_and_demo_passwords_pass_the_policy(app):
    from bench.data import BENCH_PASSWORD
    from common.auth.passwords import policy_problems

    with app.test_request_context():
        assert policy_problems(PASSWORD, "user1@test.gov.ge") == []
        assert policy_problems(BENCH_PASSWORD, "admin@demo.gov.ge") == []
        assert policy_problems("demo-password-for-tests", "admin@demo.gov.ge") == []


def test_a_temporary_password_must_be_changed_at_first_sign_in(app, login_as, factory, db):
    admin = login_as(factory.user(roles=[(ADMIN, None)]))
    response = admin.post("/directory/accounts/new", data={"email": "new.person@test.gov.ge",
                                                           "password": "tulip quarry seventeen"})
    assert response.status_code == 302

    newcomer = app.test_client()
    response = newcomer.post("/auth/login", data={"email": "new.person@test.gov.ge",
                                                  "password": "tulip quarry seventeen"})
    assert response.headers["Location"] == "/auth/password"
    for page in ("/", "/directory/", "/me/"):
        assert newcomer.get(page).headers.get("Location") == "/auth/password", page
    newcomer.post("/auth/password", data={"current": "tulip quarry seventeen", "new": "my own lantern harbour",
                                          "confirm": "my own lantern harbour"})
    assert newcomer.get("/").status_code == 200

    # A reset by an administrator makes the password temporary again.
    user = db.session.execute(select(User).where(User.email == "new.person@test.gov.ge")).scalar_one()
    admin.post(f"/directory/accounts/{user.id}/password", data={"reset-password": "another quiet meadow"})
    again = app.test_client()
    response = again.post("/auth/login", data={"email": user.email, "password": "another quiet meadow"})
    assert response.headers["Location"] == "/auth/password"


def test_a_hash_with_old_parameters_is_renewed_at_sign_in(app, client, factory, db):
    """Known and unknown accounts take equally long only if every stored hash has today's Argon2 parameters."""
    from argon2 import PasswordHasher

    from common.auth.passwords import needs_rehash

    user = factory.user()
    old = user.password_hash = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    db.session.commit()
    assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    db.session.expire_all()
    stored = db.session.get(User, user.id).password_hash
    assert needs_rehash(old) and not needs_rehash(stored) and stored != old
