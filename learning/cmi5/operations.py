"""Writes of cmi5 lessons: importing a course structure (a new lesson, or a new version of one), and what the
statements an AU sends mean once the LRS accepted them: the session's state, the AU's results, its satisfaction by
moveOn, the ``satisfied`` statements of blocks and of the course, and then the lesson's completion.

Completion reaches the rest of the module through ``complete_lesson(..., source="cmi5")``, the operation SCORM
uses too, so course completion, the certificate, professional-development hours and ``course_completed`` follow.
Launching is in ``learning.cmi5.launch``.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import func, select, update

from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models.base import utcnow
from common.permissions import can_edit_course
from learning.cmi5 import importer, rules, statements
from learning.cmi5.models import Cmi5Au, Cmi5AuStatus, Cmi5Registration, Cmi5Session, Cmi5Version
from learning.models import Lesson, Section
from learning.operations.progress import complete_lesson
from learning.scorm import storage
from learning.scorm.importer import Limits, Package
from learning.xapi.validation import agent_key


def import_course(section: Section, values: dict[str, Any], data: bytes, filename: str, *,
                  lesson: Lesson | None = None, actor: Any) -> Cmi5Version:
    """Check and store a cmi5 course structure as a new lesson of ``section`` or the next version of ``lesson``.
    Nothing is written unless the whole upload passes the importer's checks."""
    course = section.course
    if actor is not None and not can_edit_course(actor, course):
        raise OperationError(_l("You cannot edit this course."))
    if lesson is not None and (lesson.kind != "cmi5" or lesson.section_id != section.id):
        raise OperationError(_l("This lesson is not a cmi5 lesson."))
    if not data:
        raise importer.refuse(_l("Choose the course (a .zip file with cmi5.xml) to upload."))
    structure = importer.inspect(data, Limits.from_config())
    if lesson is None:
        lesson = Lesson(section=section, course_id=course.id, kind="cmi5",
                        position=max((x.position for x in section.lessons), default=0) + 1,
                        title_ka=(values.get("title_ka") or structure.title("ka")).strip()[:255],
                        title_en=(values.get("title_en") or structure.title("en")).strip()[:255],
                        required=bool(values.get("required", True)))
        db.session.add(lesson)
    if structure.xml_only:
        digest, new_folder = storage.digest_of(data), False
    else:
        digest, new_folder = storage.store(data, Package(identifier=structure.publisher_id, title="", scos=[],
                                                         entries=structure.entries))
    try:
        number = db.session.execute(select(func.max(Cmi5Version.number)).where(
            Cmi5Version.lesson_id == lesson.id)).scalar() if lesson.id else None
        version = Cmi5Version(
            lesson=lesson, number=(number or 0) + 1, digest=digest, publisher_id=structure.publisher_id,
            title=structure.title("en")[:255],
            original_name=PurePosixPath((filename or "course.zip").replace("\\", "/")).name[:255],
            file_count=len(structure.entries), total_size=structure.total_size, blocks=structure.blocks,
            uploaded_by_id=getattr(actor, "id", None),
            aus=[Cmi5Au(position=i, publisher_id=a.publisher_id, title=a.title, url=a.url, remote=a.remote,
                        launch_method=a.launch_method, move_on=a.move_on, mastery_score=a.mastery_score,
                        launch_parameters=a.launch_parameters, entitlement_key=a.entitlement_key)
                 for i, a in enumerate(structure.aus)])
        db.session.add(version)
        db.session.flush()
    except Exception:
        if new_folder:
            storage.remove(digest)
        raise
    log_action("learning", "import_cmi5", version, f"cmi5 course {version.original_name} imported as version "
               f"{version.number} of lesson {lesson.id} in {course.code} ({len(version.aus)} AUs)", actor=actor)
    return version


def status_of(registration: Cmi5Registration, au: Cmi5Au) -> Cmi5AuStatus:
    """The AU's results in the registration (a row made on first need)."""
    row = db.session.execute(select(Cmi5AuStatus).where(Cmi5AuStatus.registration_id == registration.id,
                                                        Cmi5AuStatus.au_id == au.id)).scalar_one_or_none()
    if row is None:
        row = Cmi5AuStatus(registration_id=registration.id, au_id=au.id, completed=False, passed=False,
                           failed=False, waived=False)
        db.session.add(row)
        db.session.flush()
    return row


def session_of_client(client: Any) -> Cmi5Session | None:
    """The cmi5 session whose fetch URL created this credential, if it is one."""
    if client is None or not getattr(client, "limits", None):
        return None
    return db.session.execute(select(Cmi5Session).where(Cmi5Session.client_id == client.id)).scalar_one_or_none()


def _locked(session_id: int) -> Cmi5Session:
    """The session, read after taking its lock, held until the request commits (a no-op UPDATE locks the row on
    PostgreSQL and takes the write lock on SQLite), so what one batch established is seen by the next."""
    db.session.execute(update(Cmi5Session).where(Cmi5Session.id == session_id)
                       .values(launch_mode=Cmi5Session.launch_mode).execution_options(synchronize_session=False))
    return db.session.execute(select(Cmi5Session).where(Cmi5Session.id == session_id)
                              .execution_options(populate_existing=True)).scalar_one()


def session_state(session: Cmi5Session) -> rules.SessionState:
    registration, au = session.registration, session.au
    status = status_of(registration, au)
    return rules.SessionState(
        agent=agent_key(statements.actor_of(registration.enrolment.employee)),
        activity_id=statements.au_activity_id(au), registration=registration.registration,
        session_id=session.session_id, launch_mode=session.launch_mode, mastery_score=au.mastery_score,
        initialized=session.initialized_at is not None, terminated=session.terminated_at is not None,
        completed=status.completed, passed=status.passed)


def check_statements(batch: list[dict[str, Any]], client: Any) -> list[tuple[Cmi5Session, str, dict[str, Any]]]:
    """Before the LRS stores a batch from a cmi5 session's credential: every statement checked against the cmi5
    rules in order (``rules.RuleBroken``, a 400, refuses the whole batch). Returns (session, verb) for each cmi5
    defined statement, for ``record_statements`` once stored."""
    session = session_of_client(client)
    if session is None:
        return []
    session = _locked(session.id)  # two requests of one session are checked one after the other
    state = session_state(session)
    found = []
    for statement in batch:
        verb = rules.check(statement, state)
        if verb is not None:
            found.append((session, verb, statement))
    return found


def record_statements(accepted: list[Any], *, actor: Any) -> None:
    """After the LRS stored them: what the AU's cmi5 statements establish, then moveOn."""
    now = utcnow()
    for session, verb, statement in accepted:
        status = status_of(session.registration, session.au)
        if verb == "initialized":
            session.initialized_at = now
        elif verb == "terminated":
            session.terminated_at = now
        elif verb == "completed":
            status.completed = True
        elif verb == "passed":
            status.passed = True
            status.score_scaled = _score(statement)
        elif verb == "failed":
            status.failed = True
    if accepted:
        db.session.flush()
        evaluate(accepted[-1][0], actor=actor, now=now)


def _score(statement: dict[str, Any]) -> float | None:
    value = statement.get("result", {}).get("score", {}).get("scaled")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def evaluate(session: Cmi5Session, *, actor: Any, now: Any = None) -> bool:
    """moveOn after a session's statements (see ``evaluate_registration``)."""
    return evaluate_registration(session.registration, session.session_id, actor=actor, now=now)


def evaluate_registration(registration: Cmi5Registration, session_id: str, *, actor: Any, now: Any = None) -> bool:
    """moveOn for the session's registration: each AU satisfied by its moveOn gets its time, each block whose AUs
    are all satisfied and the course when every AU is get the LMS's ``satisfied`` statement (once), and the
    course's satisfaction completes the lesson. Returns whether the course is satisfied."""
    now = now or utcnow()
    version = registration.version
    satisfied: set[str] = set()
    scores: list[float] = []
    for au in version.aus:
        status = status_of(registration, au)
        if rules.au_satisfied(au.move_on, completed=status.completed, passed=status.passed, waived=status.waived):
            satisfied.add(au.publisher_id)
            if status.satisfied_at is None:
                status.satisfied_at = now
                log_action("learning", "cmi5_au_satisfied", status, f"AU {au.publisher_id} satisfied ({au.move_on}) "
                           f"in registration {registration.registration}", actor=actor,
                           subject_employee_id=registration.enrolment.employee_id)
        if status.score_scaled is not None:
            scores.append(status.score_scaled)
    done_blocks = list(registration.satisfied_blocks or [])
    for block in version.blocks or []:
        if block["id"] not in done_blocks and set(block["aus"]) <= satisfied:
            statements.satisfied(registration, session_id, block=block)
            done_blocks.append(block["id"])
    registration.satisfied_blocks = done_blocks
    if registration.satisfied_at is not None:
        return True
    if not {au.publisher_id for au in version.aus} <= satisfied:
        return False
    registration.satisfied_at = now
    statements.satisfied(registration, session_id, block=None)
    log_action("learning", "cmi5_course_satisfied", registration, f"cmi5 course {version.publisher_id} satisfied "
               f"in registration {registration.registration}", actor=actor,
               subject_employee_id=registration.enrolment.employee_id)
    if registration.enrolment.active:  # an enrolment withdrawn meanwhile keeps the result, not a completion
        complete_lesson(registration.enrolment, version.lesson, source="cmi5", actor=actor, now=now,
                        score=round(sum(scores) / len(scores) * 100, 1) if scores else None)
    return True


WAIVE_REASONS = ("Tested Out", "Equivalent AU", "Equivalent Outside Activity", "Administrative")


def waive(registration: Cmi5Registration, au: Cmi5Au, reason: str, *, actor: Any) -> None:
    """Excuse the learner from an AU: the LMS states ``waived`` with the reason, the AU counts as satisfied
    whatever its moveOn, and moveOn is evaluated again (it may satisfy the course)."""
    if reason not in WAIVE_REASONS:
        raise OperationError(_l("Choose why the unit is waived."))
    if au.version_id != registration.version_id:
        raise OperationError(_l("This unit belongs to another version of the course."))
    status = status_of(registration, au)
    if status.waived or status.satisfied_at is not None:
        return
    latest = db.session.execute(select(Cmi5Session).where(Cmi5Session.registration_id == registration.id)
                                .order_by(Cmi5Session.id.desc()).limit(1)).scalar_one_or_none()
    session_id = latest.session_id if latest is not None else registration.registration
    statements.waived(registration, au, reason, session_id)
    status.waived = True
    log_action("learning", "waive_cmi5_au", status, f"AU {au.publisher_id} waived ({reason}) in registration "
               f"{registration.registration}", actor=actor, subject_employee_id=registration.enrolment.employee_id)
    db.session.flush()
    evaluate_registration(registration, session_id, actor=actor)
