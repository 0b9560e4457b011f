"""A gunicorn worker that ends normally skips Python's teardown (``deploy/gunicorn.conf.py``, ``worker_exit``), and
still closes what must be closed; one that ends with an error exits as gunicorn makes it."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.deploy.floor_server import CONF, ROOT, floor_server

WORKER = """
import atexit, os, runpy, sys
conf = runpy.run_path({conf!r})
out = {out!r}

class App:
    extensions = {{"before_exit": lambda: open(out, "a").write("closed\\n")}}

class Server:
    class app:
        @staticmethod
        def wsgi():
            return App()

atexit.register(lambda: open(out, "a").write("atexit\\n"))

class Teardown:
    def __init__(self):
        self.write, self.fd = os.write, os.open(out, os.O_WRONLY | os.O_APPEND | os.O_CREAT)

    def __del__(self):  # runs only if the interpreter is torn down (its own references: globals may be gone)
        self.write(self.fd, b"teardown\\n")

kept = Teardown()
try:
    sys.exit({code})
finally:
    conf["worker_exit"](Server, None)
"""


def _run_worker(tmp_path: Path, code: int) -> tuple[int, list[str]]:
    out = tmp_path / f"exit-{code}.txt"
    script = WORKER.format(conf=str(CONF), out=str(out), code=code)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=60)
    return result.returncode, out.read_text().split() if out.exists() else []


def test_a_worker_ending_normally_closes_its_connections_runs_atexit_and_skips_the_teardown(tmp_path):
    code, happened = _run_worker(tmp_path, 0)
    assert code == 0
    assert happened == ["closed", "atexit"]  # no "teardown": the objects were never deallocated one by one


def test_a_worker_ending_with_an_error_keeps_its_exit_status_for_the_master(tmp_path):
    """gunicorn stops the server when a worker cannot boot (status 3): that status must reach the master."""
    code, happened = _run_worker(tmp_path, 3)
    assert code == 3
    assert "closed" not in happened and "atexit" in happened


def test_gunicorn_replaces_workers_that_reached_max_requests_and_keeps_serving(tmp_path):
    log = tmp_path / "gunicorn.log"
    with floor_server(log, "--workers 1 --threads 1 --max-requests 3 --max-requests-jitter 0") as port:
        bodies = []
        deadline = time.monotonic() + 60
        while len(bodies) < 10 and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/hello", timeout=5) as response:
                    bodies.append(response.read())
            except OSError:
                time.sleep(0.1)  # starting
        assert bodies == [b"hello"] * 10
    text = log.read_text()
    assert len(re.findall(r"Booting worker", text)) >= 3, text  # 10 requests at 3 a worker
    assert "Exception during worker exit" not in text, text
