"""A real OpenID Connect provider for the tests: ``oidc-provider-mock`` (discovery, JWKS, authorization, tokens)
served over HTTP on a free local port, in a thread, exactly as the suite would reach a ministry's provider.

``tamper_email``: the same provider behind a man in the middle that rewrites the ``email`` claim of every ID token
it hands out, keeping the provider's signature, as an attacker on the wire would. The suite must refuse it.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import oidc_provider_mock
from werkzeug.serving import make_server

CLIENT_ID = "civil-service-suite"
CLIENT_SECRET = "suite-client-secret-for-tests"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _rewrite_email(id_token: str, email: str) -> str:
    header, payload, signature = id_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["email"] = email
    return ".".join((header, _b64(json.dumps(claims).encode()), signature))


def _tampering(wsgi: Callable[..., Any], email: str) -> Callable[..., Any]:
    """Pass every request to the provider; on the token endpoint's answer, rewrite the ID token's e-mail."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        captured: dict[str, Any] = {}

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[..., Any]:
            captured.update(status=status, headers=headers)
            return lambda _data: None

        body = b"".join(wsgi(environ, keep))
        if environ["PATH_INFO"].endswith("/token") and captured["status"].startswith("200"):
            answer = json.loads(body)
            answer["id_token"] = _rewrite_email(answer["id_token"], email)
            body = json.dumps(answer).encode()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(captured["status"], [*headers, ("Content-Length", str(len(body)))])
        return [body]

    return app


@contextmanager
def oidc_provider(*, tamper_email: str | None = None) -> Iterator[str]:
    """Run the provider on localhost and a free port; yields its issuer URL."""
    wsgi = oidc_provider_mock.app(require_nonce=True)
    if tamper_email:
        wsgi = _tampering(wsgi, tamper_email)
    server = make_server("localhost", 0, wsgi, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def configure(app: Any, monkeypatch: Any, issuer: str, **settings: Any) -> None:
    """Point the suite at ``issuer`` for this test (``monkeypatch`` puts the settings back afterwards)."""
    values = {"OIDC_ISSUER": issuer, "OIDC_CLIENT_ID": CLIENT_ID, "OIDC_CLIENT_SECRET": CLIENT_SECRET} | settings
    for name, value in values.items():
        monkeypatch.setitem(app.config, name, value)
