"""RFC 9457 problem details: the one shape of every error the API (and the older ``/api/me``) answers with.

``{"type", "title", "status", "detail"}`` with media type ``application/problem+json``; a refused request body adds
``errors`` (field -> messages, as marshmallow gives them) or the import's ``conflicts``.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response, jsonify
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

MEDIA_TYPE = "application/problem+json"


def problem(status: int, detail: str | None = None, **extra: Any) -> Response:
    """A problem-details response (``type`` is ``about:blank``: the status says what kind of problem it is)."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update({key: value for key, value in extra.items() if value is not None})
    response = jsonify(body)
    response.status_code = status
    response.mimetype = MEDIA_TYPE
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def from_http_error(error: HTTPException) -> Response:
    """An ``abort(...)`` (flask-smorest's validation errors included: their messages become ``errors``)."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = data.get("messages") if isinstance(data, dict) else None
    detail = error.description if error.description and not _generic(error) else None
    response = problem(status, detail, errors=errors)
    for name in ("Retry-After", "Allow"):
        value = (error.get_response().headers.get(name) if status in (405, 429) else None)
        if value:
            response.headers[name] = value
    return response


def _generic(error: HTTPException) -> bool:
    """Werkzeug's stock descriptions speak of browsers and URLs typed by hand: the title says enough."""
    return error.description == type(error).description


class ProblemSchema(Schema):
    """RFC 9457 problem details, as the OpenAPI document describes every error."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(metadata={"description": "Refused fields of the request -> messages."})
    conflicts = fields.Dict(metadata={"description": "An import's refusals, by kind, each item numbered from 1."})
