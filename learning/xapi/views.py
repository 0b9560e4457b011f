"""The LRS's HTTP side: the version header, HTTP Basic per-client authentication, ``/about`` and the Statements
resource. Thin: parameters are checked by ``queries``/``validation``, writes done by ``operations``, access
decided by ``common.permissions.xapi``. No session and no CSRF; a refused request is rolled back, so a batch is
stored whole or not at all.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, abort, g, request
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from common.extensions import csrf, db
from common.origins import both_origins
from common.permissions import public, xapi_basic_credentials, xapi_may, xapi_secret_matches, xapi_within_limits
from common.reads import personal_data, reading, shows
from learning.cmi5 import operations as cmi5
from learning.cmi5.remote import cors_headers
from learning.xapi import bp
from learning.xapi import operations as ops
from learning.xapi import queries as q
from learning.xapi.attachments import build_multipart, check_signatures, parse_multipart
from learning.xapi.auth import XapiActor, client_by_key
from learning.xapi.models import XapiAttachment
from learning.xapi.validation import Invalid, agent_key
from learning.xapi.validation import statement as check_statement

VERSIONS = ("1.0", "1.0.0", "1.0.1", "1.0.2", "1.0.3")
csrf.exempt(bp)


def answer(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json", headers=headers or {})


def refuse(status: int, message: str) -> Response:
    db.session.rollback()
    headers = {"WWW-Authenticate": 'Basic realm="xAPI"'} if status == 401 else {}
    return answer({"error": message}, status, headers)


@bp.before_request
def authenticate() -> Response | None:
    """Every resource but ``/about`` needs the version header and a valid credential (a CORS preflight carries
    neither: it is answered by Flask, with the headers ``version_header`` adds)."""
    if request.endpoint == "xapi.about" or request.method == "OPTIONS":
        return None
    if request.headers.get("X-Experience-API-Version") not in VERSIONS:
        return refuse(400, "send the header X-Experience-API-Version: 1.0.3")
    credentials = xapi_basic_credentials(request.headers.get("Authorization"))
    client = client_by_key(credentials[0]) if credentials else None
    if credentials is None or not xapi_secret_matches(client, credentials[1]):
        return refuse(401, "a valid xAPI credential is required (HTTP Basic)")
    g.xapi_client = client
    return None


@bp.after_request
def version_header(response: Response) -> Response:
    response.headers["X-Experience-API-Version"] = ops.VERSION
    response.headers.update(cors_headers(request.headers.get("Origin")))  # remote cmi5 AUs' sites only
    return response


@bp.errorhandler(Invalid)
def invalid(error: Invalid) -> Response:
    return refuse(400, str(error))


@bp.errorhandler(ops.Conflict)
def conflict(error: ops.Conflict) -> Response:
    return refuse(409, str(error))


@bp.errorhandler(ops.PreconditionFailed)
def precondition(error: ops.PreconditionFailed) -> Response:
    return refuse(412, str(error))


@bp.errorhandler(IntegrityError)
def written_meanwhile(_error: IntegrityError) -> Response:
    """Two requests created the same statement id or document at once: the second loses, as with an ETag."""
    return refuse(409, "the same statement or document was written by another request at the same time; retry")


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    return refuse(error.code or 500, error.description or "")


def require_scope(action: str) -> None:
    if not xapi_may(g.xapi_client, action):
        abort(403, description=f"this credential may not {action.replace('/', ' ')}")


@bp.route("/about")
@both_origins  # an AU on the content origin reaches the LRS there (cmi5's endpoint)
@public  # the specification leaves /about open
def about() -> Response:
    return answer({"version": [ops.VERSION], "extensions": {}})


@bp.route("/statements", methods=["GET", "PUT", "POST"])
@both_origins
@personal_data("learning")
@public  # no session: the credential is checked in ``authenticate`` through common.permissions.xapi
def statements() -> Response:
    if request.method in ("GET", "HEAD"):
        return _get_statements()
    require_scope("statements/write")
    found: dict[str, tuple[str, bytes]] = {}
    if request.mimetype == "multipart/mixed":
        sent, found = parse_multipart(request.content_type or "", request.get_data())
    elif request.mimetype == "application/json":
        try:
            sent = json.loads(request.get_data() or b"null")
        except ValueError as error:
            raise Invalid("the body is not JSON") from error
    else:
        raise Invalid("send statements as application/json or multipart/mixed")
    batch = sent if isinstance(sent, list) and request.method == "POST" else [sent]
    if request.method == "PUT":
        wanted = request.args.get("statementId")
        if not wanted or not isinstance(sent, dict) or sent.get("id", wanted) != wanted:
            raise Invalid("PUT needs statementId, equal to the statement's id if it has one")
        sent.setdefault("id", wanted)
    elif request.args:
        raise Invalid("POST takes no parameters")
    if not batch or not all(isinstance(s, dict) for s in batch):
        raise Invalid("send a statement or an array of statements")
    check_signatures(batch, found)
    _check_limits(batch)
    accepted = cmi5.check_statements(batch, g.xapi_client)  # a cmi5 AU's statements obey cmi5's rules (400)
    ids = ops.store_statements(batch, client=g.xapi_client, attachments=found,
                               define=xapi_may(g.xapi_client, "define"))
    cmi5.record_statements(accepted, actor=XapiActor(g.xapi_client))
    return Response(status=204) if request.method == "PUT" else answer(ids)


def _check_limits(batch: list[dict[str, Any]]) -> None:
    """A limited credential (a cmi5 session's) states only about its own actor, in its own registration."""
    if not getattr(g.xapi_client, "limits", None):
        return
    for sent in batch:
        check_statement(sent)
        registration = sent.get("context", {}).get("registration") or ""
        if not xapi_within_limits(g.xapi_client, agent=agent_key(sent["actor"]), registration=registration):
            abort(403, description="this credential states only about the actor and registration it was issued for")


def _get_statements() -> Response:
    require_scope("statements/read")
    params = request.args.to_dict()
    languages = [lang.split(";")[0].strip() for lang in request.headers.get("Accept-Language", "").split(",") if lang]
    client = g.xapi_client
    with reading("learning", "xapi", actor=XapiActor(client), summary=f"xAPI GET {request.full_path}"[:500]):
        if "statementId" in params or "voidedStatementId" in params:
            row = q.one_statement(params, client)
            if row is None:
                abort(404, description="no such statement")
            shows([row.employee_id] if row.employee_id else [])
            rows, document = [row], q.formatted(row.body, params.get("format", "exact"), languages)
        else:
            rows, more, fmt = q.statement_page(params, client)
            shows([r.employee_id for r in rows if r.employee_id])
            document = {"statements": [q.formatted(r.body, fmt, languages) for r in rows],
                        "more": f"{bp.url_prefix}/statements?more={more}" if more else ""}
    headers = {"X-Experience-API-Consistent-Through": q.consistent_through()}
    if params.get("attachments") == "true":
        wanted = {a["sha2"] for r in rows for a in r.body.get("attachments", [])}
        parts = [(a.sha2, a.content_type, a.content) for a in db.session.query(XapiAttachment).filter(
            XapiAttachment.sha2.in_(wanted))] if wanted else []
        body, content_type = build_multipart(document, parts)
        return Response(body, content_type=content_type, headers=headers)
    if rows:
        headers["Last-Modified"] = rows[0].stored.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return answer(document, headers=headers)
