"""The M&E platform: ``bp`` under ``/me/`` (signed in), ``public_bp`` under ``/public/`` (published strategies,
approved data, no sign-in) and ``api_bp`` under ``/api/me/`` (JSON for other systems).

Imports ``common`` only.
"""

from flask import Blueprint

bp = Blueprint("monitoring", __name__, url_prefix="/me", template_folder="templates", static_folder="static",
               static_url_path="/static")
public_bp = Blueprint("public", __name__, url_prefix="/public")
api_bp = Blueprint("monitoring_api", __name__, url_prefix="/api/me")

from monitoring import (  # noqa: E402,F401
    api,
    demo,
    figures_cache,
    grid_plan,
    overview_cache,
    progress_cache,
    public,
    submitted,
    views,
)

figures_cache.connect()
progress_cache.connect()
overview_cache.connect()
grid_plan.connect()


@bp.app_template_global("me_dimension_label")
def _dimension_label(name: str) -> str:
    from monitoring.cells import dimension_label

    return dimension_label(name)


@bp.app_template_global("me_cell_label")
def _cell_label(key: str) -> str:
    from monitoring.cells import label

    return label(key)


@bp.app_template_filter("me_number")
def _number(value: float | None, unit: str | None = None) -> str:
    """A figure as the M&E pages show it (``_me.html``'s ``num``): a filter, as a macro it cost a page of 20 rows
    80 macro calls."""
    from common.i18n import gettext

    if value is None:
        return "—"
    if unit == "yes_no":
        return gettext("Yes") if value >= 0.5 else gettext("No")
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text + ("%" if unit == "percentage" else " ₾" if unit == "currency" else "")
