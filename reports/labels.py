"""Translatable names of report job kinds and statuses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

JOB_KIND_LABELS = {"hr_report": _l("HR report for a unit and year")}
JOB_STATUS_LABELS = {"queued": _l("Waiting for a worker"), "running": _l("Being made"), "done": _l("Ready"),
                     "failed": _l("Failed")}


def template_helpers() -> dict:
    return {"job_kind": lambda kind: str(JOB_KIND_LABELS.get(kind, kind)),
            "job_status": lambda status: str(JOB_STATUS_LABELS.get(status, status))}
