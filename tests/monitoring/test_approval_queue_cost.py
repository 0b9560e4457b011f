"""The approval queue reads a fixed number of statements whatever the number of groups waiting: the targets
and the evidence of the groups are read together, not one query a group (200 groups made 206 queries)."""

from __future__ import annotations

from monitoring.models import DataValue, Target


def _submitted(factory, me, db, start, count):
    for n in range(start, start + count):
        indicator = factory.me_indicator(me.document, me.objective, code=f"QC-{n}", name_en=f"Queue cost {n}")
        db.session.add(DataValue(indicator_id=indicator.id, period="2026Q1", org_unit_id=me.agency.id, cell="",
                                 cell_depth=0, component="value", value=n, status="submitted"))
        db.session.add(Target(indicator_id=indicator.id, period="2026Q1", value=100 + n))
    db.session.commit()


def test_the_queue_costs_the_same_queries_for_2_and_12_groups(factory, me, db, login_as, count_queries):
    approver = login_as(me.approver)

    def measure():
        with count_queries() as counter:
            page = approver.get("/me/approvals")
        assert page.status_code == 200
        return counter.count, page.get_data(as_text=True)

    _submitted(factory, me, db, 0, 2)
    small, page = measure()
    assert "Queue cost 1" in page
    _submitted(factory, me, db, 2, 10)
    large, page = measure()
    assert "Queue cost 11" in page
    assert large == small
