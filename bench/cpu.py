"""What a request costs in CPU: the application's and PostgreSQL's, measured around in-process requests.

The Flask test client runs the request in this process, so the process's CPU time over a request
(``time.process_time``: every thread, nanosecond clock) is the application's: routing, views, the
ORM, templates, and the little the test client adds. PostgreSQL's share is the CPU of the backend
processes serving this process's connections, read from ``/proc/<pid>/schedstat`` (nanoseconds;
``/proc/<pid>/stat`` in clock ticks where the kernel has no schedstat). That needs the database
server on this machine, which the benchmark has; elsewhere the column stays empty.

Wall time alone hid the cost: a page waiting on a slow query and a page burning CPU in templates
look alike in milliseconds but not in how many of them a server can serve.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event

TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def backend_cpu_ms(pid: int) -> float | None:
    """The CPU a PostgreSQL backend has used so far, in ms; None when it is not a local PostgreSQL process."""
    proc = Path(f"/proc/{pid}")
    try:
        if not proc.joinpath("cmdline").read_bytes().startswith(b"postgres"):
            return None  # a server elsewhere: the pid belongs to its machine, not to this one
        try:
            return int(proc.joinpath("schedstat").read_text().split()[0]) / 1e6
        except (OSError, ValueError, IndexError):
            fields = proc.joinpath("stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) * TICK_MS  # utime and stime, fields 14 and 15 of stat
    except OSError:
        return None


class Backends:
    """The PostgreSQL backends behind the connections an engine (or a raw driver) opens from now on."""

    def __init__(self) -> None:
        self.pids: set[int] = set()

    def watch(self, engine) -> Backends:
        """Follow ``engine``'s connections: its pool is emptied, so every connection it uses is seen opening."""
        if engine.dialect.name == "postgresql":
            engine.dispose()
            event.listen(engine, "connect", self.connected)
        return self

    def connected(self, dbapi_connection, _record=None) -> None:
        """Note the backend of a new connection (an engine's connect event, or a raw driver connection)."""
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT pg_backend_pid()")
        row = cursor.fetchone()
        self.pids.add(row["pg_backend_pid"] if isinstance(row, dict) else row[0])  # dict rows on the raw driver
        cursor.close()
        dbapi_connection.rollback()  # leave the connection as the pool or the page expects it: outside a transaction

    def snapshot(self) -> dict[int, float | None]:
        return {pid: backend_cpu_ms(pid) for pid in self.pids}

    def since(self, before: dict[int, float | None]) -> float | None:
        """CPU used by the backends since ``before``; a backend opened in between counts from its start."""
        now = self.snapshot()
        if not now or any(value is None for value in now.values()):
            return None
        return sum(value - (before.get(pid) or 0.0) for pid, value in now.items())


BATCHES = 5


def time_requests(label: str, send: Callable[[], object], repeat: int, engine, backends: Backends) -> dict:
    """Send a request ``repeat`` times in each of ``BATCHES`` batches (after 3 to warm up): wall times over every
    request, queries (``engine``'s), CPU per request.

    The CPU figures are means over a batch's requests, not medians: a cost is what the requests add up to, garbage
    collections and all. The figure given is the cheapest batch's: on a shared virtual machine the same work took
    up to twice the CPU from one minute to the next (a neighbour's load evicts this process's caches), and that
    only ever adds. The mean over every batch is kept beside it (``cpu_mean_ms``), so the spread shows. For the same
    reason the growth from a tenth of the data compares the fastest batch's median wall time (``median_best``): two
    runs minutes apart otherwise compared the machine's two moments as much as the two sizes of data."""
    statements: list[str] = []

    def count(*_args) -> None:
        statements.append("q")

    for _ in range(3):
        send()
    times, batches, databases, medians = [], [], [], []
    for _batch in range(BATCHES):
        cpu, database, batch_times = 0.0, 0.0, []
        for _ in range(repeat):
            statements.clear()
            if engine is not None:
                event.listen(engine, "before_cursor_execute", count)
            database_before = backends.snapshot()
            cpu_before = time.process_time()
            started = time.perf_counter()
            response = send()
            batch_times.append((time.perf_counter() - started) * 1000)
            cpu += (time.process_time() - cpu_before) * 1000
            used = backends.since(database_before)
            database = None if used is None or database is None else database + used
            if engine is not None:
                event.remove(engine, "before_cursor_execute", count)
            assert response.status_code == 200, f"{label}: {response.status_code}"
        times += batch_times
        medians.append(statistics.median(batch_times))
        batches.append(cpu / repeat)
        databases.append(None if database is None else database / repeat)
    times.sort()
    cheapest = batches.index(min(batches))
    return {"median": statistics.median(times), "median_best": min(medians),
            "p95": times[max(0, int(len(times) * 0.95) - 1)], "queries": len(statements),
            "cpu_ms": batches[cheapest], "cpu_mean_ms": statistics.fmean(batches), "pg_cpu_ms": databases[cheapest]}
