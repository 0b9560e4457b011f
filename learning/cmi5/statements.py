"""The statements the suite states as the cmi5 LMS (launched, satisfied), stored through the LRS's Python
interface, and the activity ids it gives the course, its blocks and AUs.

The LMS gives each imported course, block and AU an id of its own (a structure may be imported twice, as two
versions); the publisher's id from ``cmi5.xml`` travels in ``contextActivities.grouping`` of the contextTemplate.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import current_app

from common.models.base import utcnow
from learning.cmi5.vocabulary import (
    AU_TYPE,
    BLOCK_TYPE,
    CMI5_CATEGORY,
    COURSE_TYPE,
    LAUNCH_MODE,
    LAUNCH_PARAMETERS,
    LAUNCH_URL,
    MASTERY_SCORE,
    MOVE_ON,
    MOVEON_CATEGORY,
    REASON,
    SESSION_ID,
    VERBS,
)
from learning.xapi.native import actor_of
from learning.xapi.operations import store_statement

__all__ = ["abandoned", "actor_of", "au_activity_id", "context_template", "launched", "satisfied", "waived"]


def _base() -> str:
    return current_app.config.get("BASE_URL", "http://localhost").rstrip("/")


def au_activity_id(au: Any) -> str:
    return f"{_base()}/learn/cmi5/aus/{au.id}"


def course_activity_id(version: Any) -> str:
    return f"{_base()}/learn/cmi5/courses/{version.id}"


def block_activity_id(version: Any, block: dict[str, Any]) -> str:
    return f"{_base()}/learn/cmi5/courses/{version.id}/blocks/{uuid.uuid5(uuid.NAMESPACE_URL, block['id'])}"


def _now() -> str:
    return utcnow().isoformat(timespec="milliseconds") + "Z"


def context_template(au: Any, session_id: str) -> dict[str, Any]:
    """What the AU must put in every statement's context (LMS.LaunchData's ``contextTemplate``)."""
    return {"contextActivities": {"grouping": [{"objectType": "Activity", "id": au.publisher_id}]},
            "extensions": {SESSION_ID: session_id}}


def _context(registration: str, session_id: str, grouping: str, *categories: str,
             extensions: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"registration": registration,
            "contextActivities": {"grouping": [{"objectType": "Activity", "id": grouping}],
                                  "category": [{"objectType": "Activity", "id": c} for c in categories]},
            "extensions": {SESSION_ID: session_id, **(extensions or {})}}


def launched(session: Any, launch_url: str) -> str:
    """``launched``: the LMS opened the AU in this session (cmi5 §9.3.1), with the launch's particulars."""
    registration, au = session.registration, session.au
    extensions: dict[str, Any] = {LAUNCH_MODE: session.launch_mode, LAUNCH_URL: launch_url, MOVE_ON: au.move_on}
    if au.launch_parameters:
        extensions[LAUNCH_PARAMETERS] = au.launch_parameters
    if au.mastery_score is not None:
        extensions[MASTERY_SCORE] = au.mastery_score
    return store_statement({
        "id": str(uuid.uuid4()), "actor": actor_of(registration.enrolment.employee),
        "verb": {"id": VERBS["launched"], "display": {"en-US": "Launched"}},
        "object": {"objectType": "Activity", "id": au_activity_id(au),
                   "definition": {"type": AU_TYPE, "name": {"und": au.title}}},
        "context": _context(registration.registration, session.session_id, au.publisher_id, CMI5_CATEGORY,
                            extensions=extensions),
        "timestamp": _now()})


def satisfied(registration: Any, session_id: str, *, block: dict[str, Any] | None) -> str:
    """``satisfied`` about a block (all its AUs satisfied) or the course (every AU), stated by the LMS."""
    version = registration.version
    if block is None:
        target = {"objectType": "Activity", "id": course_activity_id(version),
                  "definition": {"type": COURSE_TYPE, "name": {"und": version.title}}}
        grouping = version.publisher_id
    else:
        target = {"objectType": "Activity", "id": block_activity_id(version, block),
                  "definition": {"type": BLOCK_TYPE, "name": {"und": block["title"]}}}
        grouping = block["id"]
    return store_statement({
        "id": str(uuid.uuid4()), "actor": actor_of(registration.enrolment.employee),
        "verb": {"id": VERBS["satisfied"], "display": {"en-US": "Satisfied"}},
        "object": target,
        "context": _context(registration.registration, session_id, grouping, CMI5_CATEGORY, MOVEON_CATEGORY),
        "timestamp": _now()})


def _duration(start: Any) -> str:
    seconds = max(0.0, (utcnow() - start).total_seconds())
    return f"PT{seconds:.2f}S"


def abandoned(session: Any) -> str:
    """``abandoned``: the session ended without the AU stating ``terminated`` (another launch began)."""
    registration, au = session.registration, session.au
    return store_statement({
        "id": str(uuid.uuid4()), "actor": actor_of(registration.enrolment.employee),
        "verb": {"id": VERBS["abandoned"], "display": {"en-US": "Abandoned"}},
        "object": {"objectType": "Activity", "id": au_activity_id(au)},
        "result": {"duration": _duration(session.launched_at)},
        "context": _context(registration.registration, session.session_id, au.publisher_id, CMI5_CATEGORY),
        "timestamp": _now()})


def waived(registration: Any, au: Any, reason: str, session_id: str) -> str:
    """``waived``: the LMS excused the learner from the AU (cmi5 §9.3.9), with the reason."""
    return store_statement({
        "id": str(uuid.uuid4()), "actor": actor_of(registration.enrolment.employee),
        "verb": {"id": VERBS["waived"], "display": {"en-US": "Waived"}},
        "object": {"objectType": "Activity", "id": au_activity_id(au)},
        "result": {"success": True, "completion": True},
        "context": _context(registration.registration, session_id, au.publisher_id, CMI5_CATEGORY,
                            MOVEON_CATEGORY, extensions={REASON: reason}),
        "timestamp": _now()})
