"""Pages of ``reports`` under ``/reports/``: one module per area."""

from reports import bp
from reports.labels import template_helpers
from reports.views import hr, index, jobs, learning, me  # noqa: F401

bp.context_processor(template_helpers)
