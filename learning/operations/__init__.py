"""Writes of the e-learning module. Each operation enforces its rules (raising ``OperationError`` with a
translatable message), writes its audit entry and sends its signal; views and commands only call them."""

from common.errors import OperationError
from learning.operations.banks import create_bank, import_questions, set_quiz_banks
from learning.operations.courses import (
                                         add_section,
                                         create_course,
                                         save_lesson,
                                         save_question,
                                         set_published,
                                         update_course,
)
from learning.operations.enrolment import (
                                         assign,
                                         decide_exemption,
                                         decide_request,
                                         enrol,
                                         grant_exemption,
                                         request_exemption,
)
from learning.operations.progress import complete_lesson, issue_certificate, revoke_certificate
from learning.operations.quiz import start_attempt, submit_attempt
from learning.operations.reminders import remind_overdue
from learning.operations.rules import apply_rule_now, create_rule, preview_rule, set_rule_active, sync_rules

__all__ = [
    "OperationError", "add_section", "apply_rule_now", "assign", "complete_lesson", "create_bank", "create_course",
    "create_rule", "decide_exemption", "decide_request", "enrol", "grant_exemption", "import_questions",
    "issue_certificate", "preview_rule", "remind_overdue", "request_exemption", "revoke_certificate", "save_lesson",
    "save_question", "set_published", "set_quiz_banks", "set_rule_active", "start_attempt", "submit_attempt",
    "sync_rules", "update_course",
]
