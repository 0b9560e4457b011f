"""What a signed cookie says and what a session's signed CSRF token is, each worked out once per process.

Every signed-in request decoded the same session cookie (itsdangerous: split, base64, HMAC, zlib, tagged JSON) and
signed the session's CSRF token again (a serializer built, a trial dump, JSON, base64, HMAC): a tenth of the CPU of a
light page, for answers that depend only on the bytes given. Both are kept here in bounded maps keyed by those
inputs, so an answer from the map is one the library gives:

- a cookie's data is kept with the time it was signed, and its age is checked against the lifetime at every use,
  so an expired cookie is refused as itsdangerous refuses it; a cookie that does not verify is never kept. The
  cookie changes only when the session does (``SESSION_REFRESH_EACH_REQUEST`` is off), so a person's requests
  share one entry;
- a session's signed CSRF token is reused: the token signs the session's raw token and the time, and with
  ``WTF_CSRF_TIME_LIMIT`` unset (the suite's setting) the time is never checked, so any token of the session
  validates alike. With a limit set, a token is reused for a minute at most, so a page's form keeps nearly all of it.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import OrderedDict
from typing import Any

from flask import current_app, g, session
from itsdangerous import BadSignature, URLSafeTimedSerializer

ENTRIES = 4096  # the sessions of the last moments: each entry is a cookie's or token's few hundred bytes
REUSE_SECONDS = 60  # how long a signed CSRF token is handed out again when WTF_CSRF_TIME_LIMIT is set
CSRF_SALT = "wtf-csrf-token"  # Flask-WTF's


class _Bounded:
    """A small LRU map shared by a process's threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any) -> Any:
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key: Any, value: Any) -> None:
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > ENTRIES:
                self.entries.popitem(last=False)


_cookies = _Bounded()
_tokens = _Bounded()
_serializers: dict[Any, URLSafeTimedSerializer] = {}


def cookie_data(serializer: URLSafeTimedSerializer, keys: tuple[Any, ...], value: str, max_age: int) -> dict | None:
    """The data of the signed cookie ``value`` (a copy the caller may change), ``None`` if it does not verify or has
    expired. ``keys`` names the serializer's secrets: another key never reads a cookie kept under an earlier one."""
    kept = _cookies.get((keys, value))
    if kept is None:
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return None
        kept = (signed_at.timestamp(), data)
        _cookies.put((keys, value), kept)
    signed_at, data = kept
    if time.time() - signed_at > max_age:  # as itsdangerous: older than max_age seconds is expired
        return None
    return copy.deepcopy(data)  # the session may change its lists and dicts; the kept copy must not


def csrf_token() -> str:
    """This request's signed CSRF token, as ``flask_wtf.csrf.generate_csrf`` makes it (and kept in ``g`` for the
    forms of the page), signed once per session and process (see the module's docstring)."""
    config = current_app.config
    field = config.get("WTF_CSRF_FIELD_NAME") or "csrf_token"
    if field in g:
        return g.get(field)
    secret = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    raw = session.get(field)
    if not isinstance(raw, str):  # none yet (or not a string): Flask-WTF makes it and signs it
        from flask_wtf.csrf import generate_csrf

        return generate_csrf()
    limit, now = config.get("WTF_CSRF_TIME_LIMIT"), time.monotonic()
    kept = _tokens.get((secret, raw))
    if kept is None or (limit is not None and now - kept[1] > min(REUSE_SECONDS, limit)):
        serializer = _serializers.get(secret)
        if serializer is None:
            serializer = _serializers[secret] = URLSafeTimedSerializer(secret, salt=CSRF_SALT)
        kept = (serializer.dumps(raw), now)
        _tokens.put((secret, raw), kept)
    setattr(g, field, kept[0])
    return kept[0]
