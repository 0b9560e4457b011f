"""The auditor's view of the audit and access log. Read-only by construction: no route writes."""

from flask import Blueprint

bp = Blueprint("auditlog", __name__, url_prefix="/audit")

from common.auditlog import views  # noqa: E402,F401
