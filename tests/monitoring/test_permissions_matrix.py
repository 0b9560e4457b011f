"""The monitoring routes by every role (rows in ``permissions_matrix.py``), empty and with valid forms."""

from __future__ import annotations

from typing import Any

from monitoring.models import DataValue, Evidence, ResultNode, Target
from tests.matrix import PERSONAS, _allowed, base_world, check, check_writes
from tests.monitoring.permissions_matrix import EXPECTED, USE, WRITES


class _JsonPost:
    """Sends the API's POST with an empty list of values, so that "allowed" reads as 200 rather than 400."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def open(self, url: str, method: str = "GET", **kwargs: Any) -> Any:
        if method == "POST" and url.startswith("/api/me/"):
            kwargs["json"] = {"values": []}
        return self.client.open(url, method=method, **kwargs)


def _world(app, factory, login_as, db, *, published=True):
    world = base_world(app, factory, login_as)
    officer = world.users["me_officer"]
    document = factory.me_document(world.units["b"], published=published)
    indicator = factory.me_indicator(document, frequency="quarterly")
    evidence = Evidence(filename="report.pdf", content_type="application/pdf", size=3, data=b"pdf")
    db.session.add(evidence)
    db.session.flush()
    unit = world.units["b"].id
    db.session.add_all([
        DataValue(indicator_id=indicator.id, period="2025Q1", org_unit_id=unit, value=5, status="draft",
                  evidence_id=evidence.id, entered_by_id=officer.id),
        DataValue(indicator_id=indicator.id, period="2025Q2", org_unit_id=unit, value=6, status="submitted",
                  entered_by_id=officer.id, submitted_by_id=officer.id)])
    target = Target(indicator_id=indicator.id, period="2025", value=10, status="proposed", created_by_id=officer.id)
    proposed = ResultNode(document_id=document.id, code="9", title_ka="ახალი", title_en="New goal",
                          status="proposed", proposed_by_id=officer.id)
    db.session.add_all([target, proposed])
    db.session.flush()
    world.urls |= {"document": str(document.id), "indicator": str(indicator.id), "indicator_code": indicator.code,
                   "result": str(indicator.result_id), "unit": str(unit), "evidence": str(evidence.id),
                   "target": str(target.id), "proposed_result": str(proposed.id),
                   "group": f"{indicator.id}:2025Q2:{unit}"}
    world.clients = {persona: _JsonPost(client) for persona, client in world.clients.items()}
    return world


def test_monitoring_routes_by_role(app, factory, login_as, db):
    world = _world(app, factory, login_as, db)
    problems = check(app, EXPECTED, world)
    assert not problems, "\n".join(problems)


def test_monitoring_writes_with_valid_forms_by_role(app, factory, login_as, db):
    world = _world(app, factory, login_as, db)
    problems = check_writes(app, WRITES, world)
    assert not problems, "\n".join(problems)
    db.session.expire_all()
    # The approver, not the officer who proposed and submitted them, decided.
    target = db.session.get(Target, int(world.urls["target"]))
    assert (target.status, target.decided_by_id) == ("approved", world.users["me_approver"].id)
    assert db.session.get(ResultNode, int(world.urls["proposed_result"])).status == "approved"


def test_a_draft_strategy_is_read_only_by_its_agency_and_the_approvers(app, factory, login_as, db):
    """Unpublished: the officer outside the agency gets 404 on each of its pages, like on the evidence."""
    world = _world(app, factory, login_as, db, published=False)
    db.session.commit()
    urls = [f"/me/documents/{world.urls['document']}", f"/me/indicators/{world.urls['indicator']}",
            f"/me/indicators/{world.urls['indicator']}/values?period=2025Q1&unit={world.urls['unit']}",
            f"/me/results/{world.urls['result']}", f"/me/documents/{world.urls['document']}/export.csv"]
    readers = USE  # the owner agency's officer, the approvers, the administrator
    problems = [f"{url} as {persona}: {response.status_code}" for url in urls for persona in PERSONAS
                if persona != "anonymous" and _allowed(response := world.clients[persona].open(url)) != (
                    persona in readers)]
    assert not problems, "\n".join(problems)
    assert world.clients["me_out_of_agency"].open(urls[0]).status_code == 404
