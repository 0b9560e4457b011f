"""gunicorn with the production configuration (``deploy/gunicorn.conf.py``) serving the benchmark's bare page
(``bench.floor``, ``/hello``), for the tests of how its workers come and go."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.load import free_port, stop_server

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "gunicorn.conf.py"


@contextmanager
def floor_server(log: Path, args: str) -> Iterator[int]:
    """Start the server with the command-line ``args`` on top of the configuration, its output in ``log``; yield its
    port (it may still be starting), then stop it as the benchmark stops its servers (``bench.load.stop_server``)."""
    port = free_port()
    env = dict(os.environ, BIND=f"127.0.0.1:{port}", GUNICORN_CMD_ARGS=args)
    with log.open("w") as stream:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(CONF), "bench.floor:app"], cwd=ROOT,
                                  env=env, stdout=stream, stderr=stream, start_new_session=True)
    try:
        yield port
    finally:
        stop_server(server)
