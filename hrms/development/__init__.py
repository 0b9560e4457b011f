"""Professional development, under ``/hr/development/``: training needs from appraisals and by hand,
individual development plans whose course actions enrol through learning, the CPD record, basic
programmes by rank group, and the needs analysis for planners.

From ``learning`` this package imports only ``learning.operations``, ``learning.queries`` and
``learning.public`` (``tests/test_architecture.py`` checks it). A completed course
reaches it as the ``course_completed`` signal; a finalised appraisal as ``appraisal_finalized``.
"""

from flask import Flask


def register(app: Flask) -> None:
    from hrms.development import labels

    labels.register(app)


from hrms.development import demo, models, views  # noqa: E402,F401
from hrms.development.operations import needs, plans  # noqa: E402,F401  (connect the signal receivers)
