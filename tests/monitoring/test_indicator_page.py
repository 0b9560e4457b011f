"""The indicator page's parts come from a cache kept per indicator version (``monitoring.indicator_page``): a
submission, an approval, a target revision or a renamed unit shows at the next request; a reader sees another
agency's values only once approved, whoever filled the cache; the table of reported values is paged; and a steady
view reads no value."""

from __future__ import annotations

import re
from typing import Any

from monitoring.models import DataValue
from monitoring.operations.values import decide


def _value(db: Any, indicator: Any, unit: Any, period: str, value: float, status: str, officer: Any = None,
           cell: str = "", depth: int = 0) -> None:
    db.session.add(DataValue(indicator_id=indicator.id, period=period, org_unit_id=unit.id, cell=cell,
                             cell_depth=depth, component="value", value=value, status=status,
                             entered_by_id=officer.id if officer else None,
                             submitted_by_id=officer.id if officer and status == "submitted" else None))
    db.session.commit()


def _row(page: str, period: str, unit: Any) -> str | None:
    """The table row of reported values of ``period`` × ``unit``, or ``None``."""
    found = re.search(rf"<tr><td>{period}</td>((?!</tr>).)*unit={unit.id}((?!</tr>).)*</tr>", page, re.S)
    return found.group(0) if found else None


def _shows_each_write_at_the_next_request(factory: Any, me: Any, db: Any, login_as: Any) -> None:
    indicator = factory.me_indicator(me.document, me.objective, code="IP-1", aggregation="last")
    db.session.commit()
    _value(db, indicator, me.agency, "2024Q1", 1200, "approved")
    reader, url = login_as(me.approver), f"/me/indicators/{indicator.id}"
    page = reader.get(url).get_data(as_text=True)
    assert "Actual 1,200 in 2024Q1" in page and _row(page, "2024Q2", me.agency) is None

    _value(db, indicator, me.agency, "2024Q2", 4321, "submitted", me.officer)  # a submission
    page = reader.get(url).get_data(as_text=True)
    assert "value-status--submitted" in _row(page, "2024Q2", me.agency) and "Actual 1,200 in 2024Q1" in page

    decide([(indicator.id, "2024Q2", me.agency.id)], {me.agency.id: me.agency}, approve=True, actor=me.approver)
    db.session.commit()
    page = reader.get(url).get_data(as_text=True)
    assert "Actual 4,321 in 2024Q2" in page and ">4,321<" in page  # the progress line and the chart's table
    assert "value-status--approved" in _row(page, "2024Q2", me.agency)

    officer = login_as(me.officer)
    assert officer.post(url, data={"period": "2026", "value": "5000"}).status_code == 302
    page = reader.get(url).get_data(as_text=True)
    assert "target 5,000 for 2026" in page and "Target 2026: 5,000" in page  # progress line and the chart
    assert officer.post(url, data={"period": "2026", "value": "4000", "reason": "Budget cut"}).status_code == 302
    page = reader.get(url).get_data(as_text=True)
    assert "target 4,000 for 2026" in page and "superseded" in page and "Budget cut" in page

    me.agency.name_en = "State Revenue Service"  # the passport and the table name the unit
    db.session.commit()
    page = reader.get(url).get_data(as_text=True)
    assert "State Revenue Service" in _row(page, "2024Q2", me.agency)


def test_a_submission_an_approval_and_a_target_revision_show_at_the_next_request(factory, me, db, login_as):
    _shows_each_write_at_the_next_request(factory, me, db, login_as)


def test_the_same_through_redis(factory, me, db, login_as, cache_in_redis):
    """The indicator page's cache kept in Redis: fresh after a submission, an approval and a target revision."""
    _shows_each_write_at_the_next_request(factory, me, db, login_as)


def test_the_same_with_versions_in_the_database(factory, me, db, login_as, versions_in_database):
    """The indicator page's versions in the database (no Redis): fresh after each write."""
    _shows_each_write_at_the_next_request(factory, me, db, login_as)


def test_another_agency_sees_approved_values_only_whoever_filled_the_cache(factory, me, db, login_as):
    indicator = factory.me_indicator(me.document, me.objective, code="IP-S", dimensions={"sex": ["female", "male"]})
    me.document.published = True
    db.session.commit()
    _value(db, indicator, me.agency, "2024Q1", 10, "approved")
    _value(db, indicator, me.agency, "2024Q2", 20, "draft", me.officer)
    _value(db, indicator, me.agency, "2024Q3", 5, "approved", cell="sex=female", depth=1)  # half of it approved
    _value(db, indicator, me.agency, "2024Q3", 7, "draft", me.officer, cell="sex=male", depth=1)
    url = f"/me/indicators/{indicator.id}"
    for first, second in ((me.officer, me.other_officer), (me.other_officer, me.officer)):
        pages = {user.id: login_as(user).get(url).get_data(as_text=True) for user in (first, second)}
        own, other = pages[me.officer.id], pages[me.other_officer.id]
        assert _row(own, "2024Q1", me.agency) == _row(other, "2024Q1", me.agency)
        assert "value-status--draft" in _row(own, "2024Q2", me.agency) and _row(other, "2024Q2", me.agency) is None
        mixed = _row(other, "2024Q3", me.agency)
        assert "value-status--approved" in mixed and "value-status--draft" not in mixed
        assert "value-status--draft" in _row(own, "2024Q3", me.agency)


def test_the_table_of_reported_values_is_paged(factory, me, db, login_as):
    indicator = factory.me_indicator(me.document, me.objective, code="IP-P", frequency="monthly")
    db.session.commit()
    for month in range(1, 13):
        for unit in (me.agency, me.office):
            db.session.add(DataValue(indicator_id=indicator.id, period=f"2024-{month:02d}", org_unit_id=unit.id,
                                     cell="", cell_depth=0, component="value", value=month, status="approved"))
    db.session.commit()
    reader, url = login_as(me.approver), f"/me/indicators/{indicator.id}"
    first, second = (reader.get(f"{url}?page={n}").get_data(as_text=True) for n in (1, 2))
    assert "Page 1 of 2" in first and "24 results" in first and "Page 2 of 2" in second
    assert _row(first, "2024-12", me.agency) and _row(first, "2024-03", me.office)  # latest first, 20 a page
    assert _row(first, "2024-02", me.agency) is None and _row(second, "2024-02", me.agency)
    assert _row(second, "2024-01", me.office) and _row(second, "2024-12", me.agency) is None
    assert "Page 2 of 2" in reader.get(f"{url}?page=9").get_data(as_text=True)  # past the end: the last page


def test_a_steady_view_reads_no_value_and_runs_as_many_statements_for_more_values(factory, me, db, login_as,
                                                                                 count_queries):
    indicator = factory.me_indicator(me.document, me.objective, code="IP-Q", frequency="monthly")
    me.document.published = True  # a draft's readers are found from its indicators' units, at every request
    db.session.commit()
    reader, url = login_as(me.approver), f"/me/indicators/{indicator.id}"
    counts = []
    for months in (range(1, 4), range(4, 13)):
        for month in months:
            _value(db, indicator, me.agency, f"2024-{month:02d}", month, "approved")
        reader.get(url)
        with count_queries() as counter:
            assert reader.get(url).status_code == 200
        assert [s for s in counter.statements if re.search(r"\bme_value\b", s)] == []
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 5
