"""The approval queue's figures come from a cache kept per group (``monitoring.queue_cache``): they change at the next
request after a submission, a return or an approval, and a write to one indicator reviews again only that
indicator's groups."""

from __future__ import annotations

from typing import Any

from monitoring import queue_cache
from monitoring.models import DataValue, Target

HISTORY = ("2025Q1", "2025Q2", "2025Q3", "2025Q4")


def _indicator(factory: Any, me: Any, db: Any, code: str) -> Any:
    indicator = factory.me_indicator(me.document, me.objective, code=code, name_en=f"Cached {code}")
    for period in HISTORY:
        db.session.add(DataValue(indicator_id=indicator.id, period=period, org_unit_id=me.agency.id, cell="",
                                 cell_depth=0, component="value", value=100, status="approved"))
    db.session.add(Target(indicator_id=indicator.id, period="2026Q1", value=150))
    db.session.commit()
    return indicator


def _submit(client: Any, indicator: Any, me: Any, period: str, value: str) -> None:
    url = f"/me/indicators/{indicator.id}/values?period={period}&unit={me.agency.id}"
    assert client.post(url, data={"v_0_value": value, "action": "submit"}).status_code == 302


def _decide(client: Any, indicator: Any, me: Any, period: str, action: str) -> None:
    token = f"{indicator.id}:{period}:{me.agency.id}"
    data = {"groups": token, "confirm": token, "action": action, "comment": "Check the register."}
    assert client.post("/me/approvals", data=data).status_code == 302


def test_the_queue_shows_a_submission_a_return_and_an_approval_at_the_next_request(factory, me, db, login_as):
    indicator = _indicator(factory, me, db, "QCACHE-1")
    officer, approver = login_as(me.officer), login_as(me.approver)

    _submit(officer, indicator, me, "2026Q1", "101")
    page = approver.get("/me/approvals").get_data(as_text=True)
    assert "<strong>101</strong>" in page and "150" in page and "is unusual" not in page

    _decide(approver, indicator, me, "2026Q1", "return")
    assert "Nothing awaits approval." in approver.get("/me/approvals").get_data(as_text=True)

    _submit(officer, indicator, me, "2026Q1", "900")  # the same group, submitted again with another value
    page = approver.get("/me/approvals").get_data(as_text=True)
    assert "<strong>900</strong>" in page and "<strong>101</strong>" not in page
    assert "900 is unusual for this series" in page and "I have checked the flagged values" in page

    _decide(approver, indicator, me, "2026Q1", "approve")
    _submit(officer, indicator, me, "2026Q2", "905")  # compared with the quarter just approved
    page = approver.get("/me/approvals").get_data(as_text=True)
    assert "<strong>905</strong>" in page and "900 <span" in page and "2026Q1" in page


def test_a_write_to_one_indicator_reviews_only_its_groups_again(factory, me, db, login_as, monkeypatch):
    first, second = _indicator(factory, me, db, "QCACHE-A"), _indicator(factory, me, db, "QCACHE-B")
    officer, approver = login_as(me.officer), login_as(me.approver)
    _submit(officer, first, me, "2026Q1", "101")
    _submit(officer, second, me, "2026Q1", "102")
    reviewed: list[list[Any]] = []
    real = queue_cache.group_reviews
    monkeypatch.setattr(queue_cache, "group_reviews", lambda groups: reviewed.append(groups) or real(groups))

    assert approver.get("/me/approvals").status_code == 200
    assert approver.get("/me/approvals").status_code == 200  # from the cache: nothing reviewed again
    assert [sorted(i.id for i, _p, _u in groups) for groups in reviewed] == [sorted([first.id, second.id])]

    _decide(approver, second, me, "2026Q1", "return")
    _submit(officer, second, me, "2026Q1", "103")
    page = approver.get("/me/approvals").get_data(as_text=True)
    assert "<strong>103</strong>" in page and "<strong>101</strong>" in page
    assert [i.id for i, _p, _u in reviewed[-1]] == [second.id]


def test_the_queue_speaks_the_readers_language(factory, me, db, login_as):
    indicator = _indicator(factory, me, db, "QCACHE-KA")
    _submit(login_as(me.officer), indicator, me, "2026Q1", "900")
    approver = login_as(me.approver)
    english = approver.get("/me/approvals").get_data(as_text=True)
    approver.post("/auth/language", data={"lang": "ka", "next": "/"})
    georgian = approver.get("/me/approvals").get_data(as_text=True)
    assert "is unusual for this series" in english and "is unusual for this series" not in georgian
