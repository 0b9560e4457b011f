"""What an audit entry means, in the auditor's language: the action's name, the object's name, the values changed.

Entries are written once, in English, and never changed (they are hash-chained), so the page does not translate
the stored summary: it describes each entry afresh from its codes, and quotes the stored summary beside it as
recorded. Each package registers the names of its actions, of its object types, of the codes its ``changes``
hold, and a function that names its objects (``register``), so ``common`` imports no package to describe them.
Several entries of one type are named with one statement per type and page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select

from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.labels import AUDIT_KIND_LABELS, READ_WHAT_LABELS
from common.models import Employee, OrgUnit, User
from common.models.base import localized

Namer = Callable[[list[int]], dict[int, str]]

ACTIONS: dict[str, Any] = {
    # sign-in (``log_auth``)
    "login": _l("Signed in"), "logout": _l("Signed out"), "login_failed": _l("Sign-in failed"),
    "login_throttled": _l("Sign-in refused after repeated failures"), "account_locked": _l("Account locked"),
    "login_refused_disabled": _l("Sign-in refused: account disabled"),
    "password_change_failed": _l("Password change refused"), "password_changed": _l("Password changed"),
    "account_enabled": _l("Account enabled"), "account_disabled": _l("Account disabled"),
    # the directory and accounts
    "create_employee": _l("Employee created"), "update_employee": _l("Employee changed"),
    "create_org_unit": _l("Org unit created"), "create_position": _l("Position created"),
    "import_staff": _l("Staff imported"), "import_units": _l("Org units imported"),
    "import_positions": _l("Positions imported"), "create_user": _l("Account created"),
    "grant_role": _l("Role granted"), "revoke_role": _l("Role withdrawn"), "reset_password": _l("Password reset"),
    "reminder_sent": _l("Reminder sent"), "request_report": _l("Report requested"),
    # e-learning and M&E (strings only: ``common`` imports neither package)
    "create_course": _l("Course created"), "update_course": _l("Course changed"),
    "publish_course": _l("Course published"), "add_section": _l("Course section added"),
    "add_lesson": _l("Lesson added"), "update_lesson": _l("Lesson changed"), "add_question": _l("Question added"),
    "create_rule": _l("Mandatory-training rule created"), "activate_rule": _l("Mandatory-training rule activated"),
    "sync_rule": _l("Mandatory-training rule applied"), "assign": _l("Course assigned"), "enrol": _l("Enrolled"),
    "approve_enrolment": _l("Enrolment approved"), "request_exemption": _l("Exemption requested"),
    "approve_exemption": _l("Exemption decided"), "complete_lesson": _l("Lesson completed"),
    "complete_course": _l("Course completed"), "fail_course": _l("Course failed"),
    "start_attempt": _l("Quiz attempt started"), "submit_attempt": _l("Quiz attempt submitted"),
    "late_attempt": _l("Late quiz attempt"), "issue_certificate": _l("Certificate issued"),
    "revoke_certificate": _l("Certificate revoked"), "import_scorm": _l("SCORM package imported"),
    "start_scorm_attempt": _l("SCORM attempt started"), "end_scorm_session": _l("SCORM session ended"),
    "complete_scorm_asset": _l("SCORM item completed"),
    "create_document": _l("M&E document created"), "revise_document": _l("M&E document revised"),
    "publish_document": _l("M&E document published"), "add_result": _l("Result added"),
    "report_activity": _l("Activity reported"), "create_indicator": _l("Indicator created"),
    "update_indicator": _l("Indicator changed"), "add_validation_rule": _l("Validation rule added"),
    "approve_target": _l("Target approved"), "revise_target": _l("Target revised"),
    "submit_values": _l("Values submitted"), "approve_values": _l("Values approved"),
    "reopen_values": _l("Values reopened"), "import_values": _l("Values imported"),
    "approve_indicator": _l("Indicator approved"), "reject_indicator": _l("Indicator turned down"),
    "approve_result": _l("Result approved"), "reject_result": _l("Result turned down"),
}
TYPES: dict[str, Any] = {"Employee": _l("Employee"), "OrgUnit": _l("Org unit"), "User": _l("Account"),
                         "Position": _l("Position"), "Course": _l("Course"), "Section": _l("Course section"),
                         "Lesson": _l("Lesson"), "Rule": _l("Mandatory-training rule"), "Enrolment": _l("Enrolment"),
                         "Attempt": _l("Quiz attempt"), "Certificate": _l("Certificate"),
                         "Document": _l("M&E document"), "Indicator": _l("Indicator"), "Job": _l("Report")}
VALUES: dict[str, dict[str, Any]] = {}
NAMERS: dict[str, Namer] = {}


def register(*, actions: dict[str, Any] | None = None, types: dict[str, Any] | None = None,
             values: dict[str, dict[str, Any]] | None = None, namers: dict[str, Namer] | None = None) -> None:
    """Called by each package at start-up with the names of its codes (lazy strings) and its object namers."""
    ACTIONS.update(actions or {})
    TYPES.update(types or {})
    for field, labels in (values or {}).items():
        VALUES.setdefault(field, {}).update(labels)
    NAMERS.update(namers or {})


def action_label(kind: str, action: str) -> str:
    if kind == "read":
        return str(READ_WHAT_LABELS.get(action, _l("Other page")))
    return str(ACTIONS.get(action, action))


class Labels(NamedTuple):
    """The names one page of entries needs, each looked up once however many entries share it."""

    actions: dict[tuple[str, str], tuple[str, str]]  # (kind, action) -> (the kind's name, the action's name)
    types: dict[str, str]  # object type -> its name


def labels(rows: Iterable[Any]) -> Labels:
    """The kinds', actions' and object types' names of ``rows`` in the reader's language: a page of fifty entries
    holds a handful of distinct codes, and each name costs a catalogue look-up."""
    actions: dict[tuple[str, str], tuple[str, str]] = {}
    types: dict[str, str] = {}
    for row in rows:
        key = (row.kind, row.action)
        if key not in actions:
            actions[key] = (str(AUDIT_KIND_LABELS.get(row.kind, row.kind)), action_label(row.kind, row.action))
        if row.object_type and row.object_type not in types:
            types[row.object_type] = type_label(row.object_type)
    return Labels(actions, types)


def filter_label(action: str) -> str:
    """An action of the filter's list (codes of every kind of entry, reads included)."""
    if action in ACTIONS:
        return str(ACTIONS[action])
    if action in READ_WHAT_LABELS:
        return str(_l("Read: %(what)s", what=READ_WHAT_LABELS[action]))
    return action


_CHOICES: dict[tuple[tuple[str, ...], str], list[tuple[str, str]]] = {}  # (actions, locale) -> the filter's choices


def filter_choices(actions: tuple[str, ...], locale: str) -> list[tuple[str, str]]:
    """``actions`` with their names in the reader's language (``locale``), in the order of those names: kept per
    list and language, since the names are fixed once every package has registered its own (at start-up)."""
    key = (actions, locale)
    choices = _CHOICES.get(key)
    if choices is None:
        if len(_CHOICES) > 32:  # a list that changed leaves its old versions behind
            _CHOICES.clear()
        choices = _CHOICES[key] = sorted(((a, filter_label(a)) for a in actions), key=lambda c: c[1].casefold())
    return choices


def value_label(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and value in VALUES.get(field, {}):
        return str(VALUES[field][value])
    return str(value)


def object_names(events: Iterable[Any]) -> dict[tuple[str, str], str]:
    """(object type, id) -> the object's name now, for the entries listed: one statement per type."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.object_type in NAMERS and (event.object_id or "").isdigit():
            wanted[event.object_type].add(int(event.object_id))
    names: dict[tuple[str, str], str] = {}
    for kind, ids in wanted.items():
        for object_id, name in NAMERS[kind](sorted(ids)).items():
            names[(kind, str(object_id))] = name
    return names


def type_label(object_type: str | None) -> str:
    return str(TYPES.get(object_type, object_type)) if object_type else "—"


# Fixed statements (built once): the names of the objects a page of entries mentions, as plain rows.
_EMPLOYEES = select(Employee.id, Employee.first_name_ka, Employee.last_name_ka, Employee.first_name_en,
                    Employee.last_name_en).where(Employee.id.in_(bindparam("ids", expanding=True)))
_UNITS = select(OrgUnit.id, OrgUnit.name_ka, OrgUnit.name_en).where(OrgUnit.id.in_(bindparam("ids", expanding=True)))
_USERS = select(User.id, User.email).where(User.id.in_(bindparam("ids", expanding=True)))


def _employees(ids: list[int]) -> dict[int, str]:
    from common.reads import shows

    rows = db.session.execute(_EMPLOYEES, {"ids": ids}).all()
    shows([row[0] for row in rows])
    # As ``Employee.full_name`` names them.
    return {i: localized(f"{first_ka} {last_ka}", f"{first_en} {last_en}")
            for i, first_ka, last_ka, first_en, last_en in rows}


def _units(ids: list[int]) -> dict[int, str]:
    return {i: localized(ka, en) for i, ka, en in db.session.execute(_UNITS, {"ids": ids})}


def _users(ids: list[int]) -> dict[int, str]:
    return dict(db.session.execute(_USERS, {"ids": ids}).tuples().all())


register(namers={"Employee": _employees, "OrgUnit": _units, "User": _users})
