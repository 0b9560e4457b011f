"""``flask reports worker``: run report jobs from the Redis queue (``REDIS_URL``), like ``python worker.py``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

reports_cli = AppGroup("reports", help="Report jobs.")


@reports_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty instead of waiting for more jobs.")
def worker(burst: bool) -> None:
    """Run an RQ worker for the report queue. Each job runs in a child process with its own database session."""
    from flask import current_app

    from reports.jobs import QUEUE, work

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: without Redis, reports run inline and need no worker.")
    click.echo(f"Report worker waiting for jobs on queue {QUEUE!r}")
    work(burst=burst)
