"""A report job's progress page and its file: for the job's owner only."""

from __future__ import annotations

from flask import abort, render_template, send_file
from flask_login import current_user
from werkzeug.wrappers import Response

from common.audit import log_access
from common.extensions import db
from common.permissions import can_view_job, require
from reports import bp
from reports import jobs as job_ops
from reports.models import Job


def _own_job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or not can_view_job(current_user, job):
        abort(404)  # another person's job does not exist, as far as this user can tell
    return job


@bp.route("/jobs/<int:job_id>")
@require("signed_in")
def job(job_id: int) -> str:
    job = _own_job(job_id)
    job_ops.reconcile(job)
    return render_template("reports/job.html", job=job, has_file=job_ops.result_file(job) is not None)


@bp.route("/jobs/<int:job_id>/file")
@require("signed_in")
def job_file(job_id: int) -> Response:
    """The file, for its owner while they may still read what it holds; every download is logged."""
    job = _own_job(job_id)
    if not job_ops.may_download(job, current_user):
        abort(404)
    path = job_ops.result_file(job) or abort(404)
    log_access("reports", job, f"Downloaded the file of report job {job.id} ({job.kind}, {job.parameters})",
               subject_employee_id=None)
    return send_file(path, as_attachment=True, download_name=job.result_name or path.name, max_age=0)
