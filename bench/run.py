"""``python -m bench.run``: server time and SQL queries per key page, throughput against a bare floor.

Server time is the wall time of a request handled in-process (Flask test client: routing, views,
queries, templates), so it excludes the network but includes everything the suite does. Throughput
runs gunicorn with ``deploy/gunicorn.conf.py`` under ``wrk`` on loopback, next to ``bench.floor``.
"""

from __future__ import annotations

import platform
import re
import statistics
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy import event, func, select

from bench.data import BENCH_PASSWORD, bench_app
from bench.load import throughput

RESULTS = Path(__file__).with_name("RESULTS.md")
PAGE_TARGET_MS, CALLBACK_TARGET_MS, QUERY_LIMIT = 100, 300, 20


def _ids() -> dict[str, int]:
    from common.extensions import db
    from common.models import Employee, OrgUnit, User

    mof = db.session.execute(select(OrgUnit).where(OrgUnit.code == "MOF")).scalar_one()
    manager = db.session.execute(select(User).where(User.email == "manager@demo.gov.ge")).scalar_one()
    person = db.session.execute(select(Employee.id).where(Employee.manager_id == manager.employee_id)).scalars().first()
    division = db.session.execute(select(Employee.org_unit_id).where(Employee.id == manager.employee_id)).scalar_one()
    biggest = db.session.execute(select(OrgUnit.id).where(OrgUnit.depth == 0).order_by(func.length(OrgUnit.path)))
    return {"mof": mof.id, "person": person, "division": division, "top": biggest.scalars().first()}


# (name, account, url from ids). Extended as the modules land.
PAGES: list[tuple[str, str, Callable[[dict[str, int]], str]]] = [
    ("directory index", "hr", lambda i: "/directory/"),
    ("directory search", "hr", lambda i: "/directory/employees?q=shvili&sort=-position"),
    ("directory unit", "hr", lambda i: f"/directory/units/{i['mof']}"),
    ("org chart", "hr", lambda i: f"/directory/units/{i['mof']}/chart"),
    ("employee profile", "hr", lambda i: f"/directory/employees/{i['person']}"),
    ("staff export (ministry CSV)", "hr", lambda i: f"/directory/employees/export.csv?unit={i['mof']}"),
    ("audit log", "auditor", lambda i: "/audit/"),
    ("home", "employee", lambda i: "/"),
]


def _sign_in(app, account: str):
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/auth/login", data={"email": f"{account}@demo.gov.ge", "password": BENCH_PASSWORD,
                                                "csrf_token": token})
    assert response.status_code == 302, f"sign-in as {account} failed"
    return client


def measure_pages(app, repeat: int) -> list[dict]:
    from common.extensions import db

    rows = []
    with app.app_context():
        ids = _ids()
        engine = db.engine
    clients: dict[str, object] = {}
    for name, account, url_for_ids in PAGES:
        client = clients.setdefault(account, _sign_in(app, account))
        url = url_for_ids(ids)
        statements: list[str] = []

        def count(*_args, _statements=statements) -> None:
            _statements.append("q")

        for _ in range(3):
            client.get(url)
        times = []
        for _ in range(repeat):
            statements.clear()
            event.listen(engine, "before_cursor_execute", count)
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            event.remove(engine, "before_cursor_execute", count)
            assert response.status_code == 200, f"{url}: {response.status_code}"
        times.sort()
        rows.append({"page": name, "url": url, "median": statistics.median(times),
                     "p95": times[max(0, int(len(times) * 0.95) - 1)], "queries": len(statements)})
        click.echo(f"  {name:<32} p50 {rows[-1]['median']:7.1f} ms  p95 {rows[-1]['p95']:7.1f} ms  "
                   f"{len(statements)} queries")
    return rows


def _dataset(app) -> str:
    from common.extensions import db
    from common.models import Employee, OrgUnit

    with app.app_context():
        staff = db.session.execute(select(func.count()).select_from(Employee)).scalar_one()
        units = db.session.execute(select(func.count()).select_from(OrgUnit)).scalar_one()
        return f"{staff:,} employees, {units:,} org units ({db.engine.dialect.name})"


def write_results(dataset: str, pages: list[dict], load: list[dict] | None) -> None:
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True,
                         text=True).stdout.strip()
    lines = [f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {dataset}", "",
             f"Machine: {platform.node()}, {cpu}, Python {platform.python_version()}.", "",
             "| page | p50 ms | p95 ms | target p95 | queries (≤ 20) |", "|---|---:|---:|---:|---:|"]
    for row in pages:
        ok = "✓" if row["p95"] <= PAGE_TARGET_MS else "✗"
        lines.append(f"| {row['page']} | {row['median']:.1f} | {row['p95']:.1f} | {PAGE_TARGET_MS} {ok} | "
                     f"{row['queries']} |")
    if load:
        lines += ["", "| throughput (gunicorn, wrk) | req/s | share of bare floor (target ≥ 30%) |", "|---|---:|---:|"]
        floor = next(r["rps"] for r in load if r["page"] == "bare Flask floor")
        for row in load:
            lines.append(f"| {row['page']} | {row['rps']:.0f} | {row['rps'] / floor:.0%} |")
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    head, _, rest = previous.partition("\n")
    RESULTS.write_text(head + "\n\n" + "\n".join(lines) + "\n" + rest, encoding="utf-8")


@click.command()
@click.option("--repeat", default=30, show_default=True, help="Timed requests per page.")
@click.option("--load/--no-load", default=True, help="Also measure throughput under gunicorn and wrk.")
@click.option("--seconds", default=10, show_default=True, help="Duration of each throughput run.")
def main(repeat: int, load: bool, seconds: int) -> None:
    app = bench_app()
    dataset = _dataset(app)
    click.echo(f"Pages on {dataset}:")
    pages = measure_pages(app, repeat)
    load_rows = throughput(seconds) if load else None
    write_results(dataset, pages, load_rows)
    click.echo(f"Results written to {RESULTS}")


if __name__ == "__main__":
    main()
