"""Settings read from the environment, so one build runs on a laptop and in a ministry's data centre.

SQLite under ``instance/`` is the embedded default; ``DATABASE_URL`` switches to PostgreSQL.
``SECRET_KEY`` is required everywhere except development and tests, because a guessable key
lets anyone forge a session cookie.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(value: str | None) -> list[str]:
    """A comma- or space-separated setting as a list (``"10.0.0.1, 10.0.1.0/24"``)."""
    return [item for item in (value or "").replace(",", " ").split() if item]


def _database_url(url: str | None) -> str:
    """Normalise a database URL: a bare ``postgresql://`` URL is driven by psycopg 3."""
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'suite.db'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _host(url: str) -> str:
    return (urlsplit(url if "://" in url else f"http://{url}").hostname or "").lower()


def load_config(overrides: dict | None = None) -> dict:
    """Build the Flask config from the environment, then apply ``overrides`` (used by tests)."""
    env = os.environ.get("SUITE_ENV", os.environ.get("FLASK_ENV", "production"))
    overrides = dict(overrides or {})
    env = overrides.pop("SUITE_ENV", env)
    development = env in {"development", "testing"}
    secret = os.environ.get("SECRET_KEY")
    if not secret and development:
        secret = "dev-only-insecure-key"
    redis_url = os.environ.get("REDIS_URL")
    config = {
        "SUITE_ENV": env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": _database_url(os.environ.get("DATABASE_URL")),
        # Seconds a pooled connection is used at most: retired before a firewall or proxy drops it silently.
        # Connections the server closed are found at checkout without a round trip (common/database.py).
        "DB_POOL_RECYCLE": int(os.environ.get("DB_POOL_RECYCLE", "1800")),
        "REDIS_URL": redis_url,
        # Cookies: never readable from scripts, not sent cross-site, HTTPS-only in production.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", not development),
        "SESSION_COOKIE_NAME": "suite_session",
        # Host-only cookies (no Domain attribute): never sent to the learning-content origin, even a subdomain.
        "SESSION_COOKIE_DOMAIN": None,
        "REMEMBER_COOKIE_DOMAIN": None,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=int(os.environ.get("SESSION_HOURS", "8"))),
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "60")),
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        # The cookie is written only when the session changed: its expiry already matches the server-side lifetime
        # (PERMANENT_SESSION_LIFETIME from sign-in), and the idle timeout is kept on the server, so re-signing and
        # re-sending it on every response would tell the browser nothing new.
        "SESSION_REFRESH_EACH_REQUEST": _bool("SESSION_REFRESH_EACH_REQUEST", False),
        # Sign-in protection. Wrong passwords from one address for one account are free a few times, then each
        # further one makes that address wait twice as long (up to the maximum); the account as a whole is locked
        # only after LOGIN_MAX_FAILURES, far more than one stranger gets through, so nobody can lock someone out.
        "LOGIN_FREE_FAILURES": int(os.environ.get("LOGIN_FREE_FAILURES", "3")),
        "LOGIN_MAX_DELAY_SECONDS": int(os.environ.get("LOGIN_MAX_DELAY_SECONDS", "900")),
        "LOGIN_MAX_FAILURES": int(os.environ.get("LOGIN_MAX_FAILURES", "100")),
        "LOGIN_LOCK_MINUTES": int(os.environ.get("LOGIN_LOCK_MINUTES", "15")),
        # Addresses (or networks) of the reverse proxies whose X-Forwarded-For / -Proto headers are believed.
        "TRUSTED_PROXIES": _list(os.environ.get("TRUSTED_PROXIES")),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        # Compression of CSS, JS and JSON by the application (common.static_cache); off where a proxy compresses.
        "COMPRESS_ENABLED": _bool("COMPRESS_RESPONSES", True),
        # The Dash dashboards in this process (/dashboards/); off for a web pool whose proxy sends /dashboards/ to a
        # pool of its own, and for the report worker: Dash and Plotly are then never imported (deploy/SCALING.md).
        "MOUNT_DASHBOARDS": _bool("MOUNT_DASHBOARDS", True),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_LOGIN": os.environ.get("RATELIMIT_LOGIN", "20 per minute"),
        "RATELIMIT_OPEN_DATA": os.environ.get("RATELIMIT_OPEN_DATA", "30 per minute"),
        # Spreadsheet uploads (staff and M&E imports): refused before parsing when larger than this.
        "IMPORT_MAX_ROWS": int(os.environ.get("IMPORT_MAX_ROWS", "200000")),
        "IMPORT_MAX_CELLS": int(os.environ.get("IMPORT_MAX_CELLS", "5000000")),
        "IMPORT_MAX_SECONDS": int(os.environ.get("IMPORT_MAX_SECONDS", "60")),
        # A CSV of M&E values longer than IMPORT_MAX_ROWS is read and written in chunks (monitoring.operations.streamed)
        # up to this many rows; XLSX files and the API keep the bounds above.
        "IMPORT_MAX_STREAMED_ROWS": int(os.environ.get("IMPORT_MAX_STREAMED_ROWS", "2000000")),
        "RATELIMIT_HEADERS_ENABLED": False,
        # The REST API (/api/v1): calls per client (service client or personal token) and how long tokens live.
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "600 per minute"),
        "API_TOKEN_SECONDS": int(os.environ.get("API_TOKEN_SECONDS", "3600")),
        "API_PAT_MAX_DAYS": int(os.environ.get("API_PAT_MAX_DAYS", "365")),
        "API_PAGE_MAX": int(os.environ.get("API_PAGE_MAX", "500")),
        "WTF_CSRF_TIME_LIMIT": None,
        "LANGUAGES": ["ka", "en"],
        "BABEL_DEFAULT_LOCALE": os.environ.get("DEFAULT_LOCALE", "ka"),
        "SUITE_TIMEZONE": os.environ.get("SUITE_TIMEZONE", "Asia/Tbilisi"),
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("SUITE_TIMEZONE", "Asia/Tbilisi"),
        "BABEL_TRANSLATION_DIRECTORIES": str(BASE_DIR / "translations"),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024,
        # A course's downloadable file (PDF, slides…), checked when it is uploaded; at most MAX_UPLOAD_MB.
        "LEARNING_FILE_MAX_MB": int(os.environ.get("LEARNING_FILE_MAX_MB", "15")),
        # How long a cached figure may live at most; writes through the application retire it at once anyway.
        "CACHE_SECONDS": int(os.environ.get("CACHE_SECONDS", "300")),
        # Where the cache's version numbers live, which every process must share for a write to retire the figures
        # of all of them: "auto" = Redis with REDIS_URL, else the database on PostgreSQL, else memory (common.cache).
        "CACHE_VERSIONS": os.environ.get("CACHE_VERSIONS", "auto").strip().lower(),
        # How long a process may reuse the signed-in identity it loaded (0: load it on every request). Sign-out,
        # password changes, disabled accounts and role changes retire the copy at once anyway (common.auth.identity_*).
        "IDENTITY_CACHE_SECONDS": int(os.environ.get("IDENTITY_CACHE_SECONDS", "30")),
        "PAGE_SIZE": 25,
        "SEARCH_COUNT_CAP": 1000,  # directory search counts exactly up to this, then says "more than"
        "AUDIT_COUNT_CAP": 1000,  # the audit log page counts its entries exactly up to this, then says "more than"
        "ORG_CHART_UNITS": 40,  # an org chart draws whole levels while they fit in this many units (it links the rest)
        # The audit chain's head is recorded as an anchor every this many entries (0: only by ``flask audit verify``).
        "AUDIT_ANCHOR_EVERY": int(os.environ.get("AUDIT_ANCHOR_EVERY", "1000")),
        "DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD"),
        # Outgoing mail (reminders, notifications).
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Civil Service Suite <no-reply@suite.gov.ge>"),
        # Public address of the suite, for links in e-mails and QR codes on certificates.
        "BASE_URL": os.environ.get("BASE_URL", "http://localhost:5000"),
        # How long a sign-in link (a new account's first password, a password reset) may be used, once.
        "SIGN_IN_LINK_HOURS": int(os.environ.get("SIGN_IN_LINK_HOURS", "72")),
        # Learning packages (SCORM) are code written by others: they are served only from this origin, which must
        # differ from the application's. Without a port it follows the request's port, so in development the suite
        # on http://localhost:5000 serves content from http://127.0.0.1:5000 with no extra step. Unset in
        # production: packages are not played until it is set.
        "CONTENT_ORIGIN": os.environ.get("CONTENT_ORIGIN", "http://127.0.0.1" if development else "").rstrip("/"),
        # What a ministry accepts as a package: upload size, number of files, unpacked size, compression ratio.
        "SCORM_MAX_UPLOAD_MB": int(os.environ.get("SCORM_MAX_UPLOAD_MB", "200")),
        "SCORM_MAX_FILES": int(os.environ.get("SCORM_MAX_FILES", "5000")),
        "SCORM_MAX_TOTAL_MB": int(os.environ.get("SCORM_MAX_TOTAL_MB", "500")),
        "SCORM_MAX_RATIO": float(os.environ.get("SCORM_MAX_RATIO", "100")),
        # cmi5 AUs hosted elsewhere (an absolute URL in cmi5.xml) are imported only on these hosts (comma-separated
        # host names; empty: every AU must be a file inside the uploaded package).
        "CMI5_REMOTE_HOSTS": _list(os.environ.get("CMI5_REMOTE_HOSTS")),
        # "Who read my data": the reader's name is shown to the person only when the reader held one of these roles
        # (``manager`` included); others appear by role and unit alone.
        "READ_LOG_NAMED_ROLES": frozenset(r.strip() for r in os.environ.get(
            "READ_LOG_NAMED_ROLES", "hr_officer,manager").split(",") if r.strip()),
        # SCIM 2.0 provisioning (/scim/v2/): the identity system's bearer secret, or only its SHA-256 (hex); with
        # neither, SCIM answers 401. Groups named ``<prefix><role>`` or ``<prefix><role>@<unit code>`` grant roles.
        "SCIM_TOKEN": os.environ.get("SCIM_TOKEN"),
        "SCIM_TOKEN_SHA256": os.environ.get("SCIM_TOKEN_SHA256"),
        "SCIM_GROUP_PREFIX": os.environ.get("SCIM_GROUP_PREFIX", ""),
        # Single sign-on with OpenID Connect (common/auth/oidc.py): the identity provider's issuer URL (discovery at
        # <issuer>/.well-known/openid-configuration), this suite's client id and secret there, and how a person is
        # matched to an account: OIDC_MATCH "email" (the OIDC_EMAIL_CLAIM claim) or "personal_number" (the
        # OIDC_PERSONAL_NUMBER_CLAIM claim against the employee record). Roles always come from the suite.
        "OIDC_ISSUER": os.environ.get("OIDC_ISSUER", "").rstrip("/"),
        "OIDC_CLIENT_ID": os.environ.get("OIDC_CLIENT_ID", ""),
        "OIDC_CLIENT_SECRET": os.environ.get("OIDC_CLIENT_SECRET", ""),
        "OIDC_SCOPES": os.environ.get("OIDC_SCOPES", "openid email profile"),
        "OIDC_MATCH": os.environ.get("OIDC_MATCH", "email"),
        "OIDC_EMAIL_CLAIM": os.environ.get("OIDC_EMAIL_CLAIM", "email"),
        "OIDC_PERSONAL_NUMBER_CLAIM": os.environ.get("OIDC_PERSONAL_NUMBER_CLAIM", "personal_number"),
        # Off: the password form is hidden and refused; everyone signs in through the identity provider.
        "PASSWORD_SIGN_IN": _bool("PASSWORD_SIGN_IN", True),
    }
    config.update(overrides)
    if "SQLALCHEMY_ENGINE_OPTIONS" not in config:
        from common.database import engine_options

        config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(config["SQLALCHEMY_DATABASE_URI"],
                                                             config["DB_POOL_RECYCLE"])
    if config["CONTENT_ORIGIN"] and _host(config["CONTENT_ORIGIN"]) == _host(config["BASE_URL"]):
        # Packages on the application's own host would run with its users' sessions (see common/origins.py).
        raise RuntimeError("CONTENT_ORIGIN must be another host than the application's (BASE_URL).")
    if config["OIDC_MATCH"] not in {"email", "personal_number"}:
        raise RuntimeError("OIDC_MATCH must be 'email' or 'personal_number'.")
    if not config["PASSWORD_SIGN_IN"] and not (config["OIDC_ISSUER"] and config["OIDC_CLIENT_ID"]):
        raise RuntimeError("PASSWORD_SIGN_IN is off but no identity provider is set (OIDC_ISSUER, OIDC_CLIENT_ID).")
    if config["CACHE_VERSIONS"] not in {"auto", "database", "memory"}:
        raise RuntimeError("CACHE_VERSIONS must be 'auto', 'database' or 'memory'.")
    if not config["SECRET_KEY"]:
        raise RuntimeError("SECRET_KEY must be set outside development and tests (see README, Configuration).")
    return config
