"""``flask demo`` adds a published PAR strategy with quarterly data the M&E accounts can work on at once."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from common.models import User
from monitoring import periods
from monitoring.models import DataValue, Indicator, PolicyDocument, ResultNode
from tests.common.test_demo import run_demo


@pytest.fixture()
def demo(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_PASSWORD", "demo-password-for-tests")
    return run_demo(app)


def test_the_demo_strategy_has_three_levels_40_indicators_and_three_years_of_quarters(demo, db, login_as):
    document = db.session.execute(select(PolicyDocument)).scalar_one()
    assert document.published and document.title_en.startswith("Public Administration Reform Strategy")
    assert {level for (level,) in db.session.execute(select(ResultNode.level).distinct())} == {0, 1, 2}
    indicators = db.session.execute(select(Indicator)).scalars().all()
    assert len(indicators) == 40
    assert sum(i.computed for i in indicators) >= 10
    assert any("sex" in i.dimensions for i in indicators) and any("region" in i.dimensions for i in indicators)
    quarters = db.session.execute(select(DataValue.period).distinct()).scalars().all()
    assert len(quarters) == 12 and all(periods.parse(q).frequency == "quarterly" for q in quarters)
    by_status = select(DataValue.status, func.count()).group_by(DataValue.status)
    statuses = Counter(dict(db.session.execute(by_status).all()))
    assert statuses["approved"] > 1000 and statuses["submitted"] and statuses["returned"] and statuses["draft"]
    # The demo officer finds pending work in their own agency, the approver a queue.
    officer = db.session.execute(select(User).where(User.email == "me@demo.gov.ge")).scalar_one()
    approver = db.session.execute(select(User).where(User.email == "approver@demo.gov.ge")).scalar_one()
    grid = login_as(officer).get("/me/entry").get_data(as_text=True)
    assert "PAR-26" in grid and "Returned" in grid
    assert "groups of values await approval" in login_as(approver).get("/me/approvals").get_data(as_text=True)
    overview = login_as(approver).get(f"/me/documents/{document.id}").get_data(as_text=True)
    assert "without data" in overview and "On track" in overview
