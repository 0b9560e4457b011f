"""scim2-server's request cycle, configured for the suite: the provider (what is supported), the application
without its WSGI layer, and our storage. Kept apart from the route because scim2-models (pydantic) costs a web
process about 28 MB and a second of start-up: ``views`` imports this on the first SCIM request, which most
processes never receive.
"""

from __future__ import annotations

from functools import cache
from typing import Any

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

from common.permissions import scim_token_valid
from common.users.scim.storage import SqlStorage

MAX_RESULTS = 200


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


def serve(*, method: str, base_url: str, path: str, query: dict[str, str], headers: list[tuple[str, str]],
          body: bytes) -> Any:
    """One SCIM request through scim2-server; its answer (``status``, ``headers``, ``body``)."""
    scim_request = ScimRequest(method=method, base_url=base_url, path=_Application.split_path(path), query=query,
                               headers=headers, body=body)
    return _application().serve(scim_request)
