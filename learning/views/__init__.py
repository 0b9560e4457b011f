"""Pages of ``learning``: one file per area. Thin: load, check access, validate, call one operation, redirect."""

from flask import Blueprint

from common.i18n import get_locale
from learning import bp, verify_bp
from learning import forms as f
from learning.certificates import grouped
from learning.dates import today
from learning.sanitise import safe_html


def _labels() -> dict:
    return {"category_label": lambda c: str(f.CATEGORY_LABELS.get(c, c)),
            "level_label": lambda c: str(f.LEVEL_LABELS.get(c, c)),
            "language_label": lambda c: str(f.LANGUAGE_LABELS.get(c, c)),
            "kind_label": lambda c: str(f.KIND_LABELS.get(c, c)),
            "status_label": lambda c: str(f.STATUS_LABELS.get(c, c)),
            "source_label": lambda c: str(f.SOURCE_LABELS.get(c, c)),
            "validity_label": lambda c: str(f.VALIDITY_LABELS.get(c, c)),
            "question_label": lambda c: str(f.QUESTION_LABELS.get(c, c)),
            "lesson_html": safe_html, "grouped_code": grouped, "today": today(),
            "english": str(get_locale() or "ka").startswith("en")}


for _blueprint in (bp, verify_bp):
    Blueprint.context_processor(_blueprint, _labels)

from learning.cmi5 import views as cmi5_views  # noqa: E402,F401  (cmi5 lessons: launch, content, administration)
from learning.results import views as results_views  # noqa: E402,F401  (results per package item)
from learning.scorm import views as scorm_views  # noqa: E402,F401  (SCORM lessons: player and administration)
from learning.views import (  # noqa: E402,F401
    admin_assign,
    admin_banks,
    admin_courses,
    admin_learners,
    catalogue,
    learner,
    quiz,
    verify,
)
