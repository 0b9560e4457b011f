"""One route for the whole SCIM tree: the request is handed to scim2-server, which answers in SCIM's own JSON.

No session and no CSRF: the identity system authenticates with the bearer secret (``common.permissions.scim``),
checked on every request except ``/ServiceProviderConfig``, which RFC 7644 §4 leaves open. The request's
transaction is rolled back when the answer is an error, so a refused write leaves nothing behind.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from flask import Response, request
from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    EnterpriseUser,
    ETag,
    Filter,
    Group,
    Patch,
    ResourceType,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    UnauthorizedException,
    User,
)
from scim2_server.applications.base import BaseApplication
from scim2_server.handler import ScimHandler
from scim2_server.requests import ScimRequest

from common.extensions import csrf, db
from common.permissions import public, scim_token_valid
from common.reads import personal_data, reading
from common.users.scim import bp
from common.users.scim.operations import SCIM
from common.users.scim.storage import SqlStorage

MAX_RESULTS = 200
csrf.exempt(bp)


@cache
def _provider() -> ScimProvider:
    config = ServiceProviderConfig(
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS), change_password=ChangePassword(supported=False),
        sort=Sort(supported=True), etag=ETag(supported=True),
        authentication_schemes=[AuthenticationScheme(
            type="oauthbearertoken", name="Bearer token", primary=True,
            description="The secret of the SCIM_TOKEN setting, as an Authorization: Bearer header.")],
    )
    return ScimProvider(models=[User, EnterpriseUser, Group], config=config, resource_types=[
        ResourceType.from_resource(User[EnterpriseUser]), ResourceType.from_resource(Group)])


class _Application(BaseApplication):
    """scim2-server's request cycle without its WSGI layer: Flask reads the request and sends the answer."""

    def check_auth(self, scim_request: ScimRequest) -> None:
        if not scim_token_valid(scim_request.header("Authorization")):
            raise UnauthorizedException()

    def serve(self, scim_request: ScimRequest) -> Any:
        try:
            if self.needs_auth(scim_request):
                self.check_auth(scim_request)
            response = ScimHandler(self.service, SqlStorage(self.provider)).handle(scim_request)
        except Exception as exception:  # noqa: BLE001 - scim2-server turns any error into a SCIM error answer
            response = self.handle_exception(scim_request, exception)
        return self.finalize_response(scim_request, response)


@cache
def _application() -> _Application:
    return _Application(_provider())


@bp.route("/", defaults={"path": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"], strict_slashes=False)
@bp.route("/<path:path>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@personal_data("accounts")
@public  # no session: the bearer secret is checked by ``_Application.check_auth`` through common.permissions
def endpoint(path: str) -> Response:
    scim_request = ScimRequest(
        method=request.method, base_url=request.url_root.rstrip("/") + bp.url_prefix,
        path=_Application.split_path("/" + path), query=dict(request.args.items()),
        headers=list(request.headers.items()), body=request.get_data(),
    )
    with reading("accounts", "scim", actor=SCIM, summary=f"SCIM {request.method} {request.path}"[:500]):
        answer = _application().serve(scim_request)  # the people whose accounts it returns: one read entry
    if answer.status.value >= 400:
        db.session.rollback()  # a refused write leaves nothing; a success is committed by the request's one commit
    body = b"" if answer.body is None else json.dumps(answer.body).encode()
    return Response(body, status=answer.status.value, headers=answer.headers)
