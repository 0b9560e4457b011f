"""``python -m bench.run``: server time and SQL queries per key page, throughput against a bare floor.

Server time is the wall time of a request handled in-process (Flask test client: routing, views,
queries, templates), so it excludes the network but includes everything the suite does. Throughput
runs gunicorn with ``deploy/gunicorn.conf.py`` under ``wrk`` on loopback, next to ``bench.floor``.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable

import click
from sqlalchemy import event, func, select

from bench import results
from bench.bulk import bulk_work
from bench.data import BENCH_PASSWORD, bench_app
from bench.load import throughput

PAGE_TARGET_MS, CALLBACK_TARGET_MS = 100, 300
# Downloads grow with what they hold (a ministry's whole staff list): measured, but not a page to hold to 100 ms.
DOWNLOADS = {"staff export (ministry CSV)"}


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
    from reports.learning_figures import unit_choices

    def first(query):
        return db.session.execute(query).scalars().first()

    employee = first(select(User.employee_id).where(User.email == "employee@demo.gov.ge"))
    hr = first(select(User).where(User.email == "hr@demo.gov.ge"))
    learning = first(select(User).where(User.email == "learning@demo.gov.ge"))
    busiest = (select(Indicator.id).join(DataValue, DataValue.indicator_id == Indicator.id).group_by(Indicator.id)
               .order_by(func.count().desc(), Indicator.id))
    # The HR officer's ministry's current cycle, the one the demo made (the national volumes add newer ids,
    # and a second current cycle there for the other employment types), and the employee's appraisal in it.
    ministry = hr.roles[0].org_unit_id
    current = (select(AppraisalCycle.id).where(AppraisalCycle.root_unit_id == ministry)
               .order_by(AppraisalCycle.period_end.desc(), AppraisalCycle.id))
    return {"cycle": first(current),
            "appraisal": first(select(Appraisal.id).join(AppraisalCycle, Appraisal.cycle_id == AppraisalCycle.id)
                               .where(Appraisal.employee_id == employee)
                               .order_by(AppraisalCycle.period_end.desc(), Appraisal.cycle_id)),
            # The strategy with the most indicators and the indicator with the most values: the busiest pages an
            # analyst opens (the demo's first strategy is the smallest at national scale).
            "document": first(select(Indicator.document_id).group_by(Indicator.document_id)
                              .order_by(func.count().desc(), Indicator.document_id))
            or first(select(PolicyDocument.id).order_by(PolicyDocument.id)),
            "indicator": first(busiest) or first(select(Indicator.id).order_by(Indicator.id)),
            "hr_unit": default_unit_id(hr), "year": year_choices()[0],
            "learning_unit": unit_choices(learning)[0][0]}  # what the learning dashboard opens with


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
        "changedPropIds": [], "state": [{"id": "url", "property": "search", "value": ""}]}),
    ("HR dashboard callback", "hr", lambda i: {
        "output": "hr-content.children", "outputs": {"id": "hr-content", "property": "children"},
        "inputs": [{"id": "hr-unit", "property": "value", "value": i["hr_unit"]},
                   {"id": "hr-year", "property": "value", "value": i["year"]}],
        "changedPropIds": ["hr-unit.value"], "state": []}),
    ("M&E dashboard callback", "approver", lambda i: {
        "output": "me-content.children", "outputs": {"id": "me-content", "property": "children"},
        "inputs": [{"id": f"me-{name}", "property": "value", "value": i["document"] if name == "document" else None}
                   for name in ("document", "period", "region", "sex", "status", "agency", "indicator")],
        "changedPropIds": ["me-document.value"], "state": []}),
    ("learning dashboard callback", "learning", lambda i: {
        "output": "learning-content.children", "outputs": {"id": "learning-content", "property": "children"},
        "inputs": [{"id": "learning-unit", "property": "value", "value": i["learning_unit"]}],
        "changedPropIds": ["learning-unit.value"], "state": []}),
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
        target = None if name in DOWNLOADS else PAGE_TARGET_MS
        requests.append((name, url, target, lambda c=client, u=url: c.get(u)))
    for name, account, body_for_ids in CALLBACKS:
        client, body = client_for(account), body_for_ids(ids)
        client.get(f"/dashboards/{account if account == 'learning' else 'hr'}")  # the page hands out the token
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


@click.command()
@click.option("--repeat", default=30, show_default=True, help="Timed requests per page.")
@click.option("--load/--no-load", default=True, help="Also measure throughput under gunicorn and wrk.")
@click.option("--seconds", default=10, show_default=True, help="Duration of each throughput run.")
@click.option("--write/--no-write", default=True, help="Prepend the results to bench/RESULTS.md (off for smoke runs).")
@click.option("--only", default="", help="Measure only the pages and callbacks whose name contains this text.")
@click.option("--bulk/--no-bulk", default=True, help="Also time imports, PDFs and report jobs (on scratch copies).")
@click.option("--xapi/--no-xapi", default=True, help="Also time the xAPI store: statements per second, filtered GETs.")
def main(repeat: int, load: bool, seconds: int, write: bool, only: str, bulk: bool, xapi: bool) -> None:
    from common.extensions import db

    app = bench_app()
    data = results.dataset(app)
    click.echo(f"Pages on {results.describe(data)}:")
    pages = measure_pages(app, repeat, only)
    xapi_rows = None
    if xapi:
        from bench.xapi import measure_xapi

        click.echo("xAPI learning record store:")
        xapi_rows = measure_xapi(app, repeat)
    load_rows = throughput(seconds) if load else None
    bulk_rows = None
    if bulk:
        with app.app_context():
            db.engine.dispose()  # the scratch copy is made from this database, which must be idle
        click.echo("Bulk work:")
        bulk_rows = bulk_work()
    if write:
        results.write(data, pages, load_rows, bulk_rows, xapi_rows)
        click.echo(f"Results written to {results.RESULTS}")


if __name__ == "__main__":
    main()
