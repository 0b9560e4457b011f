"""A freshly forked gunicorn worker's threads may send their first statements at the same moment.

The master (``preload_app``) never sent a date to PostgreSQL, so each worker's driver resolves how to send one on its
first use. psycopg up to 3.3.1 did that without a lock (psycopg issue #1230): two threads of a new worker sending a
date at once could make one of them fail with "cannot adapt type 'date'", a 500 for somebody's home page. It was
seen once in a benchmark run under load, on a worker just started after ``max_requests``. Here a child process is
forked many times, as workers are, and in each its threads send their first date together.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

WORKERS = """
import datetime, os, sys, threading
import psycopg

url, forks, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
failed = 0
for _ in range(forks):
    pid = os.fork()
    if pid == 0:  # a new worker: nothing sent yet; its threads connect, then send their first date together
        connections = [psycopg.connect(url) for _ in range(threads)]
        errors, ready = [], threading.Barrier(threads)
        sys.setswitchinterval(1e-6)

        def first_statement(connection):
            ready.wait()
            try:
                connection.execute("SELECT %s::date, %s::timestamp",
                                   [datetime.date(2026, 12, 7), datetime.datetime(2026, 12, 7, 9)]).fetchone()
            except Exception as error:
                errors.append(error)

        running = [threading.Thread(target=first_statement, args=(c,)) for c in connections]
        for thread in running:
            thread.start()
        for thread in running:
            thread.join()
        for error in errors[:1]:
            print(repr(error), flush=True)
        os._exit(1 if errors else 0)
    failed += os.waitpid(pid, 0)[1] != 0
print(f"{failed} of {forks} workers failed")
sys.exit(1 if failed else 0)
"""


def test_a_new_workers_threads_send_their_first_dates_at_once(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the driver in question is PostgreSQL's: not tested: a new worker's threads sending dates at once")
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    run = subprocess.run([sys.executable, "-c", WORKERS, url, "60", "8"], capture_output=True, text=True,
                         timeout=120, env=os.environ)
    assert run.returncode == 0, run.stdout + run.stderr
