"""Throughput under gunicorn (the production configuration) with wrk on loopback, next to three references.

In the same run and with the same gunicorn configuration: the bare Flask floor (``bench.floor``), a
bare Flask-SQLAlchemy page and the same page on the raw driver (``bench.reference``), then the suite's
key pages, then the floor and the references again (their mean is the yardstick). Each page is then
judged against its target: a light signed-in page (home, the dashboard shell) serves at least 30 % of
the floor; any other key page at least 50 % of the ORM reference, or else spends at most 6 ms of the
application's CPU per request (measured in-process by ``bench.run``).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
# The key pages measured under load, by their names in ``bench.run.PAGES`` (same accounts, same URLs).
LIGHT_PAGES = ("home", "HR dashboard page")
LOAD_PAGES = (*LIGHT_PAGES, "directory search", "my team", "catalogue", "directory unit", "employee profile",
              "appraisal form", "indicator page", "approval queue", "my courses", "audit log")
FLOOR, ORM_REFERENCE = "bare Flask floor", "ORM reference"
SHARE_OF_FLOOR, SHARE_OF_ORM, CPU_LIMIT_MS, WORKER_LIMIT_MB = 0.3, 0.5, 6.0, 250.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(target: str, port: int, ready: str = "/hello") -> subprocess.Popen:
    env = dict(os.environ, BIND=f"127.0.0.1:{port}", SUITE_ENV="production",
               SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret"), SESSION_COOKIE_SECURE="0",
               RATELIMIT_ENABLED="0", DEMO_PASSWORD="bench-password-2026")
    # The server's own log (worker starts, restarts, errors) is kept, for the message of a failed run.
    with tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False) as log:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
                                    "--access-logfile", "/dev/null", target], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    process.log_path = log.name  # type: ignore[attr-defined]
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{ready}", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise click.ClickException(f"gunicorn did not start for {target}{_log_tail(log.name)}")


def stop_server(process: subprocess.Popen) -> None:
    """Stop a server as a service manager does: SIGTERM to the master, which stops its workers.

    A worker forked at that very moment (replacing one that reached ``max_requests``) still has the master's signal
    handlers and loses the signal; the master kills it once ``graceful_timeout`` (30 s) has passed, which once made
    a run fail while waiting 30 s. So the wait is longer, and only a server still there after it is killed."""
    process.terminate()
    try:
        process.wait(timeout=45)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _log_tail(path: str, lines: int = 40) -> str:
    """The end of a server's log, to follow an error message."""
    text = Path(path).read_text(errors="replace").splitlines()[-lines:]
    return f"\n-- the server's log ({path}) ends:\n" + "\n".join(text) if text else ""


@contextmanager
def _serving(target: str, port: int, ready: str = "/hello") -> Iterator[subprocess.Popen]:
    """A server for the block; a failure in it (a reset connection, failed responses) is reported with the end
    of the server's log, which says whether a worker died or was restarted meanwhile."""
    process = _serve(target, port, ready)
    try:
        yield process
    except Exception as error:
        raise click.ClickException(f"{type(error).__name__}: {error}{_log_tail(process.log_path)}") from error
    finally:
        stop_server(process)
        Path(process.log_path).unlink(missing_ok=True)


def _cookie(port: int, account: str) -> str:
    """The signed-in session cookie of ``account``."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{port}/auth/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"email": f"{account}@demo.gov.ge", "password": "bench-password-2026",
                                   "csrf_token": token}).encode()
    opener.open(f"http://127.0.0.1:{port}/auth/login", data=data)
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def _wrk(url: str, seconds: int, cookie: str | None = None) -> float:
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise click.ClickException(f"{url}: {non_2xx.group(1)} failed responses under load")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def _worker_peak_mb(master: subprocess.Popen) -> float | None:
    """The largest peak resident memory (VmHWM) among the master's workers; shared pages count in full."""
    peaks = []
    for child in Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split():
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            continue  # a worker that has just been recycled
        peaks += [int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")]
    return max(peaks, default=None)


def _references(seconds: int) -> dict[str, float]:
    """Requests per second of the bare floor and the reference pages, each on its own server."""
    from bench.reference import PAGES as REFERENCES

    measured = {}
    floor_port, reference_port = free_port(), free_port()
    with _serving("bench.floor:app", floor_port):
        measured[FLOOR] = _wrk(f"http://127.0.0.1:{floor_port}/hello", seconds)
    with _serving("bench.reference:app", reference_port):
        for name, path in REFERENCES.items():
            measured[name] = _wrk(f"http://127.0.0.1:{reference_port}{path}", seconds)
    return measured


def throughput(seconds: int, pages: list[tuple[str, str, str]]) -> list[dict]:
    """Requests per second of the floor, the references and ``pages`` ((name, account, path) each).

    The floor and the references are measured before the pages and again after them, and their mean is what the
    pages are compared with: on a shared virtual machine the same server's throughput drifted by up to half within
    minutes, and a yardstick measured once, at one end, judged the pages by that moment's speed."""
    before = _references(seconds)
    rows, suite_port = [], free_port()
    with _serving("app:create_app()", suite_port, "/health") as suite:
        for name, account, path in pages:
            cookie = _cookie(suite_port, account)
            rows.append({"page": name, "kind": "light" if name in LIGHT_PAGES else "page", "url": path,
                         "rps": _wrk(f"http://127.0.0.1:{suite_port}{path}", seconds, cookie)})
        peak = _worker_peak_mb(suite)
    after = _references(seconds)
    references = [{"page": name, "kind": "floor" if name == FLOOR else "reference",
                   "rps": (rps + after[name]) / 2, "rps_before": rps, "rps_after": after[name]}
                  for name, rps in before.items()]
    rows = references + rows
    if peak is not None:
        rows.append({"page": "web worker's peak memory", "kind": "memory", "mb": peak, "met": peak <= WORKER_LIMIT_MB})
    return rows


def judge(rows: list[dict], pages: list[dict]) -> list[dict]:
    """Add to each suite row its shares of the floor and the ORM reference, its application CPU and verdict."""
    rps = {row["page"]: row["rps"] for row in rows if "rps" in row}
    cpu = {row["page"]: row.get("cpu_ms") for row in pages}
    for row in rows:
        if "rps" not in row:
            continue
        row["floor_share"] = row["rps"] / rps[FLOOR]
        row["orm_share"] = row["rps"] / rps[ORM_REFERENCE]
        row["cpu_ms"] = cpu.get(row["page"])
        if row["kind"] == "light":
            row["met"] = row["floor_share"] >= SHARE_OF_FLOOR
        elif row["kind"] == "page":
            row["met"] = row["orm_share"] >= SHARE_OF_ORM or (row["cpu_ms"] is not None
                                                               and row["cpu_ms"] <= CPU_LIMIT_MS)
        mark = {True: " ✓", False: " ✗"}.get(row.get("met"), "")
        app_cpu = "" if row["cpu_ms"] is None else f"  app CPU {row['cpu_ms']:5.1f} ms"
        click.echo(f"  {row['page']:<32} {row['rps']:8.0f} req/s  {row['floor_share']:4.0%} of the floor  "
                   f"{row['orm_share']:5.0%} of the ORM reference{app_cpu}{mark}")
    for row in rows:
        if row["kind"] == "memory":
            click.echo(f"  {row['page']:<32} {row['mb']:8.0f} MB{' ✓' if row['met'] else ' ✗'}")
    return rows
