"""The REST API under ``/api/v1``: flask-smorest (marshmallow schemas, OpenAPI 3.1 at ``/api/v1/openapi.json``),
bearer tokens (``auth``), OAuth 2.0 client credentials (``oauth``), personal access tokens (``views``), problem
details for every error (``problems``), cursor paging (``paging``) and a browsable page served from the
swagger-ui-py package's own files (``docs``), so nothing is fetched from a CDN.

Each module keeps its own endpoints next to its queries (``monitoring/api_v1.py``; the directory's are in
``common/api/directory.py``) as a ``flask_smorest.Blueprint``; ``app.py`` hands them to ``init_app``.
"""

from __future__ import annotations

import http
from collections.abc import Iterable
from typing import Any

from flask import Flask, current_app
from flask_smorest import Api
from flask_smorest import Blueprint as ApiBlueprint

from common.api.problems import MEDIA_TYPE, ProblemSchema
from common.extensions import csrf, limiter
from common.permissions import SCOPES, public

DESCRIPTION = """The suite's REST API. Authenticate with a bearer token: a service client's (OAuth 2.0 client
credentials at `/api/v1/oauth/token`) or a person's personal access token (created on the page *API tokens*).
Errors are RFC 9457 problem details. Lists are paged with an opaque `cursor` (the answer's `next_cursor`);
answers carry an `ETag`, and `If-None-Match` gets a 304 when nothing changed."""


class SuiteApi(Api):
    """flask-smorest's Api, minus its app-wide error handler: ``common.web`` answers problem details on ``/api/``
    and the HTML error pages elsewhere."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        return None

    def _register_responses(self) -> None:
        """Every error is documented as ``application/problem+json`` (flask-smorest says ``application/json``)."""
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not 100 <= status < 200 and status not in (204, 304):
                response["content"] = {MEDIA_TYPE: {"schema": ProblemSchema}}
            self.spec.components.response(status.name, response, lazy=True)
        self.spec.components.response("DEFAULT_ERROR", {"description": "Problem details (RFC 9457)", "content": {
            MEDIA_TYPE: {"schema": ProblemSchema}}}, lazy=True)


def _security_schemes(api: Api) -> None:
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer",
                                                   "description": "A personal access token or a client's token."})
    api.spec.components.security_scheme("oauth2", {"type": "oauth2", "flows": {"clientCredentials": {
        "tokenUrl": "/api/v1/oauth/token", "scopes": {scope: f"{scope} (acts as {role})"
                                                      for scope, role in SCOPES.items()}}}})


def init_app(app: Flask, blueprints: Iterable[ApiBlueprint]) -> None:
    """Wire the API into ``app``: the spec, the module blueprints, token checks, audit, rate limits, docs."""
    from common.api import auth, docs, oauth, views
    from common.api.directory import blp as directory_blp

    app.config.update(API_TITLE="Civil service suite API", API_VERSION="v1", OPENAPI_VERSION="3.1.0",
                      OPENAPI_URL_PREFIX="/api/v1", OPENAPI_JSON_PATH="openapi.json",
                      API_SPEC_OPTIONS={"info": {"description": DESCRIPTION},
                                        "security": [{"bearer": []}, {"oauth2": []}]})
    api = SuiteApi(app)
    _security_schemes(api)
    for blueprint in (directory_blp, *blueprints):
        csrf.exempt(blueprint)  # bearer tokens only: the session cookie is never read under /api/v1
        if not getattr(blueprint, "rate_limited", False):  # one limiter object for every app: limit each once
            limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=auth.rate_key)(blueprint)
            blueprint.rate_limited = True
        api.register_blueprint(blueprint)
    app.extensions["suite_api"] = api
    _make_public(app, "api-docs.openapi_json")
    oauth.init_app(app)
    docs.init_app(app)
    views.init_app(app)
    # The token check runs before the route guard (which would otherwise send a caller to the sign-in page).
    hooks = app.before_request_funcs.setdefault(None, [])
    from common.permissions import check_route_access

    hooks.insert(hooks.index(check_route_access) if check_route_access in hooks else 0, auth.authenticate)
    app.after_request(auth.log_call)


def _make_public(app: Flask, endpoint: str) -> None:
    """flask-smorest's spec view is a bound method (no attributes): wrap it to mark it public."""
    view = app.view_functions[endpoint]

    def spec(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs)

    spec.__doc__ = "The OpenAPI document (public: it describes the API, not its data)."
    app.view_functions[endpoint] = public(spec)
