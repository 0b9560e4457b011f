"""Remote AUs (hosted on a site of ``CMI5_REMOTE_HOSTS``) reach the LRS and the fetch URL on the content origin
across origins: CORS headers for those sites' origins only, and nothing for any other origin, so no other site's
script can read what the LRS answers."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app

ALLOWED_HEADERS = "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match"
EXPOSED_HEADERS = "ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through"


def cors_headers(origin: str | None) -> dict[str, str]:
    """The CORS headers for a request from ``origin``: empty unless it is an http(s) origin on an allowed host."""
    if not origin:
        return {}
    parts = urlsplit(origin)
    allowed = {host.lower() for host in current_app.config.get("CMI5_REMOTE_HOSTS") or []}
    if parts.scheme not in ("http", "https") or (parts.hostname or "").lower() not in allowed:
        return {}
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
            "Access-Control-Allow-Headers": ALLOWED_HEADERS, "Access-Control-Expose-Headers": EXPOSED_HEADERS,
            "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, DELETE", "Access-Control-Max-Age": "600"}
