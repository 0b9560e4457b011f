"""Long-lived caching and compression of static assets: the suite's CSS and JS, Dash's and Plotly's bundles.

Every asset URL names its version: the suite's ``/static/…?v=<hash of the file>`` (added by ``url_for``), Dash's
``_dash-component-suites/…/name.v4_4_1m<mtime>.js`` and its ``assets/…?m=<mtime>``. A versioned URL never
changes its content, so it is sent ``public, max-age=1 year, immutable``: a browser that has it asks no more,
and a signed-in page's ``no-store`` (``common.web.security_headers``) is kept for pages only, which may carry
personal data. Assets are the same for every visitor and carry none.

Compression: when no proxy in front compresses (see README, nginx example), the application does. Versioned assets
are compressed once per process and algorithm and kept in memory (Plotly's 4.8 MB bundle takes ~0.2 s to
compress, too slow to redo per request); other text responses (CSS, JS, JSON of dashboard callbacks) go through
Flask-Compress. HTML is not compressed by the application: pages carry the CSRF token, and compressing secrets
beside reflected input invites BREACH.
"""

from __future__ import annotations

import gzip
import hashlib
from functools import cache
from pathlib import Path

import brotli
from flask import Flask, current_app, request
from flask_compress import Compress
from werkzeug.wrappers import Response

IMMUTABLE = "public, max-age=31536000, immutable"
TEXT_TYPES = ["text/css", "text/javascript", "application/javascript", "application/json", "image/svg+xml",
              "application/geo+json"]
_compressed: dict[tuple[str, str], bytes] = {}
compress = Compress()


@cache
def _file_hash(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def versioned(path: str) -> bool:
    """Whether ``path`` (with the request's query) names one version of an asset, which then never changes."""
    if path.startswith("/static/"):
        return "v" in request.args
    if "/_dash-component-suites/" in path:
        name = path.rsplit("/", 1)[-1]
        return ".v" in name and "m" in name.split(".v", 1)[1]  # Dash's fingerprint: name.v<version>m<mtime>.ext
    return "/assets/" in path and path.startswith("/dashboards/") and "m" in request.args


def _static_version(app: Flask, endpoint: str, values: dict) -> None:
    """``url_for('static', filename=…)`` adds ``v=<content hash>``: a changed file gets a new URL."""
    if endpoint == "static" and "filename" in values and "v" not in values:
        file = Path(app.static_folder or "") / values["filename"]
        if file.is_file():
            values["v"] = _file_hash(str(file))


def _algorithm() -> str | None:
    accepted = request.headers.get("Accept-Encoding", "").lower()
    return "br" if "br" in accepted else "gzip" if "gzip" in accepted else None


def cache_assets(response: Response) -> Response:
    """Versioned assets: immutable for a year, compressed once (runs before Flask-Compress, which then skips them)."""
    if response.status_code != 200 or not versioned(request.path):
        return response
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers.pop("Expires", None)
    algorithm = _algorithm() if current_app.config.get("COMPRESS_ENABLED", True) else None
    vary = response.headers.get("Vary")
    response.headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
    if algorithm is None or response.mimetype not in TEXT_TYPES or "Content-Encoding" in response.headers:
        return response
    key = (request.path, algorithm)
    if key not in _compressed:
        response.direct_passthrough = False
        data = response.get_data()
        _compressed[key] = brotli.compress(data, quality=5) if algorithm == "br" else gzip.compress(data, 6)
    response.direct_passthrough = False
    response.set_data(_compressed[key])
    response.headers["Content-Encoding"] = algorithm
    response.headers.pop("ETag", None)
    return response


def register(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", TEXT_TYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    # Files sent as streams (SCORM package files, downloads, unversioned static files) are left as they are: ranges
    # and lengths stay true, and the versioned assets are compressed above anyway.
    app.config.setdefault("COMPRESS_STREAMS", False)
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    if app.config.get("COMPRESS_ENABLED", True):
        compress.init_app(app)
    app.url_defaults(lambda endpoint, values: _static_version(app, endpoint, values))
    app.after_request(cache_assets)  # registered after Flask-Compress's hook, so it runs before it
