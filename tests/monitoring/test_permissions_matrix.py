"""The monitoring routes by every role (rows in ``permissions_matrix.py``)."""

from __future__ import annotations

from typing import Any

from monitoring.models import DataValue, Evidence
from tests.matrix import base_world, check
from tests.monitoring.permissions_matrix import EXPECTED


class _JsonPost:
    """Sends the API's POST with an empty list of values, so that "allowed" reads as 200 rather than 400."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def open(self, url: str, method: str = "GET", **kwargs: Any) -> Any:
        if method == "POST" and url.startswith("/api/me/"):
            kwargs["json"] = {"values": []}
        return self.client.open(url, method=method, **kwargs)


def test_monitoring_routes_by_role(app, factory, login_as, db):
    world = base_world(app, factory, login_as)
    document = factory.me_document(world.units["b"], published=True)
    indicator = factory.me_indicator(document)
    evidence = Evidence(filename="report.pdf", content_type="application/pdf", size=3, data=b"pdf")
    db.session.add(evidence)
    db.session.flush()
    db.session.add(DataValue(indicator_id=indicator.id, period="2025Q1", org_unit_id=world.units["b"].id, value=5,
                             status="draft", evidence_id=evidence.id))
    world.urls |= {"document": str(document.id), "indicator": str(indicator.id), "indicator_code": indicator.code,
                   "result": str(indicator.result_id), "unit": str(world.units["b"].id), "evidence": str(evidence.id)}
    world.clients = {persona: _JsonPost(client) for persona, client in world.clients.items()}
    problems = check(app, EXPECTED, world)
    assert not problems, "\n".join(problems)
