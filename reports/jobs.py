"""Report jobs: run inline in the embedded default, on RQ workers when ``REDIS_URL`` is set.

``submit`` records the job and either runs it at once (no Redis: the request waits, as it would have
anyway) or queues it once the request's transaction has committed, so a worker never looks for a row
that is not there yet. Whatever goes wrong ends as a ``failed`` row with a reason the owner can read:
an error in the report, a worker that died (``reconcile``) or a queue that was down.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from flask_babel import force_locale
from sqlalchemy import event, update
from sqlalchemy.orm import Session

from common.audit import log_action
from common.extensions import db
from common.i18n import gettext as _
from common.models.base import utcnow
from common.permissions import can_view_job
from reports.models import DONE, FAILED, QUEUED, RUNNING, Job

log = logging.getLogger(__name__)
QUEUE = "reports"
JOB_TIMEOUT = 3600
Progress = Callable[[int], None]
Runner = Callable[[Job, Progress], tuple[bytes, str]]
RUNNERS: dict[str, Runner] = {}
ENTRY_POINT = "worker.run_job"  # what a worker process calls; see worker.py
# kind -> (job, user) -> may ``user`` still read what the job's file holds (checked again at every download).
READABLE: dict[str, Callable[[Job, Any], bool]] = {}


class ReportError(Exception):
    """A report cannot be produced for a reason its owner should read (already translated)."""


def runner(kind: str) -> Callable[[Runner], Runner]:
    """Register the function that produces the file of a job kind: ``(job, progress) -> (bytes, file name)``."""
    def register(function: Runner) -> Runner:
        RUNNERS[kind] = function
        return function
    return register


def readable(kind: str) -> Callable[[Callable[[Job, Any], bool]], Callable[[Job, Any], bool]]:
    """Register who may download a finished job's file: those who may still read the record it was made from."""
    def register(function: Callable[[Job, Any], bool]) -> Callable[[Job, Any], bool]:
        READABLE[kind] = function
        return function
    return register


def may_download(job: Job, user: Any) -> bool:
    """The job's owner, as long as they may still read what it holds (a role revoked since ends it)."""
    check = READABLE.get(job.kind)
    return can_view_job(user, job) and (check is None or check(job, user))


def results_folder() -> Path:
    folder = Path(current_app.instance_path) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def redis_connection() -> Any | None:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    import redis

    return redis.Redis.from_url(url)


def submit(kind: str, parameters: dict[str, Any], owner: Any) -> Job:
    """Record a job for ``owner``; run it now (embedded) or queue it for a worker (Redis)."""
    if kind not in RUNNERS:
        raise ValueError(f"Unknown report kind {kind!r}")
    job = Job(owner_id=owner.id, kind=kind, parameters=parameters, status=QUEUED, progress=0)
    db.session.add(job)
    db.session.flush()
    log_action("reports", "request_report", job, f"Requested report job {job.id} ({kind}, {parameters})",
               actor=owner)
    if current_app.config.get("REDIS_URL"):
        db.session.info.setdefault("reports_enqueue", []).append(job.id)
    else:
        _run(job, commit=False)
    return job


def _run(job: Job, *, commit: bool) -> None:
    """Produce the job's file. ``commit``: a worker commits each step, so the progress page can follow it."""
    def progress(percent: int) -> None:
        job.progress = max(0, min(100, int(percent)))
        if commit:
            db.session.commit()

    job.status, job.started_at, job.progress = RUNNING, utcnow(), 1
    if commit:
        db.session.commit()
    job_id = job.id
    try:
        with force_locale(job.parameters.get("lang") or "ka"):
            if commit:
                content, name = RUNNERS[job.kind](job, progress)
            else:  # inline, inside the request: a failing report rolls back its own writes, not the job row
                with db.session.begin_nested():
                    content, name = RUNNERS[job.kind](job, progress)
    except Exception as error:
        if commit:
            db.session.rollback()
            job = db.session.get(Job, job_id)
        with force_locale(job.parameters.get("lang") or "ka"):
            reason = str(error) if isinstance(error, ReportError) else _(
                "An unexpected error stopped the report (%(kind)s). The administrators can read the details in "
                "the log.", kind=type(error).__name__)
        log.exception("Report job %s (%s) failed", job_id, job.kind)
        _finish(job, FAILED, error=reason[:2000])
        if commit:
            db.session.commit()
            raise
        return
    target = results_folder() / f"{uuid.uuid4().hex}{Path(name).suffix}"
    target.write_bytes(content)
    job.result_path, job.result_name = target.name, name[:255]
    _finish(job, DONE)
    if commit:
        db.session.commit()


def _finish(job: Job, status: str, *, error: str | None = None) -> None:
    job.status, job.error, job.finished_at = status, error, utcnow()
    if status == DONE:
        job.progress = 100


def run_job(job_id: int) -> None:
    """Run job ``job_id`` in the current app context with a fresh database session (``worker.run_job`` gives it one).

    The queue names ``worker.run_job``, not this function: building an app is the worker entry module's job, so that
    the reporting layer never imports the application factory (``app`` imports ``reports``, not the reverse).
    """
    job = db.session.get(Job, job_id)
    if job is None or job.finished:
        return
    _run(job, commit=True)


def work(*, burst: bool = False) -> None:
    """Serve the report queue until stopped (``burst``: until it is empty). Needs an app context and ``REDIS_URL``."""
    from rq import Queue, Worker

    connection = redis_connection()
    if connection is None:
        raise RuntimeError("REDIS_URL is not set: without Redis, reports run inline and need no worker.")
    log.info("Report worker waiting for jobs on queue %r", QUEUE)
    Worker([Queue(QUEUE, connection=connection)], connection=connection).work(burst=burst)


def result_file(job: Job) -> Path | None:
    if job.status != DONE or not job.result_path:
        return None
    path = results_folder() / Path(job.result_path).name
    return path if path.is_file() else None


def reconcile(job: Job) -> None:
    """Mark a queued or running job failed if the queue no longer knows it or says it died (a killed worker)."""
    if job.finished or not current_app.config.get("REDIS_URL"):
        return
    from rq.exceptions import NoSuchJobError
    from rq.job import Job as QueuedJob

    try:
        state = QueuedJob.fetch(rq_id(job.id), connection=redis_connection()).get_status(refresh=True)
    except NoSuchJobError:
        state = "missing"
    except Exception:  # noqa: BLE001 - Redis unreachable: nothing can be concluded now
        return
    state = getattr(state, "value", state)
    if state in ("failed", "stopped", "canceled", "missing") or (state == "finished" and not job.finished):
        db.session.refresh(job)
        if not job.finished:
            _finish(job, FAILED, error=_("The worker stopped before finishing this report. Please ask for it again."))


def rq_id(job_id: int) -> str:
    return f"report-{job_id}"


def _enqueue(job_ids: list[int]) -> None:
    from rq import Queue

    try:
        queue = Queue(QUEUE, connection=redis_connection())
        for job_id in job_ids:
            queue.enqueue(ENTRY_POINT, job_id, job_id=rq_id(job_id), job_timeout=JOB_TIMEOUT,
                          result_ttl=86400, failure_ttl=7 * 86400)
    except Exception:
        log.exception("Could not queue report jobs %s", job_ids)
        with db.engine.begin() as connection:
            connection.execute(update(Job).where(Job.id.in_(job_ids)).values(
                status=FAILED, finished_at=utcnow(), error=_("The report queue is unavailable. Please try later.")))


def init_app(app: Flask) -> None:
    """Queue jobs after the transaction that created them commits; forget them if it rolls back."""
    if event.contains(Session, "after_commit", _after_commit):
        return
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_soft_rollback", _after_rollback)


def _after_commit(session: Session) -> None:
    job_ids = session.info.pop("reports_enqueue", None)
    if job_ids:
        _enqueue(job_ids)


def _after_rollback(session: Session, _previous: Any) -> None:
    session.info.pop("reports_enqueue", None)
