"""Pages of SCORM lessons, on the ``learning`` blueprint: the player side and the administrators' side."""

from learning import bp
from learning.scorm.forms import STATUS_LABELS


@bp.context_processor
def _scorm_labels() -> dict:
    return {"scorm_status_label": lambda status: str(STATUS_LABELS.get(status, status))}


from learning.scorm.views import admin, content, contents, player  # noqa: E402,F401
