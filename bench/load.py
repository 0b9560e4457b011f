"""Throughput under gunicorn (the production configuration) with wrk on loopback, next to a bare floor."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
LOAD_PAGES = [("my home page", "employee", "/"), ("directory search", "hr", "/directory/employees?q=shvili"),
              ("my team", "manager", "/hr/team"), ("catalogue", "employee", "/learn/")]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(target: str, port: int) -> subprocess.Popen:
    env = dict(os.environ, BIND=f"127.0.0.1:{port}", SUITE_ENV="production",
               SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret"), SESSION_COOKIE_SECURE="0",
               RATELIMIT_ENABLED="0", DEMO_PASSWORD="bench-password-2026")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--access-logfile",
                                "/dev/null", target], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health" if "create_app" in target
                                   else f"http://127.0.0.1:{port}/hello", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    _stop(process)
    raise click.ClickException(f"gunicorn did not start for {target}")


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def _cookie(port: int, account: str) -> str:
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


def throughput(seconds: int) -> list[dict]:
    rows = []
    floor_port, suite_port = _free_port(), _free_port()
    floor = _serve("bench.floor:app", floor_port)
    try:
        rows.append({"page": "bare Flask floor", "rps": _wrk(f"http://127.0.0.1:{floor_port}/hello", seconds)})
    finally:
        _stop(floor)
    suite = _serve("app:create_app()", suite_port)
    try:
        for name, account, path in LOAD_PAGES:
            cookie = _cookie(suite_port, account)
            rows.append({"page": name, "rps": _wrk(f"http://127.0.0.1:{suite_port}{path}", seconds, cookie)})
    finally:
        _stop(suite)
    for row in rows:
        click.echo(f"  {row['page']:<32} {row['rps']:8.0f} req/s")
    return rows
