"""Launching an AU (cmi5 quartz §8): the registration (one per enrolment and version), a session, LMS.LaunchData
written to the State resource, the ``launched`` statement, and the launch URL with ``endpoint``, ``fetch``,
``registration``, ``activityId`` and ``actor``. The fetch URL hands out the session's auth token once
(``fetch``); a second use gets the specification's error JSON (error-code 1).

The auth token is a new ``XapiClient`` credential with the scopes an AU needs, limited (``limits``) to the
session's actor, registration and AU activity; ``common.permissions.xapi`` enforces the limits.
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import get_locale
from common.i18n import lazy_gettext as _l
from common.models.base import utcnow
from learning.cmi5 import operations as ops
from learning.cmi5 import statements
from learning.cmi5.models import Cmi5Au, Cmi5Registration, Cmi5Session
from learning.models import Enrolment
from learning.xapi.auth import create_client
from learning.xapi.operations import document_key, find_document, write_document, write_state
from learning.xapi.validation import agent_key

SALT = "learning.cmi5.content-token"
SCOPES = ["statements/write", "statements/read/mine", "state", "profile"]
ALREADY_USED = {"error-code": "1", "error-text": "Already in use or expired: this fetch URL has been used."}
UNKNOWN = {"error-code": "2", "error-text": "General security error: no such fetch URL."}


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def content_token(version_id: int) -> str:
    """The capability to read a version's files on the content origin (no session ever reaches it)."""
    return _serializer().dumps(version_id)


def version_of_token(token: str) -> int | None:
    max_age = int(current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds())
    try:
        value = _serializer().loads(token, max_age=max_age)
    except (BadSignature, ValueError, TypeError):
        return None
    return value if isinstance(value, int) else None


def registration_for(enrolment: Enrolment, au: Cmi5Au) -> Cmi5Registration:
    """The enrolment's registration in the AU's version, made on first launch."""
    query = select(Cmi5Registration).where(Cmi5Registration.enrolment_id == enrolment.id,
                                           Cmi5Registration.version_id == au.version_id)
    found = db.session.execute(query).scalar_one_or_none()
    if found is not None:
        return found
    registration = Cmi5Registration(registration=str(uuid.uuid4()), enrolment_id=enrolment.id,
                                    version_id=au.version_id, satisfied_blocks=[])
    try:
        with db.session.begin_nested():
            db.session.add(registration)
    except IntegrityError:  # launched in another tab at the same moment
        return db.session.execute(query).scalar_one()
    return registration


@dataclass
class Launch:
    session: Cmi5Session
    url: str


def launch(au: Cmi5Au, enrolment: Enrolment | None, *, content_origin: str, content_path: str, return_url: str,
           actor: Any = None) -> Launch:
    """Open ``au`` for the enrolled learner in Normal mode. ``content_path`` is the AU's file on the content origin
    (with its token), ``return_url`` where the AU sends the learner when done."""
    if enrolment is None or not enrolment.active:
        raise OperationError(_l("This enrolment is not active."))
    now = utcnow()
    registration = registration_for(enrolment, au)
    _abandon_open_sessions(registration, actor=actor, now=now)
    session = Cmi5Session(session_id=str(uuid.uuid4()), registration=registration, au=au,
                          fetch_key=secrets.token_urlsafe(32), launch_mode="Normal", launched_at=now)
    db.session.add(session)
    db.session.flush()
    agent = statements.actor_of(enrolment.employee)
    activity_id = statements.au_activity_id(au)
    launch_data: dict[str, Any] = {
        "contextTemplate": statements.context_template(au, session.session_id), "launchMode": "Normal",
        "moveOn": au.move_on, "returnURL": return_url}
    if au.mastery_score is not None:
        launch_data["masteryScore"] = au.mastery_score
    if au.launch_parameters:
        launch_data["launchParameters"] = au.launch_parameters
    if au.entitlement_key:
        launch_data["entitlementKey"] = {"courseStructure": au.entitlement_key}
    write_state(activity_id, agent, "LMS.LaunchData", launch_data, registration=registration.registration)
    _learner_preferences(agent)
    base = au.url if au.remote else content_path
    query = urlencode({"endpoint": f"{content_origin}/xapi/",
                       "fetch": f"{content_origin}/learn/cmi5/fetch/{session.fetch_key}",
                       "registration": registration.registration, "activityId": activity_id,
                       "actor": json.dumps(agent, separators=(",", ":"))})
    url = base + ("&" if urlsplit(base).query else "?") + query
    statements.launched(session, base)
    if enrolment.state == "assigned":
        enrolment.state, enrolment.started_at = "in_progress", enrolment.started_at or now
    log_action("learning", "launch_cmi5", session, f"AU {au.publisher_id} launched (session {session.session_id}, "
               f"registration {registration.registration})", actor=actor, subject_employee_id=enrolment.employee_id)
    ops.evaluate(session, actor=actor, now=now)  # AUs whose moveOn is NotApplicable are satisfied at once
    return Launch(session, url)


def _learner_preferences(agent: dict[str, Any]) -> None:
    """cmi5LearnerPreferences (cmi5 §11), written once: the learner's interface language first, then the other of
    the suite's two; the AU may change it afterwards, and the suite never overwrites it."""
    key = document_key("agent_profile", agent=agent, doc_id="cmi5LearnerPreferences")
    if find_document(key) is not None:
        return
    languages = ["ka-GE", "en-US"] if str(get_locale() or "ka").startswith("ka") else ["en-US", "ka-GE"]
    body = json.dumps({"languagePreference": ",".join(languages), "audioPreference": "on"}).encode()
    write_document(key, body, "application/json", merge=False)


def _abandon_open_sessions(registration: Cmi5Registration, *, actor: Any, now: Any) -> None:
    """Sessions of the registration still open at a new launch ended abnormally: the LMS states ``abandoned`` for
    each (cmi5 §9.3.7), and their credentials accept nothing more."""
    open_sessions = db.session.execute(select(Cmi5Session).where(
        Cmi5Session.registration_id == registration.id, Cmi5Session.terminated_at.is_(None))).scalars().all()
    for old in open_sessions:
        statements.abandoned(old)
        old.terminated_at, old.abandoned = now, True
        log_action("learning", "abandon_cmi5_session", old, f"cmi5 session {old.session_id} abandoned (a new launch "
                   f"began without terminated)", actor=actor, subject_employee_id=registration.enrolment.employee_id)


def fetch(key: str) -> dict[str, str]:
    """The fetch URL's answer: the auth token the first time, the error JSON afterwards (cmi5 §8.2)."""
    session = db.session.execute(select(Cmi5Session).where(Cmi5Session.fetch_key == key)).scalar_one_or_none()
    if session is None:
        return UNKNOWN
    claimed = db.session.execute(update(Cmi5Session).where(Cmi5Session.id == session.id,
                                                            Cmi5Session.fetched_at.is_(None))
                                 .values(fetched_at=utcnow()).execution_options(synchronize_session=False))
    if claimed.rowcount != 1 or session.terminated_at is not None:
        return ALREADY_USED
    registration = session.registration
    agent = statements.actor_of(registration.enrolment.employee)
    client, secret = create_client(f"cmi5 session {session.session_id}", SCOPES)
    client.limits = {"agent": agent_key(agent), "registration": registration.registration,
                     "activity": statements.au_activity_id(session.au)}
    session.client_id = client.id
    db.session.flush()
    token = base64.b64encode(f"{client.key}:{secret}".encode()).decode()
    return {"auth-token": token}
