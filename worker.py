"""The report worker's entry module: the one place, besides ``app.py``, that joins the application and its jobs.

Report jobs live in ``reports.jobs``; building an application for a process that has none belongs here, so that
``reports`` never imports ``app`` (which imports ``reports``). Two ways to start a worker, both on ``REDIS_URL``:

    flask --app app reports worker [--burst]     # the Flask CLI (its app context is inherited by each job)
    python worker.py [--burst]                   # the same, without the Flask CLI (e.g. a systemd unit)

A bare ``rq worker reports`` also works: each job then calls ``run_job`` below, which builds the app itself.
"""

from __future__ import annotations

import argparse
import logging

from flask import has_app_context

from app import create_app
from reports import jobs

# A worker renders PDFs and exports, never a dashboard: without Dash and Plotly it starts about 50 MB lighter.
WORKER_CONFIG = {"MOUNT_DASHBOARDS": False}


def run_job(job_id: int) -> None:
    """What the queue calls (``reports.jobs.ENTRY_POINT``): run the job in the current app, or in a new one."""
    if has_app_context():
        jobs.run_job(job_id)
        return
    with create_app(WORKER_CONFIG).app_context():
        jobs.run_job(job_id)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run report jobs from the Redis queue (REDIS_URL).")
    parser.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    with create_app(WORKER_CONFIG).app_context():
        jobs.work(burst=arguments.burst)


if __name__ == "__main__":
    main()
