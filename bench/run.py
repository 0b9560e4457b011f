"""``python -m bench.run``: server time, CPU and SQL queries per key page, throughput against references.

Server time is the wall time of a request handled in-process (Flask test client: routing, views,
queries, templates), so it excludes the network but includes everything the suite does. Beside it,
what the request costs: the application's CPU and PostgreSQL's (``bench.cpu``). Two reference pages
(``bench.reference``: one ORM query and a 25-row template, then the same on the raw driver) are
measured the same way. Throughput runs gunicorn with ``deploy/gunicorn.conf.py`` under ``wrk`` on
loopback, next to ``bench.floor`` and the references (``bench.load``).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable

import click
from sqlalchemy import func, select

from bench import results
from bench.bulk import bulk_work
from bench.cpu import Backends, time_requests
from bench.data import BENCH_PASSWORD, bench_app
from bench.load import LOAD_PAGES, judge, throughput

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


def _report(row: dict) -> dict:
    database = "" if row["pg_cpu_ms"] is None else f" + {row['pg_cpu_ms']:5.1f} ms PostgreSQL"
    click.echo(f"  {row['page']:<32} p50 {row['median']:7.1f} ms  p95 {row['p95']:7.1f} ms  "
               f"CPU {row['cpu_ms']:6.1f} ms app{database}  {row['queries']} queries")
    return row


def measure_pages(app, repeat: int, only: str = "") -> list[dict]:
    """Time every page and callback whose name contains ``only``, then the two reference pages."""
    from common.extensions import db

    rows = []
    with app.app_context():
        ids = _ids()
        engine = db.engine
    backends = Backends().watch(engine)  # before signing in: every connection the pages use is then known
    for name, url, target, send in _requests(app, ids):
        if only.lower() in name.lower():
            figures = time_requests(name, send, repeat, engine, backends)
            rows.append(_report({"page": name, "url": url, "target": target, **figures}))
    return rows + measure_references(repeat)


def measure_references(repeat: int) -> list[dict]:
    """The reference pages in-process, as the suite's pages are: what a bare page costs on this machine."""
    from bench.reference import PAGES, app
    from bench.reference import db as reference_db

    with app.app_context():
        engine = reference_db.engine
    backends = Backends().watch(engine)
    if engine.dialect.name == "postgresql":
        app.extensions["raw_listeners"].append(backends.connected)
    client, rows = app.test_client(), []
    for name, url in PAGES.items():
        figures = time_requests(name, lambda u=url: client.get(u), repeat, engine, backends)
        rows.append(_report({"page": name, "url": url, "target": None, "reference": True, **figures}))
    # Their connections closed: the bulk work copies this database, which needs it idle.
    app.extensions["raw_connections"].close()
    engine.dispose()
    return rows


def load_pages(ids: dict[str, int], only: str) -> list[tuple[str, str, str]]:
    """(name, account, url) of the pages measured under load: the in-process pages' own URLs."""
    return [(name, account, url_for_ids(ids)) for name, account, url_for_ids in PAGES
            if name in LOAD_PAGES and only.lower() in name.lower()]


def _as_a_worker_starts(app) -> None:
    """What ``deploy/gunicorn.conf.py`` does in the master before forking: templates compiled, then ``gc.freeze()``.

    Without it, the in-process timings charged each page the full collections that walk the imports' few hundred
    thousand objects, a cost no production worker pays.
    """
    warm_up = app.extensions.get("warm_up")
    if warm_up is not None:
        warm_up()
    gc.collect()
    gc.freeze()


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
    _as_a_worker_starts(app)
    click.echo(f"Pages on {results.describe(data)}:")
    pages = measure_pages(app, repeat, only)
    xapi_rows = None
    if xapi:
        from bench.xapi import measure_xapi

        click.echo("xAPI learning record store:")
        xapi_rows = measure_xapi(app, repeat)
    load_rows = None
    if load:
        with app.app_context():
            ids = _ids()
            db.session.close()  # its connection back to the pool first: dispose() closes only pooled ones
            db.engine.dispose()  # the in-process connections are not needed any more: gunicorn makes its own
        click.echo("Throughput (gunicorn, wrk):")
        load_rows = judge(throughput(seconds, load_pages(ids, only)), pages)
    bulk_rows = None
    if bulk:
        with app.app_context():
            db.session.close()
            db.engine.dispose()  # the scratch copy is made from this database, which must be idle
        click.echo("Bulk work:")
        bulk_rows = bulk_work()
    if write:
        results.write(data, pages, load_rows, bulk_rows, xapi_rows)
        click.echo(f"Results written to {results.RESULTS}")


if __name__ == "__main__":
    main()
