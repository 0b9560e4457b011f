"""Translatable names of report job kinds and statuses."""

from __future__ import annotations

from common.i18n import lazy_gettext as _l
from common.labels import ME_STATUS_LABELS

JOB_KIND_LABELS = {"hr_report": _l("HR report for a unit and year"),
                   "me_report": _l("Monitoring report of a strategy"),
                   "learning_report": _l("Course-compliance report of a unit")}
JOB_STATUS_LABELS = {"queued": _l("Waiting for a worker"), "running": _l("Being made"), "done": _l("Ready"),
                     "failed": _l("Failed")}


def template_helpers() -> dict:
    return {"job_kind": lambda kind: str(JOB_KIND_LABELS.get(kind, kind)),
            "job_status": lambda status: str(JOB_STATUS_LABELS.get(status, status))}

# The four implementation levels of an activity, and the status colours of an indicator (M&E reports).
LEVEL_LABELS = {"fully": _l("Fully implemented"), "mostly": _l("Mostly implemented"),
                "partially": _l("Partially implemented"), "not": _l("Not implemented"), "none": _l("Not reported")}
RAG_LABELS = ME_STATUS_LABELS  # the same names as the strategy page (common.labels)

# Final appraisal labels, best first (the HR report's appraisal figures).
APPRAISAL_LABELS = {"excellent": _l("Excellent"), "good": _l("Good"), "satisfactory": _l("Satisfactory"),
                    "unsatisfactory": _l("Unsatisfactory")}
