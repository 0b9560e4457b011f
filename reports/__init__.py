"""The reporting layer: pages and exports under ``/reports/``, the Dash app under ``/dashboards/``, report jobs.

Reads only: figures come from the modules' query functions (``common.directory.stats`` so far), so a
dashboard, an export and a PDF show the same numbers by construction.
"""

from flask import Blueprint, Flask

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")

from reports import views  # noqa: E402,F401


def init_app(app: Flask) -> None:
    """Mount the dashboards on ``app`` (unless ``MOUNT_DASHBOARDS`` is off: another pool serves them) and wire the
    cache invalidation and the job queue (after the blueprints)."""
    from reports import data_events, jobs

    if app.config.get("MOUNT_DASHBOARDS", True):
        from reports.dash import mount

        mount(app)
    jobs.init_app(app)
    data_events.connect()
