"""``flask reports worker``: run report jobs from the Redis queue (``REDIS_URL``)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

reports_cli = AppGroup("reports", help="Report jobs.")


@reports_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty instead of waiting for more jobs.")
def worker(burst: bool) -> None:
    """Run an RQ worker for the report queue. Each job runs in a child process with its own database session."""
    from rq import Queue, Worker

    from reports.jobs import QUEUE, redis_connection

    connection = redis_connection()
    if connection is None:
        raise click.ClickException("REDIS_URL is not set: without Redis, reports run inline and need no worker.")
    click.echo(f"Report worker waiting for jobs on queue {QUEUE!r}")
    Worker([Queue(QUEUE, connection=connection)], connection=connection).work(burst=burst)
