"""Pages of the M&E platform under ``/me/``, one module per area."""

from monitoring.views import approvals, documents, entry, imports, indicators  # noqa: F401
