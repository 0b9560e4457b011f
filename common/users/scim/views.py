"""One route for the whole SCIM tree: the request is handed to scim2-server, which answers in SCIM's own JSON.

No session and no CSRF: the identity system authenticates with the bearer secret (``common.permissions.scim``),
checked (``server``) on every request except ``/ServiceProviderConfig``, which RFC 7644 §4 leaves open. The request's
transaction is rolled back when the answer is an error, so a refused write leaves nothing behind.
"""

from __future__ import annotations

import json

from flask import Response, request

from common.extensions import csrf, db
from common.permissions import public
from common.reads import personal_data, reading
from common.users.scim import bp
from common.users.scim.operations import SCIM

csrf.exempt(bp)


@bp.route("/", defaults={"path": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"], strict_slashes=False)
@bp.route("/<path:path>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@personal_data("accounts")
@public  # no session: the bearer secret is checked by ``server`` through common.permissions
def endpoint(path: str) -> Response:
    from common.users.scim import server  # scim2-models: loaded by the first SCIM request (see server)

    with reading("accounts", "scim", actor=SCIM, summary=f"SCIM {request.method} {request.path}"[:500]):
        # the people whose accounts it returns: one read entry
        answer = server.serve(method=request.method, base_url=request.url_root.rstrip("/") + bp.url_prefix,
                              path="/" + path, query=dict(request.args.items()),
                              headers=list(request.headers.items()), body=request.get_data())
    if answer.status.value >= 400:
        db.session.rollback()  # a refused write leaves nothing; a success is committed by the request's one commit
    body = b"" if answer.body is None else json.dumps(answer.body).encode()
    return Response(body, status=answer.status.value, headers=answer.headers)
