"""The capability a lesson page hands to the content origin: a signed token bound to one learner's attempt.

The content origin never sees the session cookie; a token in the path is all it gets. It names the package version
and SCO whose files it opens, the attempt whose values it may write (none for an editor's preview), the learner,
and the application origin that may frame the content. It opens files for as long as a session lasts; a commit
kept in the browser's outbox may still be delivered with it for ``REPLAY_DAYS``, and only to that attempt, which
SCORM lets the package write anyway.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "learning.scorm.attempt-token"
REPLAY_DAYS = 30


@dataclass(frozen=True)
class Grant:
    version_id: int
    sco_id: int
    attempt_id: int | None
    user_id: int
    app_origin: str


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue(grant: Grant) -> str:
    return _serializer().dumps(list(asdict(grant).values()))


def _read(token: str, max_age: timedelta) -> Grant | None:
    try:
        fields = _serializer().loads(token, max_age=int(max_age.total_seconds()))
    except (BadSignature, ValueError, TypeError):
        return None
    try:
        return Grant(*fields)
    except TypeError:
        return None


def for_files(token: str) -> Grant | None:
    """The grant, while it may still open files (as long as a session lasts)."""
    return _read(token, current_app.config["PERMANENT_SESSION_LIFETIME"])


def for_commits(token: str) -> Grant | None:
    """The grant, while a commit kept in the browser's outbox may still be delivered with it."""
    return _read(token, timedelta(days=REPLAY_DAYS))
