"""Two origins, one server: the application and the learning-content origin (``CONTENT_ORIGIN``).

Learning packages are code written by others. Served from the application's origin, a package's script could
reach the learner's session (read pages, take CSRF tokens, post forms). They are therefore served only from a
content origin that differs from the application's; the application's cookies are host-only, so the browser never
sends them there, and a content route answers only to the signed token in its path.

The two are told apart by the request's host: a request for the content host reaches only the views marked with
``content_route``, and those views answer on no other host. Both refusals are a plain 404, before CSRF or sign-in
run, so neither host says anything about the other's pages. ``CONTENT_ORIGIN`` without a port follows the
request's port: in development the suite on ``http://localhost:5000`` serves content from
``http://127.0.0.1:5000``, the same server reached under another name.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request
from werkzeug.wrappers import Response

DEFAULT_PORTS = {"http": 80, "https": 443}


def _configured() -> tuple[str, str, int | None] | None:
    """(scheme, host name, port or None) of ``CONTENT_ORIGIN``, or None when it is not set."""
    value = (current_app.config.get("CONTENT_ORIGIN") or "").strip()
    if not value:
        return None
    parts = urlsplit(value if "://" in value else f"http://{value}")
    return parts.scheme or "http", (parts.hostname or "").lower(), parts.port


def _request_host() -> tuple[str, int]:
    name, _sep, port = request.host.lower().rpartition(":")
    if not name or "]" in port:  # no port given (or an IPv6 address without one)
        return request.host.lower(), DEFAULT_PORTS.get(request.scheme, 80)
    return name, int(port) if port.isdigit() else DEFAULT_PORTS.get(request.scheme, 80)


def content_origin() -> str | None:
    """``scheme://host[:port]`` of the content origin as the browser must call it, or None when not configured."""
    configured = _configured()
    if configured is None:
        return None
    scheme, host, port = configured
    if port is None and has_request_context():
        request_port = _request_host()[1]
        port = None if request_port == DEFAULT_PORTS.get(scheme) else request_port
    return f"{scheme}://{host}" + (f":{port}" if port else "")


def is_content_host() -> bool:
    """Whether this request was made to the content origin's host (and port, when the setting names one)."""
    configured = _configured()
    if configured is None:
        return False
    _scheme, host, port = configured
    name, request_port = _request_host()
    return name == host and (port is None or port == request_port)


def request_origin() -> str:
    """The origin this request was made to (the application's, on an application page)."""
    return request.host_url.rstrip("/")


def content_route(view: Callable) -> Callable:
    """Mark a view as served on the content origin only. Its access is decided by the signed token in its path,
    never by the session (the browser sends no application cookie there), so it is public for sign-in."""
    view.access = "public"  # type: ignore[attr-defined]
    view.content_origin = True  # type: ignore[attr-defined]
    return view


def both_origins(view: Callable) -> Callable:
    """Mark a view as served on the application's host and the content host alike: the xAPI LRS, which takes no
    session (HTTP Basic credentials only), so that an AU on the content origin reaches its endpoint there with
    same-origin requests. Such a view must never read the session."""
    view.content_origin = "both"  # type: ignore[attr-defined]
    return view


def guard() -> Response | None:
    """``before_request``, ahead of everything else: the content host answers content routes only, and the
    application's hosts answer no content route."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if getattr(view, "content_origin", False) == "both":
        return None
    wants_content = bool(getattr(view, "content_origin", False))
    if is_content_host() != wants_content and (view is not None or is_content_host()):
        return Response("Not found\n", 404, mimetype="text/plain")
    # The WSGI environ directly: ``request.headers.get`` on a header the browser did not send raises and catches a
    # ``KeyError`` (an HTTP exception object) inside Werkzeug.
    environ = request.environ
    if not wants_content and environ.get("HTTP_SEC_FETCH_SITE") in ("cross-site", "same-site") and \
            environ.get("HTTP_SEC_FETCH_MODE") not in (None, "navigate"):
        # Another site's script (a learning package on the content origin is one) may link to a page, but may not
        # fetch, embed or post to one: such requests are refused before they reach a view.
        return Response("Forbidden\n", 403, mimetype="text/plain")
    return None


def register(app) -> None:
    """Run ``guard`` before every other ``before_request`` function (CSRF's included)."""
    app.before_request_funcs.setdefault(None, []).insert(0, guard)
