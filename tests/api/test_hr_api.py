"""HR through the API: released results of a cycle carry the final score and label and nothing private, only for
people in the client's scope; the CPD record likewise; both reads are logged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from common.models import AuditEvent
from hrms.development.models import CpdEntry
from hrms.models import Appraisal
from tests.api.conftest import bearer


def test_hr_client_reads_released_results_and_cpd_in_scope(client, factory, db, service_client):
    ministry = factory.unit("MA")
    division, other = factory.unit("MA-1", parent=ministry, kind="division"), factory.unit("MA-2", parent=ministry,
                                                                                          kind="division")
    boss = factory.employee(division)
    inside, outside = factory.employee(division, manager=boss), factory.employee(other, manager=boss)
    cycle = factory.hr_cycle(ministry)
    appraisals = {a.employee_id: a for a in db.session.execute(select(Appraisal)).scalars()}
    for person in (inside, outside):
        appraisal = appraisals[person.id]
        appraisal.state, appraisal.score, appraisal.label = "released", 3.75, "good"
        appraisal.manager_private_note, appraisal.manager_comment = "PRIVATE-NOTE", "MANAGER-COMMENT"
        db.session.add(CpdEntry(employee_id=person.id, kind="external", title_ka="x", title_en="Workshop",
                                hours=Decimal("6.5"), completed_on=date(2026, 3, 1), source_ref=f"ext-{person.id}"))
    db.session.commit()
    _row, token = service_client("HR analytics", ["hr:read"], division)

    # The cycle runs over the whole ministry, outside the client's division: not listed, not readable.
    assert client.get("/api/v1/hr/cycles", headers=bearer(token)).get_json()["items"] == []
    assert client.get(f"/api/v1/hr/cycles/{cycle.id}/results", headers=bearer(token)).status_code == 404

    _row, wide = service_client("HR ministry", ["hr:read"], ministry)
    assert [c["id"] for c in client.get("/api/v1/hr/cycles", headers=bearer(wide)).get_json()["items"]] == [cycle.id]
    answer = client.get(f"/api/v1/hr/cycles/{cycle.id}/results", headers=bearer(wide))
    text = answer.get_data(as_text=True)
    assert "PRIVATE-NOTE" not in text and "MANAGER-COMMENT" not in text
    assert {(r["employee_id"], r["score"], r["label"]) for r in answer.get_json()["items"]} == {
        (inside.id, 3.75, "good"), (outside.id, 3.75, "good")}
    cpd = client.get("/api/v1/hr/cpd", headers=bearer(token)).get_json()["items"]
    assert [(c["employee_id"], c["hours"]) for c in cpd] == [(inside.id, 6.5)]
    reads = db.session.execute(select(AuditEvent).where(AuditEvent.kind == "read")).scalars().all()
    assert [(r.action, r.actor_email) for r in reads] == [("appraisal", "client:HR ministry"),
                                                          ("development", "client:HR analytics")]
