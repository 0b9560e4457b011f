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
    ids = {"mof": mof.id, "person": person, "division": division, "top": biggest.scalars().first()}
    return ids | _module_ids()


def _module_ids() -> dict[str, int]:
    """Ids the module pages need, picked from the demo data through the demo accounts."""
    from common.extensions import db
    from common.models import User
    from hrms.models import Appraisal, AppraisalCycle
    from monitoring.models import DataValue, Indicator, PolicyDocument
    from reports.hr_figures import default_unit_id, year_choices

    def first(query):
        return db.session.execute(query).scalars().first()

    employee = first(select(User.employee_id).where(User.email == "employee@demo.gov.ge"))
    hr = first(select(User).where(User.email == "hr@demo.gov.ge"))
    busiest = (select(Indicator.id).join(DataValue, DataValue.indicator_id == Indicator.id).group_by(Indicator.id)
               .order_by(func.count().desc(), Indicator.id))
    return {"cycle": first(select(AppraisalCycle.id).order_by(AppraisalCycle.id.desc())),
            "appraisal": first(select(Appraisal.id).where(Appraisal.employee_id == employee)
                               .order_by(Appraisal.cycle_id.desc())),
            "document": first(select(PolicyDocument.id).order_by(PolicyDocument.id)),
            "indicator": first(busiest) or first(select(Indicator.id).order_by(Indicator.id)),
            "hr_unit": default_unit_id(hr), "year": year_choices()[0]}


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
    ("my team", "manager", lambda i: "/hr/team"),
    ("HR cycle overview", "hr", lambda i: f"/hr/cycles/{i['cycle']}"),
    ("appraisal form", "employee", lambda i: f"/hr/appraisals/{i['appraisal']}"),
    ("strategy overview", "me", lambda i: f"/me/documents/{i['document']}"),
    ("indicator page", "me", lambda i: f"/me/indicators/{i['indicator']}"),
    ("data-entry grid", "me", lambda i: "/me/entry"),
    ("approval queue", "approver", lambda i: "/me/approvals"),
    ("catalogue", "employee", lambda i: "/learn/"),
    ("my courses", "employee", lambda i: "/learn/my"),
    ("compliance page", "learning", lambda i: "/learn/admin/compliance"),
    ("HR dashboard page", "hr", lambda i: "/dashboards/hr"),
]
# Dash callbacks: (name, account, body from ids), POSTed as the renderer does (JSON, CSRF header).
CALLBACK_URL = "/dashboards/_dash-update-component"
CALLBACKS: list[tuple[str, str, Callable[[dict[str, int]], dict]]] = [
    ("dashboard routing callback", "hr", lambda i: {
        "output": "page.children", "outputs": {"id": "page", "property": "children"},
        "inputs": [{"id": "url", "property": "pathname", "value": "/dashboards/hr"}],
        "changedPropIds": [], "state": []}),
    ("HR dashboard callback", "hr", lambda i: {
        "output": "hr-content.children", "outputs": {"id": "hr-content", "property": "children"},
        "inputs": [{"id": "hr-unit", "property": "value", "value": i["hr_unit"]},
                   {"id": "hr-year", "property": "value", "value": i["year"]}],
        "changedPropIds": ["hr-unit.value"], "state": []}),
]


def _sign_in(app, account: str):
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/auth/login", data={"email": f"{account}@demo.gov.ge", "password": BENCH_PASSWORD,
                                                "csrf_token": token})
    assert response.status_code == 302, f"sign-in as {account} failed"
    return client


def _requests(app, ids: dict[str, int]) -> list[tuple[str, str, int, Callable[[], object]]]:
    """(name, url, target, request) for every page and callback, each on its account's signed-in client."""
    clients: dict[str, object] = {}

    def client_for(account: str):
        return clients.setdefault(account, _sign_in(app, account))

    requests = []
    for name, account, url_for_ids in PAGES:
        client, url = client_for(account), url_for_ids(ids)
        requests.append((name, url, PAGE_TARGET_MS, lambda c=client, u=url: c.get(u)))
    for name, account, body_for_ids in CALLBACKS:
        client, body = client_for(account), body_for_ids(ids)
        client.get("/dashboards/hr")  # the page hands out the token the renderer sends back
        cookie = client.get_cookie("_csrf_token", path="/dashboards/")
        headers = {"X-CSRFToken": cookie.value} if cookie is not None else {}
        requests.append((name, f"POST {CALLBACK_URL}", CALLBACK_TARGET_MS,
                         lambda c=client, b=body, h=headers: c.post(CALLBACK_URL, json=b, headers=h)))
    return requests


def measure_pages(app, repeat: int, only: str = "") -> list[dict]:
    from common.extensions import db

    rows = []
    with app.app_context():
        ids = _ids()
        engine = db.engine
    for name, url, target, send in _requests(app, ids):
        if only.lower() not in name.lower():
            continue
        statements: list[str] = []

        def count(*_args, _statements=statements) -> None:
            _statements.append("q")

        for _ in range(3):
            send()
        times = []
        for _ in range(repeat):
            statements.clear()
            event.listen(engine, "before_cursor_execute", count)
            started = time.perf_counter()
            response = send()
            times.append((time.perf_counter() - started) * 1000)
            event.remove(engine, "before_cursor_execute", count)
            assert response.status_code == 200, f"{name} ({url}): {response.status_code}"
        times.sort()
        rows.append({"page": name, "url": url, "target": target, "median": statistics.median(times),
                     "p95": times[max(0, int(len(times) * 0.95) - 1)], "queries": len(statements)})
        click.echo(f"  {name:<32} p50 {rows[-1]['median']:7.1f} ms  p95 {rows[-1]['p95']:7.1f} ms  "
                   f"{len(statements)} queries")
    return rows


def _dataset(app) -> str:
    """The size of what was measured: the directory, and what the module demo generators produced."""
    from common.extensions import db
    from common.models import Employee, OrgUnit
    from hrms.models import Appraisal
    from learning.models.progress import Enrolment
    from monitoring.models import DataValue, Indicator

    with app.app_context():
        def count(model) -> int:
            return db.session.execute(select(func.count()).select_from(model)).scalar_one()

        return (f"{count(Employee):,} employees, {count(OrgUnit):,} org units, {count(Appraisal):,} appraisals, "
                f"{count(Indicator):,} indicators with {count(DataValue):,} values, "
                f"{count(Enrolment):,} enrolments ({db.engine.dialect.name})")


def write_results(dataset: str, pages: list[dict], load: list[dict] | None) -> None:
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True,
                         text=True).stdout.strip()
    lines = [f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {dataset}", "",
             f"Machine: {platform.node()}, {cpu}, Python {platform.python_version()}.", "",
             "| page | p50 ms | p95 ms | target p95 | queries (≤ 20) |", "|---|---:|---:|---:|---:|"]
    for row in pages:
        ok = "✓" if row["p95"] <= row["target"] else "✗"
        lines.append(f"| {row['page']} | {row['median']:.1f} | {row['p95']:.1f} | {row['target']} {ok} | "
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
@click.option("--write/--no-write", default=True, help="Prepend the results to bench/RESULTS.md (off for smoke runs).")
@click.option("--only", default="", help="Measure only the pages and callbacks whose name contains this text.")
def main(repeat: int, load: bool, seconds: int, write: bool, only: str) -> None:
    app = bench_app()
    dataset = _dataset(app)
    click.echo(f"Pages on {dataset}:")
    pages = measure_pages(app, repeat, only)
    load_rows = throughput(seconds) if load else None
    if write:
        write_results(dataset, pages, load_rows)
        click.echo(f"Results written to {RESULTS}")


if __name__ == "__main__":
    main()
