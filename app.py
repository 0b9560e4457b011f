"""The application factory: configuration, extensions, blueprints, CLI, in one place."""

from __future__ import annotations

from typing import Any

from flask import Flask, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from werkzeug.wrappers import Response

from common import forms_i18n, i18n, origins, static_cache, web
from common.config import INSTANCE_DIR, load_config
from common.extensions import babel, csrf, db, limiter, login_manager, migrate
from common.i18n import lazy_gettext as _l
from common.permissions import check_route_access, public, require
from common.proxy import TrustedProxies


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = web.SuiteFlask(__name__, instance_path=str(INSTANCE_DIR), template_folder="common/templates",
                static_folder="common/static")
    app.config.update(load_config(config))
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = TrustedProxies(app.wsgi_app, app.config["TRUSTED_PROXIES"])  # type: ignore[method-assign]

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=web.select_locale)
    i18n.install(app)  # the catalogue looked up once per request, not once per string
    forms_i18n.install()
    _init_login(app)

    origins.register(app)  # the content host and the application's hosts answer each their own routes
    app.before_request(check_route_access)
    web.register(app)
    static_cache.register(app)  # after web's hooks: Flask runs after_request hooks last-registered first
    _register_blueprints(app)
    _init_reports(app)
    _register_core_routes(app)
    _register_cli(app)
    return app


def _init_login(app: Flask) -> None:
    from common.auth import identity_versions
    from common.auth.operations import load_session_user

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # sessions are revoked on the server instead
    login_manager.user_loader(load_session_user)
    identity_versions.register()  # writes that change an identity retire its cached copies


def _register_blueprints(app: Flask) -> None:
    from common.auditlog import bp as audit_bp
    from common.auth import bp as auth_bp
    from common.directory import bp as directory_bp
    from common.inbox import bp as inbox_bp
    from common.users import bp as users_bp
    from hrms import bp as hrms_bp
    from learning import bp as learning_bp
    from learning import verify_bp
    from monitoring import api_bp as monitoring_api_bp
    from monitoring import bp as monitoring_bp
    from monitoring import public_bp as monitoring_public_bp
    from reports import bp as reports_bp

    for blueprint in (auth_bp, directory_bp, users_bp, audit_bp, inbox_bp, hrms_bp, monitoring_bp, learning_bp,
                      reports_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(verify_bp)  # learning's public certificate check, /verify/<code>
    app.register_blueprint(monitoring_public_bp)  # published strategies, approved data only, /public/
    app.register_blueprint(monitoring_api_bp)  # JSON for other systems, /api/me/ (session-based, older)
    from common.users.scim import bp as scim_bp

    app.register_blueprint(scim_bp)  # SCIM 2.0 provisioning by the identity system, /scim/v2/
    from learning.xapi import bp as xapi_bp

    app.register_blueprint(xapi_bp)  # the xAPI 1.0.3 learning record store, /xapi/ (HTTP Basic per client)

    from common import api
    from hrms.api_v1 import blp as hrms_api_v1
    from learning.api_v1 import blp as learning_api_v1
    from monitoring.api_v1 import blp as monitoring_api_v1

    api.init_app(app, [monitoring_api_v1, hrms_api_v1, learning_api_v1])  # the REST API, /api/v1/ (bearer tokens)


def _init_reports(app: Flask) -> None:
    """The Dash app on /dashboards/ (every route guarded once Dash has registered it) and the report job queue."""
    from reports import init_app

    init_app(app)


def _register_core_routes(app: Flask) -> None:
    @app.route("/")
    @require("signed_in")
    def home() -> str:
        from datetime import date

        from hrms.todo import tasks_for

        return render_template("home.html", tasks=tasks_for(current_user), today=date.today())

    @app.route("/health")
    @public
    def health() -> tuple[dict[str, str], int]:
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any failure means the database is unusable
            return {"status": "error", "database": "unreachable"}, 503
        return {"status": "ok", "database": "ok"}, 200

    @app.route("/favicon.ico")
    @public
    def favicon() -> Response:
        return redirect(url_for("static", filename="favicon.svg"))


def _register_cli(app: Flask) -> None:
    from common.cli import register_commands
    from hrms.cli import hr_cli
    from learning.cli import learning_cli
    from learning.xapi.cli import xapi_cli
    from monitoring.cli import monitoring_cli
    from reports.cli import reports_cli

    register_commands(app)
    app.cli.add_command(learning_cli)
    app.cli.add_command(xapi_cli)
    app.cli.add_command(hr_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(monitoring_cli)
