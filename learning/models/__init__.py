"""Tables of the e-learning module: the catalogue (courses, sections, lessons, question bank) and the
learners' side (enrolments, lesson progress, quiz attempts, certificates, mandatory-training rules)."""

from learning.cmi5 import (
    models as cmi5_models,  # noqa: F401  cmi5 lessons (after the LRS: a session names a credential)
)
from learning.models.catalogue import (
    CATEGORIES,
    LESSON_KINDS,
    LEVELS,
    QUESTION_KINDS,
    Choice,
    Course,
    Lesson,
    Question,
    QuestionBank,
    Section,
    course_competency,
    lesson_bank,
)
from learning.models.progress import (
    ENROLMENT_SOURCES,
    EXPIRING_DAYS,
    Attempt,
    Certificate,
    Enrolment,
    LessonProgress,
    Rule,
    status_of,
)
from learning.scorm.models import (  # SCORM lessons
    PackageVersion,
    Sco,
    ScoAttempt,
    ScoCommit,
    SequencingState,
)
from learning.xapi import models as xapi_models  # noqa: F401  the learning record store's tables

__all__ = [
    "CATEGORIES", "ENROLMENT_SOURCES", "EXPIRING_DAYS", "LESSON_KINDS", "LEVELS", "QUESTION_KINDS", "Attempt",
    "Certificate", "Choice", "Course", "Enrolment", "Lesson", "LessonProgress", "PackageVersion", "Question",
    "QuestionBank", "Rule", "Sco", "ScoAttempt", "ScoCommit", "Section", "SequencingState",
    "course_competency", "lesson_bank", "status_of",
]
