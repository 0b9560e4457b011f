"""The session cookie decoded once per process and the session's CSRF token signed once (``common.signed_cache``)
give what itsdangerous and Flask-WTF give: an expired or forged cookie is still refused, a changed session never
leaks into the next request, and the token handed out validates."""

from __future__ import annotations

import time

import pytest
from flask_wtf.csrf import generate_csrf, validate_csrf
from itsdangerous import URLSafeTimedSerializer

from common import signed_cache
from common.signed_cache import cookie_data, csrf_token


@pytest.fixture()
def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer("cookie-test-key", salt="cookie-session")


def test_the_data_handed_out_is_a_copy_the_request_may_change(serializer):
    value = serializer.dumps({"lang": "ka", "seen": [1, 2]})
    first = cookie_data(serializer, ("cookie-test-key",), value, 3600)
    first["seen"].append(3)
    first["lang"] = "en"
    assert cookie_data(serializer, ("cookie-test-key",), value, 3600) == {"lang": "ka", "seen": [1, 2]}


def test_a_kept_cookie_is_refused_once_it_is_older_than_the_session_lifetime(serializer, monkeypatch):
    value = serializer.dumps({"user": 7})
    assert cookie_data(serializer, ("cookie-test-key",), value, 60) == {"user": 7}  # now kept
    later = time.time() + 61
    monkeypatch.setattr(signed_cache.time, "time", lambda: later)
    assert cookie_data(serializer, ("cookie-test-key",), value, 60) is None


def test_a_forged_cookie_is_refused_and_a_cookie_kept_under_one_key_is_not_read_under_another(serializer):
    value = serializer.dumps({"user": 7})
    forged = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    assert cookie_data(serializer, ("cookie-test-key",), forged, 3600) is None
    assert cookie_data(serializer, ("cookie-test-key",), value, 3600) == {"user": 7}
    other = URLSafeTimedSerializer("another-key", salt="cookie-session")
    assert cookie_data(other, ("another-key",), value, 3600) is None


def test_the_session_token_validates_and_is_the_one_the_page_forms_use(app):
    with app.test_request_context("/"):
        token = csrf_token()
        validate_csrf(token)  # raises if it does not
        assert generate_csrf() == token  # the forms of the same page carry the same token
    with app.test_request_context("/"):
        assert csrf_token() != token  # another session (no cookie): its own raw token


def test_with_a_time_limit_a_token_is_handed_out_again_for_a_minute_at_most(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", 3600)
    clock = [time.monotonic()]
    monkeypatch.setattr(signed_cache.time, "monotonic", lambda: clock[0])
    with app.test_request_context("/") as context:
        context.session["csrf_token"] = "a-raw-token-for-this-test"
        first = csrf_token()
    with app.test_request_context("/") as context:
        context.session["csrf_token"] = "a-raw-token-for-this-test"
        assert csrf_token() == first
    clock[0] += signed_cache.REUSE_SECONDS + 1
    time.sleep(1.01)  # itsdangerous signs whole seconds: a token signed now differs from the first
    with app.test_request_context("/") as context:
        context.session["csrf_token"] = "a-raw-token-for-this-test"
        again = csrf_token()
        assert again != first
        validate_csrf(again)
