"""Request plumbing shared by every page: the single commit, security headers, error pages, locale.

Views never commit. A request that finishes without an exception commits once here; one that
raises is rolled back when the session is removed, so no half-written change survives an error.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g, render_template, request, session
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from common.extensions import db

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)


def select_locale() -> str:
    """The user's saved choice, then this browser's choice, then the browser's languages."""
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    user = current_user if current_user and current_user.is_authenticated else None
    if user is not None and user.locale in languages:
        return user.locale
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def commit_request(response: Response) -> Response:
    if response.status_code < 500 and db.session().in_transaction():
        db.session.commit()
    return response


def security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", g.get("csp", CSP))
    headers.setdefault("X-Frame-Options", "DENY" if g.get("frame_policy") is None else g.frame_policy)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if current_user and getattr(current_user, "is_authenticated", False):
        # Pages of a signed-in user may hold personal data: no shared or back-button caches.
        headers.setdefault("Cache-Control", "no-store")
    return response


def handle_http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return error
    titles = {
        403: _("You do not have access to this page"),
        404: _("Page not found"),
        405: _("This action is not available here"),
        413: _("The file is too large"),
        429: _("Too many attempts"),
        400: _("The request could not be understood"),
    }
    title = titles.get(error.code or 500, _("Something went wrong"))
    return render_template("errors/error.html", title=title, code=error.code), error.code or 500


def register(app: Flask) -> None:
    from common import labels

    labels.register(app)
    app.after_request(commit_request)
    app.after_request(security_headers)
    app.register_error_handler(HTTPException, handle_http_error)

    @app.context_processor
    def shell_context() -> dict[str, Any]:
        from common.auth.forms import LanguageForm
        from common.permissions import has_capability, is_manager

        return {
            "can": lambda capability: has_capability(current_user, capability),
            "is_manager": lambda: is_manager(current_user),
            # formdata=None: the shell only renders this form, and must not read a POST body (a 413 page could not
            # render: reading the too-large upload raises again).
            "language_form": LanguageForm(formdata=None, lang=session.get("lang") or "ka",
                                          next=request.full_path.rstrip("?")),
        }
