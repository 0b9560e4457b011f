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

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from common.audit import log_action
from common.errors import OperationError
from common.extensions import db
from common.i18n import lazy_gettext as _l
from common.models.base import localized, utcnow
from common.permissions import can_edit_course
from learning.models import Enrolment, Lesson, Section
from learning.operations.progress import complete_lesson
from learning.scorm import importer, navigation, runtime, runtime2004, seq_operations, storage
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
            outline=package.outline, standard=package.standard, sequencing=package.sequencing,
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
    log_action("learning", "import_scorm", version, f"SCORM {package.standard} package {version.original_name} "
               "imported as version "
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
        return "browse" in (self.values.get("cmi.core.lesson_mode"), self.values.get("cmi.mode"))

    @property
    def resumed(self) -> bool:
        return "resume" in (self.values.get("cmi.core.entry"), self.values.get("cmi.entry"))


def launch(sco: Sco, enrolment: Enrolment | None, *, actor: Any = None, now: datetime | None = None) -> Launch:
    """Open ``sco`` for the enrolled learner: continue the open attempt (resumed after ``exit=suspend``) or start
    the next one after a closed attempt; an asset counts as completed once launched. An item whose prerequisites
    are not met is refused, saying what is still needed. Without an enrolment it is a preview, read by the content
    only."""
    now = now or utcnow()
    if enrolment is not None:
        reason = navigation.locked_reason(sco, enrolment)
        if reason:
            raise OperationError(reason)
        if not sco.tracked:
            _record_asset(sco, enrolment, actor=actor, now=now)
    if enrolment is None or not sco.tracked:
        return Launch(sco, None, launch_values(sco, None, preview=enrolment is None))
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
    return Launch(sco, attempt, launch_values(sco, attempt))


def launch_values(sco: Sco, attempt: ScoAttempt | None, *, preview: bool = True) -> dict[str, str]:
    """What the SCO reads at launch: the attempt's stored values (read again by the content origin's wrapper, so a
    launch that first delivered an outbox starts from them), or a preview's (``preview`` False: an asset, which
    the learner opens in normal mode and which records nothing more)."""
    common = {"mastery_score": sco.mastery_score, "launch_data": sco.launch_data,
              "max_time_allowed": sco.max_time_allowed, "time_limit_action": sco.time_limit_action}
    if sco.version.standard == "2004":
        return _launch_values_2004(sco, attempt, preview=preview)
    if attempt is None:
        return runtime.launch_values({}, student_id="preview" if preview else "", credit=False,
                                     student_name="Preview" if preview else "", entry="ab-initio",
                                     total_time="0000:00:00.00", mode="browse" if preview else "normal", **common)
    person = attempt.enrolment.employee
    return runtime.launch_values(
        attempt.cmi or {}, student_id=str(person.id), credit=True, entry=attempt.entry,
        student_name=localized(f"{person.last_name_ka}, {person.first_name_ka}",
                               f"{person.last_name_en}, {person.first_name_en}"),
        total_time=attempt.total_time, mode="normal", **common)


def _launch_values_2004(sco: Sco, attempt: ScoAttempt | None, *, preview: bool) -> dict[str, str]:
    act = seq_operations.definition_of(sco)
    enrolment = attempt.enrolment if attempt is not None else None
    navigation_values = seq_operations.navigation_values(sco.version, enrolment, sco)
    act = act | {"launchData": sco.launch_data, "maxTimeAllowed": "", "timeLimitAction": sco.time_limit_action}
    if attempt is None:
        return runtime2004.launch_values({}, learner_id="preview" if preview else "", credit=False,
                                         learner_name="Preview" if preview else "", entry="ab-initio",
                                         total_time="PT0H0M0S", mode="browse" if preview else "normal",
                                         definition=act, navigation=navigation_values)
    person = attempt.enrolment.employee
    stored = {k: v for k, v in (attempt.cmi or {}).items() if not k.startswith("adl.nav.")}
    return runtime2004.launch_values(
        stored, learner_id=str(person.id), credit=True, entry=attempt.entry,
        total_time=runtime2004.interval(runtime2004.centiseconds(attempt.total_time)),
        learner_name=localized(f"{person.last_name_ka}, {person.first_name_ka}",
                               f"{person.last_name_en}, {person.first_name_en}"),
        mode="normal", definition=act, navigation=navigation_values)


def _record_asset(sco: Sco, enrolment: Enrolment, *, actor: Any, now: datetime) -> None:
    """An asset has no run-time API to report with: launching it is completing it (SCORM 1.2 CAM 2.3.2.3)."""
    if not enrolment.active:
        raise OperationError(_l("This enrolment is not active."))
    if enrolment.state == "assigned":
        enrolment.state, enrolment.started_at = "in_progress", enrolment.started_at or now
    attempt = latest_attempt(enrolment, sco)
    if attempt is not None and attempt.done:
        return
    cmi = seq_operations.record_asset_values() if sco.version.standard == "2004" else \
        {"cmi.core.lesson_status": "completed"}
    attempt = ScoAttempt(enrolment_id=enrolment.id, sco_id=sco.id, number=1, started_at=now, updated_at=now,
                         finished_at=now, closed=True, sessions=1, lesson_status="completed", entry="", cmi=cmi)
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:  # launched in another tab at the same moment: that launch recorded it
        return
    log_action("learning", "complete_scorm_asset", attempt, f"Asset {sco.identifier} of lesson "
               f"{sco.version.lesson_id} launched (completed)", actor=actor, subject_employee_id=enrolment.employee_id)
    if sco.version.standard == "2004":
        db.session.flush()
        seq_operations.after_session(attempt, "_none_", actor=actor, now=now)
    else:
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
    """Store one entry of the player's journal, idempotently.

    ``payload`` = {kind, page, seq, start, values, calls}: ``page`` names the player's page load (one session),
    ``values`` are that session's values number ``start`` onwards. The same entry delivered twice (a beacon, then
    the outbox on the next launch) stores nothing twice, and a session ends (time added, sessions counted) once.
    Values the server has not seen before ``start`` are missing: the session is then recorded as incomplete,
    never completed, passed or failed from what is left (an old player or a damaged outbox cannot turn a failed
    quiz into a completed course).
    """
    now = now or utcnow()
    if not attempt.enrolment.active:
        raise OperationError(_l("This enrolment is not active."))
    kind = payload.get("kind") if payload.get("kind") in ("commit", "finish", "close") else "commit"
    page = str(payload.get("page") or "")[:32]
    start = payload.get("start") if isinstance(payload.get("start"), int) and payload["start"] >= 0 else None
    pairs = payload.get("values") if isinstance(payload.get("values"), list) else []
    calls = payload.get("calls") if isinstance(payload.get("calls"), list) else []
    dropped = payload.get("dropped") if isinstance(payload.get("dropped"), int) else 0
    stored, ended = _page_state(attempt, page)
    entry = ScoCommit(attempt=attempt, received_at=now, kind=kind, page=page, start=start,
                      stop=None if start is None else start + len(pairs), accepted=[], rejected=[],
                      calls=[_call(c) for c in calls[:MAX_CALLS]],
                      calls_dropped=max(0, len(calls) - MAX_CALLS) + max(0, dropped))
    db.session.add(entry)
    entry.gap = start is None or start > stored
    if not entry.gap:
        pairs = pairs[stored - start:]  # what came before was stored by an earlier delivery
    ends = kind != "commit" and ended != "finish" and not (kind == "close" and ended)
    if not pairs and not ends:
        entry.superseded = True  # delivered again: everything it carries is stored
        db.session.flush()
        return entry
    attempt.sync_page, attempt.sync_seq = page, entry.stop or 0
    values = dict(attempt.cmi or {})
    sco = attempt.sco
    if sco.version.standard == "2004":
        return _record_2004(attempt, entry, values, pairs, ends, first=not ended, now=now, actor=actor)
    entry.accepted, entry.rejected = runtime.apply(values, pairs)
    if ends:
        _end_session(attempt, values, kind, entry.gap, first=not ended, now=now, actor=actor)
    attempt.cmi = values
    attempt.lesson_status = values.get("cmi.core.lesson_status", "not attempted")
    attempt.score_raw = _number(values.get("cmi.core.score.raw"))
    attempt.score_min = _number(values.get("cmi.core.score.min"))
    attempt.score_max = _number(values.get("cmi.core.score.max"))
    attempt.updated_at = now
    db.session.flush()
    if attempt.lesson_status in DONE_STATUSES and sco.tracked:
        _complete_lesson_if_done(attempt, actor=actor, now=now)
    return entry


def _record_2004(attempt: ScoAttempt, entry: ScoCommit, values: dict[str, str], pairs: list[Any], ends: bool, *,
                 first: bool, now: datetime, actor: Any) -> ScoCommit:
    """A SCORM 2004 commit: the values checked by the 2004 data model; at Terminate (or the page closing) the
    session ends and the sequencer takes its turn (``seq_operations``)."""
    entry.accepted, entry.rejected = runtime2004.apply(values, pairs)
    request = "_none_"
    if ends:
        request = seq_operations.end_session(attempt, values, entry.kind, entry.gap, first=first, now=now,
                                             actor=actor)
    attempt.cmi = values
    seq_operations.summarise(attempt, values)
    attempt.updated_at = now
    db.session.flush()
    if ends:
        seq_operations.after_session(attempt, request, actor=actor, now=now)
    return entry


def _page_state(attempt: ScoAttempt, page: str) -> tuple[int, str]:
    """How many of a session's values are stored, and how it ended ("finish", "close" or "")."""
    if not attempt.id or not page:
        return 0, ""
    rows = db.session.execute(select(ScoCommit.kind, func.max(ScoCommit.stop)).where(
        ScoCommit.attempt_id == attempt.id, ScoCommit.page == page, ScoCommit.gap.is_(False),
        ScoCommit.superseded.is_(False)).group_by(ScoCommit.kind)).all()
    stored = max((stop or 0 for _kind, stop in rows), default=0)
    kinds = {kind for kind, _stop in rows}
    return stored, "finish" if "finish" in kinds else "close" if "close" in kinds else ""


def _end_session(attempt: ScoAttempt, values: dict[str, str], kind: str, gap: bool, *, first: bool,
                 now: datetime, actor: Any) -> None:
    """LMSFinish or the page closing: time added and the session counted once per page load (a tab that closes
    sends its close more than once); LMSFinish's rules applied only when no value of the session is missing."""
    sco = attempt.sco
    end = runtime.end_session(values, attempt.total_time, finished=kind == "finish" and not gap,
                              mastery_score=sco.mastery_score, credit=True)
    if gap:
        values["cmi.core.lesson_status"] = "incomplete"
    if first:
        attempt.total_time, attempt.sessions = end.total_time, attempt.sessions + 1
    attempt.entry, attempt.exit_mode, attempt.finished_at = end.entry, end.exit, now
    attempt.closed = kind == "finish" and not gap and end.exit != "suspend" and \
        end.status in ("completed", "passed", "failed")
    missing = " with values missing: recorded as incomplete" if gap else ""
    log_action("learning", "end_scorm_session", attempt, f"SCO {sco.identifier}, attempt {attempt.number}: "
               f"session ended ({kind}){missing}, status {values.get('cmi.core.lesson_status')}, score "
               f"{values.get('cmi.core.score.raw') or '-'}, exit {end.exit or '-'}", actor=actor,
               subject_employee_id=attempt.enrolment.employee_id)


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
