"""The ``hrms`` blueprint, under ``/hr/``: performance appraisal (cycles, workflow, calibration, appeals) and
professional development (``hrms.development``)."""

from flask import Blueprint

bp = Blueprint("hrms", __name__, url_prefix="/hr", template_folder="templates")


@bp.record_once
def _setup(state: object) -> None:
    from hrms import audit_names, labels, overview_cache
    from hrms.development import register as register_development

    labels.register(state.app)  # type: ignore[attr-defined]
    audit_names.register()
    overview_cache.connect()
    register_development(state.app)  # type: ignore[attr-defined]


from hrms import counts, demo, development, views  # noqa: E402,F401
from hrms.operations import cycles  # noqa: E402,F401  (connects the directory-change receiver)
