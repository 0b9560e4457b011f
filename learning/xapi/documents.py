"""The document resources (State, Activity Profile, Agent Profile) and the Activities and Agents resources.

A document is stored as bytes with its content type and an ETag (SHA-1 of the content). PUT replaces, POST merges
JSON objects, DELETE removes (State without ``stateId``: every state of the activity, agent and registration).
If-Match / If-None-Match are honoured everywhere (412 when they do not hold); on the profiles an overwrite
without either is refused with 409, as Communication §2.2.5 requires.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, abort, g, request

from common.origins import both_origins
from common.permissions import public, xapi_within_limits
from learning.xapi import bp
from learning.xapi import operations as ops
from learning.xapi import queries as q
from learning.xapi import validation as v
from learning.xapi.views import answer, require_scope

# resource -> (kind, its id parameter, needs activityId, needs agent, allowed parameters)
RESOURCES: dict[str, tuple[str, str, bool, bool, set[str]]] = {
    "state": ("state", "stateId", True, True, {"activityId", "agent", "registration", "stateId", "since"}),
    "activity_profile": ("activity_profile", "profileId", True, False, {"activityId", "profileId", "since"}),
    "agent_profile": ("agent_profile", "profileId", False, True, {"agent", "profileId", "since"}),
}


def _agent(raw: str | None) -> dict[str, Any]:
    try:
        agent = json.loads(raw or "")
    except ValueError as error:
        raise v.Invalid("agent must be an Agent as JSON") from error
    v.agent(agent, "agent")
    return agent


def _document(resource: str) -> Response:
    kind, id_name, needs_activity, needs_agent, allowed = RESOURCES[resource]
    scope = "state" if kind == "state" else "profile"
    require_scope(scope if request.method in ("PUT", "POST", "DELETE") else f"{scope}/read")
    params = request.args.to_dict()
    unknown = set(params) - allowed
    if unknown:
        raise v.Invalid(f"unknown parameters: {', '.join(sorted(unknown))}")
    activity_id = v.iri(params.get("activityId"), "activityId") if needs_activity else ""
    agent = _agent(params.get("agent")) if needs_agent else None
    registration = params.get("registration")
    if registration is not None and not v.is_uuid(registration):
        raise v.Invalid("registration must be a UUID")
    doc_id = params.get(id_name)
    key = ops.document_key(kind, activity_id=activity_id, agent=agent, registration=registration, doc_id=doc_id or "")
    _check_limits(kind, key, doc_id)
    if request.method in ("GET", "HEAD"):
        if doc_id is None:
            criteria = {k: x for k, x in key.items() if k not in ("kind", "doc_id")}
            if kind != "state":
                criteria.pop("registration")
            return answer(q.document_ids(kind, criteria, q.moment_param(params.get("since"), "since")))
        document = ops.find_document(key)
        if document is None:
            abort(404, description="no such document")
        return Response(document.content, content_type=document.content_type, headers={
            "ETag": f'"{document.etag}"', "Last-Modified": document.updated.strftime("%a, %d %b %Y %H:%M:%S GMT")})
    if request.method == "DELETE":
        if doc_id is None and kind != "state":
            raise v.Invalid(f"{id_name} is required")
        ops.delete_documents(key, all_ids=doc_id is None, if_match=request.headers.get("If-Match"))
        return Response(status=204)
    if doc_id is None:
        raise v.Invalid(f"{id_name} is required")
    ops.write_document(key, request.get_data(), request.content_type or "application/octet-stream",
                       merge=request.method == "POST", if_match=request.headers.get("If-Match"),
                       if_none_match=request.headers.get("If-None-Match"), require_precondition=kind != "state")
    return Response(status=204)


def _check_limits(kind: str, key: dict[str, str], doc_id: str | None) -> None:
    """A cmi5 session's credential reads and writes only its own actor's, registration's and AU's documents, and
    never changes LMS.LaunchData (cmi5 §10: the AU must not modify it)."""
    client = g.xapi_client
    if not getattr(client, "limits", None):
        return
    allowed = xapi_within_limits(client, agent=key["agent"] or None,
                                 registration=key["registration"] if kind == "state" else None,
                                 activity=key["activity_id"] or None)
    if not allowed:
        abort(403, description="this credential reaches only the documents of its own actor, registration and AU")
    if kind == "state" and request.method in ("PUT", "POST", "DELETE") and doc_id in (None, "LMS.LaunchData"):
        abort(403, description="LMS.LaunchData is written by the LMS only")


@bp.route("/activities/state", methods=["GET", "PUT", "POST", "DELETE"])
@both_origins
@public  # the credential is checked in ``views.authenticate``
def state() -> Response:
    return _document("state")


@bp.route("/activities/profile", methods=["GET", "PUT", "POST", "DELETE"])
@both_origins
@public  # the credential is checked in ``views.authenticate``
def activity_profile() -> Response:
    return _document("activity_profile")


@bp.route("/agents/profile", methods=["GET", "PUT", "POST", "DELETE"])
@both_origins
@public  # the credential is checked in ``views.authenticate``
def agent_profile() -> Response:
    return _document("agent_profile")


@bp.route("/activities")
@both_origins
@public  # the credential is checked in ``views.authenticate``
def activities() -> Response:
    require_scope("activities/read")
    return answer(q.activity_definition(v.iri(request.args.get("activityId"), "activityId")))


@bp.route("/agents")
@both_origins
@public  # the credential is checked in ``views.authenticate``
def agents() -> Response:
    require_scope("agents/read")
    agent = _agent(request.args.get("agent"))
    if not xapi_within_limits(g.xapi_client, agent=v.agent_key(agent)):
        abort(403, description="this credential reaches only the agent it was issued for")
    g.xapi_person = q.person(agent)
    return answer(g.xapi_person)
