"""Request plumbing shared by every page: the single commit, security headers, error pages, locale.

Views never commit. A request that finishes without an exception commits once here; one that
raises is rolled back when the session is removed, so no half-written change survives an error.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from babel import Locale
from flask import Flask, g, has_request_context, render_template, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_login import current_user
from itsdangerous import URLSafeTimedSerializer
from jinja2 import FileSystemBytecodeCache
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response

from common.database import WROTE
from common.extensions import db
from common.i18n import gettext as _
from common.shell_header import language_next, shell_header
from common.shell_url import id_url, id_url_halves, shell_url
from common.signed_cache import cookie_data

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)


class SuiteSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, its serializer built once per set of keys rather than at every request (the
    serializer's constructor tries a dump to learn whether it speaks text)."""

    def __init__(self) -> None:
        self._serializers: dict[tuple[Any, ...], URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        try:
            return self._serializers[keys]
        except KeyError:
            serializer = self._serializers[keys] = super().get_signing_serializer(app)
            return serializer

    def open_session(self, app: Flask, request: Any) -> SecureCookieSession | None:
        """Flask's, with the cookie's data decoded once per process (``common.signed_cache.cookie_data``)."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        data = cookie_data(serializer, keys, value, int(app.permanent_session_lifetime.total_seconds()))
        return self.session_class() if data is None else self.session_class(data)


class SuiteFlask(Flask):
    """Flask, whose ``ensure_sync`` remembers which functions are plain ones.

    Flask asks ``inspect.iscoroutinefunction`` of every hook, context processor and view at every request (19 times
    a page); the answer for a function never changes. Bound methods made afresh per call hash alike, and past
    ``_SYNC_ENTRIES`` nothing more is kept, so the dictionary stays small whatever is passed."""

    _SYNC_ENTRIES = 1024
    session_interface = SuiteSessionInterface()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plain_functions: dict[Any, Any] = {}

    def ensure_sync(self, func: Any) -> Any:
        try:
            return self._plain_functions[func]
        except KeyError:
            pass
        except TypeError:  # an unhashable callable: asked each time
            return super().ensure_sync(func)
        wrapped = super().ensure_sync(func)
        if wrapped is func and len(self._plain_functions) < self._SYNC_ENTRIES:
            self._plain_functions[func] = func
        return wrapped


_LOCALES: dict[str, Locale] = {}


def _locale(code: str) -> Locale:
    """One ``Locale`` per language and process: Flask-Babel parses the selector's answer at every request, and
    babel's ``Locale()`` looks for the locale's data file on disk each time (a ``stat``)."""
    locale = _LOCALES.get(code)
    if locale is None:
        locale = _LOCALES[code] = Locale.parse(code)
    return locale


def select_locale() -> Locale:
    """The user's saved choice, then this browser's choice, then the browser's languages."""
    from flask import current_app

    if not has_request_context():  # a command (flask demo, users create) speaks the default language
        return _locale(current_app.config["BABEL_DEFAULT_LOCALE"])
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return _locale(chosen)
    user = current_user if current_user and current_user.is_authenticated else None
    if user is not None and user.locale in languages:
        return _locale(user.locale)
    return _locale(request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"])


def _wrote_anything(session: Session) -> bool:
    """Pending ORM changes (which a commit would flush) or a write already sent on the transaction's connection."""
    if session.new or session.dirty or session.deleted:
        return True
    return bool(session.connection().info.get(WROTE))


def commit_request(response: Response) -> Response:
    """The request's one commit. A request that only read ends its transaction without a COMMIT: on PostgreSQL it
    ran in autocommit and opened no transaction (common/database.py); on SQLite the session's close rolls the
    (empty) transaction back, which costs the database the same and Python far less."""
    session = db.session()
    if response.status_code < 500 and session.in_transaction() and _wrote_anything(session):
        session.commit()
    return response


def security_headers(response: Response) -> Response:
    """The security headers every response carries, unless the view set its own.

    Whether a header is already there is asked once of a set of the names present: ``Headers.setdefault`` on a
    missing name raises and catches a ``KeyError`` (an HTTP exception object) inside Werkzeug, seven times a page."""
    headers = response.headers
    present = {name.lower() for name, _value in headers.items()}

    def default(name: str, value: str) -> None:
        if name.lower() not in present:
            headers.add(name, value)

    default("Content-Security-Policy", g.get("csp", CSP))
    frame_policy = g.get("frame_policy")
    if frame_policy != "":  # "": the page sets frame-ancestors in its CSP (X-Frame-Options cannot name an origin)
        default("X-Frame-Options", "DENY" if frame_policy is None else frame_policy)
    default("X-Content-Type-Options", "nosniff")
    default("Referrer-Policy", "same-origin")
    default("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    default("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        default("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if getattr(current_user, "is_authenticated", False):
        # Pages of a signed-in user may hold personal data: no shared or back-button caches.
        default("Cache-Control", "no-store")
    return response


def handle_http_error(error: HTTPException) -> tuple[str, int] | HTTPException | Response:
    if request.path.startswith("/api/"):
        from common.api.problems import from_http_error  # RFC 9457 problem details, also for unknown /api/ paths

        return from_http_error(error)
    if request.accept_mimetypes.best == "application/json":
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


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` up to the largest id a table holds (32-bit): a longer number names no row, so 404.

    Without the bound ``/x/99999999999999999999`` reached the database, which cannot bind it (a 500).
    """

    def __init__(self, url_map: Any, fixed_digits: int = 0, min: int | None = None,  # Werkzeug's argument names
                 max: int | None = 2**31 - 1, signed: bool = False) -> None:
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def handle_value_out_of_range(error: Exception) -> tuple[str, int] | HTTPException:
    """A number from the request that the database cannot hold (a huge id in a query string): 400, not 500."""
    db.session.rollback()
    log.warning("Refused a value out of range: %s", error)
    return handle_http_error(BadRequest())


def warm_up(app: Flask) -> None:
    """Compile every template and configure the ORM mappers, without touching the database.

    gunicorn (deploy/gunicorn.conf.py) calls this in the master after loading the app and before forking, so each
    worker, also every one ``max_requests`` replaces, starts with compiled templates instead of compiling them on
    its first requests. Templates are never reloaded in production, so what is compiled here is what is served.
    """
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    for name in app.jinja_env.list_templates(extensions=("html", "txt")):
        app.jinja_env.get_template(name)


def close_connections(app: Flask) -> None:
    """Close the pooled database connections (a gunicorn worker on its way out: ``deploy/gunicorn.conf.py``), so
    the server sees each session end rather than a socket drop."""
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def register(app: Flask) -> None:
    from common import labels, reads, timezone

    labels.register(app)
    timezone.register(app)
    app.jinja_env.globals["shell_url"] = shell_url
    app.jinja_env.globals["shell_header"] = shell_header
    app.jinja_env.globals["id_url"] = id_url
    app.jinja_env.globals["id_url_halves"] = id_url_halves
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.extensions["warm_up"] = lambda: warm_up(app)
    app.extensions["before_exit"] = lambda: close_connections(app)
    if app.config["SUITE_ENV"] not in {"development", "testing"} and not app.debug:
        # Compiled templates survive restarts (and ``max_requests`` recycling): a template is compiled once per
        # deployment, not once per process. Jinja keys each entry on the template's source checksum, so an edited
        # template is recompiled. The folder is the app's own (instance/), not a shared temporary one.
        cache_dir = Path(app.instance_path) / "jinja-bytecode"
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(cache_dir))
    app.after_request(commit_request)
    app.after_request(security_headers)
    # Registered last so it runs first (Flask runs after_request functions in reverse): the request's read entry
    # is added before ``commit_request`` commits.
    app.after_request(reads.write_request_read)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(OverflowError, handle_value_out_of_range)
    app.register_error_handler(DataError, handle_value_out_of_range)

    @app.context_processor
    def shell_context() -> dict[str, Any]:
        from common.notifications import unread_count
        from common.permissions import has_capability, is_manager

        return {
            "can": lambda capability: has_capability(current_user, capability),
            "is_manager": lambda: is_manager(current_user),
            "unread_count": lambda: unread_count(current_user),
            # The language switch's return address. Plain markup, not a WTForms form: the shell renders on every page,
            # and never reads a POST body (a 413 page could not render: reading the too-large upload raises again).
            "language_next": language_next,
        }


def refused(error: Any, form: Any = None) -> None:
    """An operation refused the action: undo its changes and show its message, on its field when it names one.

    The one helper every module's views use, so a refusal looks and behaves the same everywhere.
    """
    from flask import flash

    db.session.rollback()
    field = getattr(form, error.details.get("field", ""), None) if form is not None else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*list(field.errors or []), str(error)]
    else:
        flash(str(error), "error")
