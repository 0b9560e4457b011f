"""The LRS's benchmark rows: statements stored per second over HTTP, and the p50/p95 of filtered Statements GETs
on whatever statements the dataset holds (1,000,000 at national scale, ``bench/national/xapi.py``).

Storing writes to the benchmark database, so the statements posted here (and their temporary credential) are
deleted again afterwards: the dataset stays what ``bench.data`` made.
"""

from __future__ import annotations

import base64
import json
import statistics
import time
import uuid
from typing import Any
from urllib.parse import quote

import click
from sqlalchemy import delete, func, select

BATCH, BATCHES, SINGLES = 50, 20, 200


def _statement(n: int, home: str) -> dict[str, Any]:
    return {"actor": {"objectType": "Agent", "account": {"homePage": home, "name": f"bench-{n % 500}"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
            "object": {"objectType": "Activity", "id": f"https://content.example.gov.ge/bench/{n % 97}"},
            "context": {"registration": str(uuid.uuid4())}, "result": {"score": {"scaled": 0.5}}}


def _p95(times: list[float]) -> float:
    times = sorted(times)
    return times[max(0, int(len(times) * 0.95) - 1)]


def measure_xapi(app: Any, repeat: int) -> list[dict]:
    from common.extensions import db
    from learning.xapi.auth import create_client
    from learning.xapi.models import XapiStatement, XapiStatementRef

    with app.app_context():
        client, secret = create_client("benchmark", ["all"])
        db.session.commit()
        key, client_id = client.key, client.id
        total = db.session.execute(select(func.count()).select_from(XapiStatement)).scalar_one()
        agents = list(db.session.execute(select(XapiStatementRef.value).where(
            XapiStatementRef.kind == "agent", XapiStatementRef.direct.is_(True)).limit(2000)).scalars())
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    headers = {"X-Experience-API-Version": "1.0.3", "Authorization": f"Basic {token}"}
    http = app.test_client()
    home = app.config.get("BASE_URL", "http://localhost")
    rows: list[dict] = []
    try:
        started = time.perf_counter()
        for b in range(BATCHES):
            response = http.post("/xapi/statements", json=[_statement(b * BATCH + i, home) for i in range(BATCH)],
                                 headers=headers)
            assert response.status_code == 200, response.get_data(as_text=True)
        batched = BATCH * BATCHES / (time.perf_counter() - started)
        started = time.perf_counter()
        for n in range(SINGLES):
            assert http.post("/xapi/statements", json=_statement(n, home), headers=headers).status_code == 200
        single = SINGLES / (time.perf_counter() - started)
        rows.append({"what": f"statements stored per second (POST batches of {BATCH})", "value": batched,
                     "unit": "/s"})
        rows.append({"what": "statements stored per second (one per POST)", "value": single, "unit": "/s"})
        for label, query in _queries(agents):
            times = []
            for n in range(repeat):
                url = query(n)
                begun = time.perf_counter()
                response = http.get(url, headers=headers)
                times.append((time.perf_counter() - begun) * 1000)
                assert response.status_code == 200, response.get_data(as_text=True)
            rows.append({"what": f"{label}: p50 {statistics.median(times):.1f} ms", "value": _p95(times),
                         "unit": "ms p95"})
    finally:
        with app.app_context():
            own = select(XapiStatement.seq).where(XapiStatement.client_id == client_id)
            db.session.execute(delete(XapiStatementRef).where(XapiStatementRef.seq.in_(own)))
            db.session.execute(delete(XapiStatement).where(XapiStatement.client_id == client_id))
            from learning.xapi.models import XapiClient

            db.session.execute(delete(XapiClient).where(XapiClient.id == client_id))
            db.session.commit()
    for row in rows:
        click.echo(f"  {row['what']:<64} {row['value']:9.1f} {row['unit']}")
    rows.append({"what": "statements in the store", "value": total, "unit": ""})
    click.echo(f"  (on {total:,} stored statements)")
    return rows


def _agent(value: str) -> str:
    home, _, name = value.removeprefix("account:").partition("|")
    if value.startswith("mbox:"):
        return quote(json.dumps({"mbox": value[5:]}))
    return quote(json.dumps({"account": {"homePage": home, "name": name}}))


def _queries(agents: list[str]) -> list[tuple[str, Any]]:
    """The filtered GETs measured: a person's statements with a verb (what a report per learner asks), and an
    activity's statements with related activities (what a report per course asks), 25 per page."""
    if not agents:
        agents = ["mbox:mailto:nobody@example.gov.ge"]
    verb = quote("http://adlnet.gov/expapi/verbs/completed")
    return [
        ("GET agent + verb, limit 25",
         lambda n: f"/xapi/statements?agent={_agent(agents[n % len(agents)])}&verb={verb}&limit=25"),
        ("GET activity + related_activities, limit 25",
         lambda n: "/xapi/statements?activity=" + quote(f"https://content.example.gov.ge/courses/{n % 100}")
         + "&related_activities=true&limit=25"),
    ]
