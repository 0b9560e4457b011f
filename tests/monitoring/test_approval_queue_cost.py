"""The approval queue is paged (issue 20): a page shows and reviews 20 groups, in a fixed order, whatever the number
waiting, and reads a fixed number of statements (the targets and the evidence of its groups are read together, not
one query a group: 200 groups made 206 queries). A decision returns to the page it was taken on."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from monitoring.models import DataValue, Target
from monitoring.queue import QUEUE_PAGE_SIZE

START = datetime(2026, 4, 1, 9, 0)


def _submitted(factory, me, db, start, count):
    """Groups ``start``.. of one value each; two groups share each submission time, so the order needs its tie-break
    (indicator, period, unit). Group n is the n-th oldest, named "Queue cost n"."""
    for n in range(start, start + count):
        indicator = factory.me_indicator(me.document, me.objective, code=f"QC-{n:03d}", name_en=f"Queue cost {n:03d}")
        db.session.add(DataValue(indicator_id=indicator.id, period="2026Q1", org_unit_id=me.agency.id, cell="",
                                 cell_depth=0, component="value", value=n, status="submitted",
                                 updated_at=START + timedelta(minutes=n // 2)))
        db.session.add(Target(indicator_id=indicator.id, period="2026Q1", value=100 + n))
    db.session.commit()


def _shown(page: str) -> list[int]:
    """The groups a queue page shows, by number."""
    return [int(n) for n in re.findall(r"Queue cost (\d{3})", page)]


def _tokens(page: str) -> list[str]:
    return re.findall(r'name="groups" value="([^"]+)"', page)


def test_a_page_costs_the_same_queries_and_shows_at_most_a_page_for_5_and_40_groups(factory, me, db, login_as,
                                                                                    count_queries):
    approver = login_as(me.approver)

    def measure():
        with count_queries() as counter:
            page = approver.get("/me/approvals")
        assert page.status_code == 200
        return counter.count, page.get_data(as_text=True)

    _submitted(factory, me, db, 0, 5)
    small, page = measure()
    assert _shown(page) == list(range(5))
    assert "5 groups of values await approval" in page
    _submitted(factory, me, db, 5, 35)
    large, page = measure()
    assert _shown(page) == list(range(QUEUE_PAGE_SIZE))  # the oldest page only, reviewed and loaded alone
    assert len(_tokens(page)) == QUEUE_PAGE_SIZE
    assert "40 groups of values await approval" in page and "Page 1 of 2" in page and 'rel="next"' in page
    assert large == small


def test_page_2_shows_the_next_groups_in_order(factory, me, db, login_as):
    _submitted(factory, me, db, 0, 45)
    approver = login_as(me.approver)
    pages = [approver.get(f"/me/approvals?page={n}").get_data(as_text=True) for n in (1, 2, 3)]
    assert [_shown(page) for page in pages] == [list(range(0, 20)), list(range(20, 40)), list(range(40, 45))]
    assert "Page 2 of 3" in pages[1] and 'rel="prev"' in pages[1] and 'rel="next"' in pages[1]
    assert "groups 21–40, oldest first" in pages[1]
    assert 'href="/me/approvals?page=3"' in pages[1] and 'href="/me/approvals?page=1"' in pages[1]


def test_a_decision_on_page_2_returns_to_page_2(factory, me, db, login_as):
    _submitted(factory, me, db, 0, 45)
    approver = login_as(me.approver)
    page = approver.get("/me/approvals?page=2").get_data(as_text=True)
    assert 'action="/me/approvals?page=2"' in page
    decided = approver.post("/me/approvals?page=2", data={"groups": _tokens(page)[:3], "action": "approve"})
    assert decided.status_code == 302 and decided.headers["Location"] == "/me/approvals?page=2"
    after = approver.get(decided.headers["Location"]).get_data(as_text=True)
    assert "3 values approved." in after
    assert _shown(after) == list(range(23, 43))  # the groups after the approved ones moved up
    assert "42 groups of values await approval" in after


def test_emptying_the_last_page_shows_the_last_remaining_page(factory, me, db, login_as):
    _submitted(factory, me, db, 0, 25)
    approver = login_as(me.approver)
    page = approver.get("/me/approvals?page=2").get_data(as_text=True)
    assert _shown(page) == list(range(20, 25))
    decided = approver.post("/me/approvals?page=2", data={"groups": _tokens(page), "action": "approve"})
    assert decided.headers["Location"] == "/me/approvals?page=2"
    after = approver.get(decided.headers["Location"])
    text = after.get_data(as_text=True)
    assert after.status_code == 200 and "5 values approved." in text
    assert _shown(text) == list(range(20)) and 'rel="prev"' not in text and 'rel="next"' not in text
    assert _shown(approver.get("/me/approvals?page=999999999").get_data(as_text=True)) == list(range(20))
