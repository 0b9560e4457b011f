"""The Dash app, mounted on the suite's Flask server under ``/dashboards/``.

Every route Dash registers (the index and page URLs, ``_dash-layout``, ``_dash-dependencies``,
``_dash-update-component``, the component suites, the assets) is wrapped in ``require`` once Dash has
registered it: a check in a layout alone would leave the callback endpoint open. Page URLs are also
checked against the page's own capability, and every callback checks the user's scope again.

The index page's one inline script (the renderer's start-up) is allowed by its hash, not by
``unsafe-inline``; styles need ``unsafe-inline`` because Dash's components and Plotly inject them.
The callback endpoint is a POST protected by CSRF like any other: the renderer sends the token from
the ``_csrf_token`` cookie (readable by our own scripts only; same-site) as ``X-CSRFToken``.
"""

from __future__ import annotations

import secrets
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from dash import Dash, Input, Output, State, _callback_signing, _validate, dcc, html
from dash._utils import format_tag, to_json
from dash.dash import _app_entry as APP_ENTRY
from dash.dash import _re_index_config_id, _re_index_entry_id, _re_index_scripts_id, _re_renderer_scripts_id
from dash.exceptions import DependencyException
from dash.fingerprint import build_fingerprint
from flask import Flask, abort, current_app, g, make_response, render_template, request, session, url_for
from flask_login import current_user
from markupsafe import Markup

from common.i18n import get_locale
from common.i18n import gettext as _
from common.permissions import has_capability, require
from common.shell_header import shell_header
from common.signed_cache import csrf_token
from common.web import CSP
from reports.dash import hr, learning, me
from reports.dashboards import CAPABILITY, DASHBOARDS, PREFIX, visible_pages

# Each dashboard's layout: (user, query string as a dict) -> the Dash component tree, built per request.
LAYOUTS = {"hr": hr.layout, "me": me.layout, "learning": learning.layout}
CSRF_COOKIE = "_csrf_token"


# What Dash's page config would tell every visitor about the server: versions help only an attacker.
HIDDEN_CONFIG = ("dash_version", "python_version", "dash_version_url", "ddk_version", "plotly_version")


# Stands for the page load's own ``end_id`` in the configuration built once per process (``SuiteDash.index``).
END_ID_MARK = "suite-end-id-of-this-page-load"
# Stands for the header in the index page kept per language and mount point (``SuiteDash._kept_page``).
HEADER_MARK = Markup("<!-- suite-header-of-this-request -->")
PAGES_KEPT = 64  # languages x mount points


class SuiteDash(Dash):
    """Dash whose index page is the suite's own shell (header, language switch, footer)."""

    _index_tags: dict[str, str] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: dict[tuple[str, str], tuple[str, str]] = {}

    def interpolate_index(self, **kwargs: Any) -> str:
        return render_template("reports/dash_index.html", **kwargs)

    def index(self, *_args: Any, **_kwargs: Any) -> str:
        """Dash's index page, its tags (scripts, stylesheets, configuration, renderer) built once per process.

        Dash rebuilds them at every page load from the same registered resources (a third of the page's CPU); only
        the configuration's ``end_id``, a signed token Dash mints per page load (it binds background callbacks to
        the page), differs, and is put into the prebuilt configuration per request. Dev tools' hot reload, which
        changes the resources while the process runs, gets Dash's own index."""
        if self._dev_tools.hot_reload:
            return super().index()
        tags = self._index_tags or self._build_index_tags()
        # Dash's ``gen_salt(24)`` draws 24 ``random.choice``s; one call for 24 URL-safe characters does as well.
        end_id = _callback_signing.sign(self._get_signing_secret(), _callback_signing.END_SCOPE,
                                        secrets.token_urlsafe(18))
        halves = self._kept_page(tags)
        if halves is None:
            page = self.interpolate_index(**{**tags, "config": tags["config"].replace(END_ID_MARK, end_id, 1)})
        else:
            before, after = halves
            page = before + str(shell_header()) + after.replace(END_ID_MARK, end_id, 1)
        for hook in self._hooks.get_hooks("index"):
            page = hook(page)
        return page

    def _kept_page(self, tags: dict[str, str]) -> tuple[str, str] | None:
        """The page around its header, drawn once per process, language and mount point, or ``None``: draw it.

        Outside the header (``common.shell_header``, which fills in the person, the token and the current page at
        every request) the page depends on nothing but the language and the mount point; the configuration's
        ``end_id`` stays marked. A page with messages to flash is drawn in full (they are the request's own), and so
        is every page of a process that reloads its templates (development)."""
        if current_app.jinja_env.auto_reload or "_flashes" in session:
            return None
        key = (str(get_locale()), request.script_root)
        kept = self._pages.get(key)
        if kept is None:
            page = render_template("reports/dash_index.html", shell_header=lambda: HEADER_MARK, **tags)
            before, found, after = page.partition(HEADER_MARK)
            if not found or after.count(END_ID_MARK) != 1:
                return None
            kept = (before, after)
            if len(self._pages) < PAGES_KEPT:
                self._pages[key] = kept
        return kept

    def _build_index_tags(self) -> dict[str, str]:
        config = self._config()
        config["end_id"] = END_ID_MARK
        metas = "\n      ".join(format_tag("meta", meta, opened=True, sanitize=True) for meta in self._generate_meta())
        tags = {"metas": metas, "title": self.title, "css": self._generate_css_dist_html(),
                "config": f'<script id="_dash-config" type="application/json">{to_json(config)}</script>',
                "scripts": self._generate_scripts_html(), "app_entry": APP_ENTRY,
                "favicon": "",  # the shell links its own icon
                "renderer": self._generate_renderer()}
        checks = (_re_index_entry_id, _re_index_config_id, _re_index_scripts_id, _re_renderer_scripts_id)
        _validate.validate_index("index", checks, "".join(tags.values()))
        self._index_tags = tags
        return tags

    def _config(self) -> dict[str, Any]:
        config = super()._config()
        for name in HIDDEN_CONFIG:
            config.pop(name, None)
        config["disable_version_check"] = True
        # The renderer asks for Plotly at an unversioned URL when serving locally (so it could never be cached for
        # long); told "not locally", it takes ``plotlyjs_url`` instead: here the same local file, versioned.
        config["serve_locally"] = False
        config["plotlyjs_url"] = plotly_url(self.config.requests_pathname_prefix)
        return config


def plotly_url(prefix: str) -> str:
    """The Plotly bundle the dashboards load, at a versioned URL: the "basic" partial bundle (scatter, bar, pie; a
    quarter of the size) that ``make vendor`` fetches into ``common/static/vendor/`` when it is there, else the full
    bundle inside plotly.py as Dash serves it (``plotly.v7_1_0m<mtime>.min.js``)."""
    import plotly
    from plotly.offline import get_plotlyjs_version

    basic = f"vendor/plotly-basic-{get_plotlyjs_version()}.min.js"
    if (Path(current_app.static_folder or "") / basic).is_file():
        return url_for("static", filename=basic)
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    name = build_fingerprint("package_data/plotly.min.js", plotly.__version__, int(path.stat().st_mtime))
    return f"{prefix}_dash-component-suites/plotly/{name}"


def mount(server: Flask) -> Dash:
    app = SuiteDash(__name__, server=server, url_base_pathname=PREFIX, suppress_callback_exceptions=True,
                    serve_locally=True, update_title=None, title="Dashboards",
                    assets_folder=str(Path(__file__).parent / "assets"))
    app.layout = shell
    app.callback(Output("page", "children"), Input("url", "pathname"), State("url", "search"))(route)
    hr.register(app)
    me.register(app)
    learning.register(app)
    _guard(server, app)
    return app


def shell() -> Any:
    """The layout: the same for everyone; the page itself is built by ``route`` for the user asking."""
    return html.Div([dcc.Location(id="url", refresh=False), html.Div(id="page")])


def route(pathname: str | None, search: str | None = None) -> Any:
    slug = (pathname or "").removeprefix(PREFIX).strip("/")
    if not slug:
        return landing(current_user)
    page = DASHBOARDS.get(slug)
    if page is None or not has_capability(current_user, page.capability):
        return html.P(_("This dashboard is not available to you."))
    return LAYOUTS[slug](current_user, dict(parse_qsl((search or "").lstrip("?"))))


def landing(user: Any) -> Any:
    pages = visible_pages(user)
    items = [html.Li([html.H2(html.A(str(page.title), href=page.url)), html.P(str(page.description))],
                     className="card") for page in pages]
    return html.Div([
        html.H1(_("Dashboards")),
        html.Ul(items, className="cards") if items else html.P(_("There are no dashboards for your role yet.")),
        html.P(html.A(_("Reports, exports and PDF reports"), href="/reports/")),
    ])


def _guard(server: Flask, app: Dash) -> None:
    """Wrap every view Dash registered under the prefix; page URLs also check the page's capability."""
    endpoints = {rule.endpoint for rule in server.url_map.iter_rules() if rule.rule.startswith(PREFIX)}
    for endpoint in endpoints:
        view = server.view_functions[endpoint]
        if endpoint in (PREFIX, f"{PREFIX}<path:path>"):
            view = _page(view)
        server.view_functions[endpoint] = require(CAPABILITY)(_with_csp(_unknown_is_404(view), app))


def _page(view: Any) -> Any:
    @wraps(view)
    def page(*args: Any, **kwargs: Any) -> Any:
        slug = kwargs.get("path", "").strip("/")
        if slug:
            known = DASHBOARDS.get(slug) or abort(404)
            if not has_capability(current_user, known.capability):
                abort(403)
        response = make_response(view(*args, **kwargs))
        response.set_cookie(CSRF_COOKIE, csrf_token(), path=PREFIX, samesite="Lax", httponly=False,
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", True))
        return response

    return page


def _unknown_is_404(view: Any) -> Any:
    """A file Dash does not serve (``_dash-component-suites/dash/../../x``) is 404; Dash itself raised a 500."""
    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except DependencyException:
            abort(404)

    return checked


def _with_csp(view: Any, app: Dash) -> Any:
    @wraps(view)
    def with_csp(*args: Any, **kwargs: Any) -> Any:
        g.csp = dashboard_csp(app)
        return view(*args, **kwargs)

    return with_csp


def dashboard_csp(app: Dash) -> str:
    """The suite's CSP plus the hashes of Dash's inline scripts, and inline styles, for dashboard responses."""
    if not hasattr(app, "_suite_csp"):
        hashes = " ".join(app.csp_hashes())
        app._suite_csp = (CSP.replace("script-src 'self'", f"script-src 'self' {hashes}")
                          .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"))
    return app._suite_csp
