"""Writes of SCORM lessons: importing a package (a new lesson, or a new version of one), launching a SCO for a
learner, and storing what the player commits, with LMSFinish's rules and the lesson's completion.

Results reach the rest of the module through ``complete_lesson(..., source="scorm")``, the same operation that
records any other lesson, so course completion, the certificate and the ``course_completed`` signal follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.models.base import localized, utcnow
from common.permissions import can_edit_course
from learning.models import Enrolment, Lesson, Section
from learning.operations.progress import complete_lesson
from learning.scorm import importer, navigation, runtime, storage
from learning.scorm.models import DONE_STATUSES, PackageVersion, Sco, ScoAttempt, ScoCommit

MAX_CALLS = 2000  # API calls kept per commit in the journal; the rest are counted


def import_package(section: Section, values: dict[str, Any], data: bytes, filename: str, *,
                   lesson: Lesson | None = None, actor: Any) -> PackageVersion:
    """Check and store a package as a new SCORM lesson of ``section`` or as the next version of ``lesson``.

    Nothing is written (no lesson, no version, no files) unless the whole package passes the importer's checks.
    Earlier versions and the attempts made on them are kept.
    """
    course = section.course
    if actor is not None and not can_edit_course(actor, course):
        raise OperationError(_l("You cannot edit this course."))
    if lesson is not None and (lesson.kind != "scorm" or lesson.section_id != section.id):
        raise OperationError(_l("This lesson is not a SCORM lesson."))
    if not data:
        raise importer.refuse(_l("Choose the package (a .zip file) to upload."))
    package = importer.inspect(data, importer.Limits.from_config())
    if lesson is None:
        lesson = Lesson(section=section, course_id=course.id, kind="scorm",
                        position=max((x.position for x in section.lessons), default=0) + 1,
                        title_ka=(values.get("title_ka") or package.title).strip()[:255],
                        title_en=(values.get("title_en") or package.title).strip()[:255],
                        required=bool(values.get("required", True)))
        db.session.add(lesson)
    digest, new_folder = storage.store(data, package)
    try:
        number = db.session.execute(select(func.max(PackageVersion.number)).where(
            PackageVersion.lesson_id == lesson.id)).scalar() if lesson.id else None
        version = PackageVersion(
            lesson=lesson, number=(number or 0) + 1, digest=digest, identifier=package.identifier,
            title=package.title, original_name=PurePosixPath((filename or "package.zip").replace("\\", "/")).name[:255],
            file_count=len(package.entries), total_size=package.total_size, uploaded_by_id=getattr(actor, "id", None),
            outline=package.outline,
            scos=[Sco(position=i, identifier=s.identifier, resource=s.resource, title=s.title, tracked=s.tracked,
                      launch=s.launch, launch_query=s.launch_query, mastery_score=s.mastery_score,
                      launch_data=s.launch_data, max_time_allowed=s.max_time_allowed,
                      time_limit_action=s.time_limit_action, prerequisites=s.prerequisites)
                  for i, s in enumerate(package.scos)])
        db.session.add(version)
        db.session.flush()
    except Exception:
        if new_folder:
            storage.remove(digest)
        raise
    log_action("learning", "import_scorm", version, f"SCORM package {version.original_name} imported as version "
               f"{version.number} of lesson {lesson.id} in {course.code} ({len(version.scos)} items)", actor=actor)
    return version


def update_lesson(lesson: Lesson, values: dict[str, Any], *, actor: Any) -> Lesson:
    """Rename a SCORM lesson or change whether it is required (its package changes only by a new version)."""
    if actor is not None and not can_edit_course(actor, lesson.course):
        raise OperationError(_l("You cannot edit this course."))
    lesson.title_ka, lesson.title_en = values["title_ka"].strip()[:255], values["title_en"].strip()[:255]
    lesson.required = bool(values.get("required"))
    log_action("learning", "update_lesson", lesson, f"Lesson {lesson.id} (scorm) changed in {lesson.course.code}",
               actor=actor)
    return lesson


@dataclass
class Launch:
    sco: Sco
    attempt: ScoAttempt | None  # None: an editor's preview or an asset (recorded at launch); nothing more is stored
    values: dict[str, str]

    @property
    def preview(self) -> bool:
        return self.values.get("cmi.core.lesson_mode") == "browse"


def launch(sco: Sco, enrolment: Enrolment | None, *, actor: Any = None, now: datetime | None = None) -> Launch:
    """Open ``sco`` for the enrolled learner: continue the open attempt (resumed after ``exit=suspend``) or start
    the next one after a closed attempt; an asset counts as completed once launched. An item whose prerequisites
    are not met is refused, saying what is still needed. Without an enrolment it is a preview, read by the content
    only."""
    now = now or utcnow()
    common = {"mastery_score": sco.mastery_score, "launch_data": sco.launch_data,
              "max_time_allowed": sco.max_time_allowed, "time_limit_action": sco.time_limit_action}
    if enrolment is not None:
        reason = navigation.locked_reason(sco, enrolment)
        if reason:
            raise OperationError(reason)
    if enrolment is not None and not sco.tracked:
        _record_asset(sco, enrolment, actor=actor, now=now)
        return Launch(sco, None, runtime.launch_values({}, student_id=str(enrolment.employee_id), credit=False,
                                                       student_name="", entry="ab-initio",
                                                       total_time="0000:00:00.00", mode="normal", **common))
    if enrolment is None:
        return Launch(sco, None, runtime.launch_values({}, student_id="preview", student_name="Preview", credit=False,
                                                       entry="ab-initio", total_time="0000:00:00.00", mode="browse",
                                                       **common))
    if not enrolment.active:
        raise OperationError(_l("This enrolment is not active."))
    attempt = latest_attempt(enrolment, sco)
    if attempt is None or attempt.closed:
        attempt = ScoAttempt(enrolment_id=enrolment.id, sco_id=sco.id, number=attempt.number + 1 if attempt else 1,
                             started_at=now, updated_at=now, entry="ab-initio", cmi={})
        try:
            with db.session.begin_nested():
                db.session.add(attempt)
        except IntegrityError:  # the same attempt started in another tab at the same moment
            attempt = latest_attempt(enrolment, sco)
        else:
            log_action("learning", "start_scorm_attempt", attempt, f"Attempt {attempt.number} at SCO {sco.identifier} "
                       f"of lesson {sco.version.lesson_id} started", actor=actor,
                       subject_employee_id=enrolment.employee_id)
    if enrolment.state == "assigned":
        enrolment.state, enrolment.started_at = "in_progress", enrolment.started_at or now
    person = enrolment.employee
    values = runtime.launch_values(
        attempt.cmi or {}, student_id=str(person.id), credit=True, entry=attempt.entry,
        student_name=localized(f"{person.last_name_ka}, {person.first_name_ka}",
                               f"{person.last_name_en}, {person.first_name_en}"),
        total_time=attempt.total_time, mode="normal", **common)
    return Launch(sco, attempt, values)


def _record_asset(sco: Sco, enrolment: Enrolment, *, actor: Any, now: datetime) -> None:
    """An asset has no run-time API to report with: launching it is completing it (SCORM 1.2 CAM 2.3.2.3)."""
    if not enrolment.active:
        raise OperationError(_l("This enrolment is not active."))
    if enrolment.state == "assigned":
        enrolment.state, enrolment.started_at = "in_progress", enrolment.started_at or now
    attempt = latest_attempt(enrolment, sco)
    if attempt is not None and attempt.done:
        return
    attempt = ScoAttempt(enrolment_id=enrolment.id, sco_id=sco.id, number=1, started_at=now, updated_at=now,
                         finished_at=now, closed=True, sessions=1, lesson_status="completed", entry="",
                         cmi={"cmi.core.lesson_status": "completed"})
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:  # launched in another tab at the same moment: that launch recorded it
        return
    log_action("learning", "complete_scorm_asset", attempt, f"Asset {sco.identifier} of lesson "
               f"{sco.version.lesson_id} launched (completed)", actor=actor, subject_employee_id=enrolment.employee_id)
    _complete_lesson_if_done(attempt, actor=actor, now=now)


def latest_attempt(enrolment: Enrolment, sco: Sco) -> ScoAttempt | None:
    return db.session.execute(select(ScoAttempt).where(ScoAttempt.enrolment_id == enrolment.id,
                                                       ScoAttempt.sco_id == sco.id)
                              .order_by(ScoAttempt.number.desc()).limit(1)).scalar_one_or_none()


def lock_attempt(attempt_id: int) -> ScoAttempt | None:
    """The attempt, read after taking its lock, held until the request commits: two commits at once (a beacon and
    a fetch) are applied one after the other, never both on the same stale row. The no-op UPDATE locks the row on
    PostgreSQL and takes the write lock on SQLite, which has no SELECT ... FOR UPDATE."""
    db.session.execute(update(ScoAttempt).where(ScoAttempt.id == attempt_id).values(sync_seq=ScoAttempt.sync_seq)
                       .execution_options(synchronize_session=False))
    return db.session.execute(select(ScoAttempt).where(ScoAttempt.id == attempt_id)
                              .execution_options(populate_existing=True)).scalar_one_or_none()


def _number(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


def record_commit(attempt: ScoAttempt, payload: dict[str, Any], *, actor: Any = None,
                  now: datetime | None = None) -> ScoCommit:
    """Store what the player sent: each value checked again here, the session ended on ``finish`` (LMSFinish) or
    ``close`` (the page closed without it), the journal entry written, the lesson completed when every SCO is."""
    now = now or utcnow()
    if not attempt.enrolment.active:
        raise OperationError(_l("This enrolment is not active."))
    kind = payload.get("kind") if payload.get("kind") in ("commit", "finish", "close") else "commit"
    page = str(payload.get("page") or "")[:32]
    seq = payload.get("seq") if isinstance(payload.get("seq"), int) else 0
    calls = payload.get("calls") if isinstance(payload.get("calls"), list) else []
    dropped = payload.get("dropped") if isinstance(payload.get("dropped"), int) else 0
    entry = ScoCommit(attempt=attempt, received_at=now, kind=kind, accepted=[], rejected=[],
                      calls=[_call(c) for c in calls[:MAX_CALLS]],
                      calls_dropped=max(0, len(calls) - MAX_CALLS) + max(0, dropped))
    db.session.add(entry)
    if page and page == attempt.sync_page and seq <= attempt.sync_seq:
        entry.superseded = True  # its values came again, with a later commit already applied
        db.session.flush()
        return entry
    attempt.sync_page, attempt.sync_seq = page, seq
    values = dict(attempt.cmi or {})
    entry.accepted, entry.rejected = runtime.apply(values, payload.get("values"))
    sco = attempt.sco
    if kind != "commit":
        end = runtime.end_session(values, attempt.total_time, finished=kind == "finish",
                                  mastery_score=sco.mastery_score, credit=True)
        attempt.total_time, attempt.entry, attempt.exit_mode = end.total_time, end.entry, end.exit
        attempt.sessions, attempt.finished_at = attempt.sessions + 1, now
        attempt.closed = kind == "finish" and end.exit != "suspend" and end.status in ("completed", "passed", "failed")
        log_action("learning", "end_scorm_session", attempt, f"SCO {sco.identifier}, attempt {attempt.number}: "
                   f"session ended ({kind}), status {end.status}, score {values.get('cmi.core.score.raw') or '-'}, "
                   f"exit {end.exit or '-'}", actor=actor, subject_employee_id=attempt.enrolment.employee_id)
    attempt.cmi = values
    attempt.lesson_status = values.get("cmi.core.lesson_status", "not attempted")
    attempt.score_raw = _number(values.get("cmi.core.score.raw"))
    attempt.score_min = _number(values.get("cmi.core.score.min"))
    attempt.score_max = _number(values.get("cmi.core.score.max"))
    attempt.updated_at = now
    db.session.flush()
    if attempt.lesson_status in DONE_STATUSES:
        _complete_lesson_if_done(attempt, actor=actor, now=now)
    return entry


def _call(call: Any) -> list[Any]:
    """One journal line, bounded: [ms since launch, function, arguments, result, error code]."""
    if not isinstance(call, list):
        return [0, "?", [], "", ""]
    ms, name, args, result, error = (call + [None] * 5)[:5]
    return [ms if isinstance(ms, int) else 0, str(name)[:40], [str(a)[:300] for a in (args or [])][:2] if
            isinstance(args, list) else [], str(result if result is not None else "")[:300], str(error or "")[:8]]


def _complete_lesson_if_done(attempt: ScoAttempt, *, actor: Any, now: datetime) -> None:
    """The lesson is done when every item of the attempt's package version has a completed or passed attempt (an
    asset has one once launched)."""
    version = attempt.sco.version
    items = {sco.id for sco in version.scos}
    rows = db.session.execute(select(ScoAttempt.sco_id, ScoAttempt.cmi).where(
        ScoAttempt.enrolment_id == attempt.enrolment_id, ScoAttempt.sco_id.in_(items),
        ScoAttempt.lesson_status.in_(DONE_STATUSES)).order_by(ScoAttempt.number)).all()
    best: dict[int, float | None] = {}
    for sco_id, cmi in rows:
        best[sco_id] = runtime.score_percent(cmi or {})
    if not items or not items <= set(best):
        return
    scores = [s for s in best.values() if s is not None]
    complete_lesson(attempt.enrolment, version.lesson, source="scorm", actor=actor, now=now,
                    score=round(sum(scores) / len(scores), 1) if scores else None)
