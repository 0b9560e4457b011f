"""The public pages show approved data of published strategies only; the API applies the import's checks;
the overview and indicator pages cost the same number of queries whatever the number of values."""

from __future__ import annotations

from sqlalchemy import insert, select

from common.models.directory import REGIONS
from monitoring import periods
from monitoring.models import DataValue, Target


def _value(db, indicator, unit, period, value, status, comment=""):
    db.session.add(DataValue(indicator_id=indicator.id, period=period, org_unit_id=unit.id, value=value,
                             status=status, comment=comment, review_comment=comment if status == "returned" else ""))


def test_the_public_page_shows_approved_values_and_never_drafts(factory, me, db, client):
    me.document.published = True
    indicator = factory.me_indicator(me.document, me.objective, code="PAR-7", name_en="Services available online",
                                     aggregation="last", baseline_value=1000, baseline_year=2022)
    db.session.add(Target(indicator_id=indicator.id, period="2026", value=5000))
    _value(db, indicator, me.agency, "2024Q1", 4321, "approved", comment="Checked by Nino Beridze")
    _value(db, indicator, me.agency, "2024Q2", 9876, "submitted")
    _value(db, indicator, me.agency, "2024Q3", 8765, "draft")
    _value(db, indicator, me.agency, "2024Q4", 7654, "returned", comment="Ask Giorgi about Q4")
    db.session.commit()
    pages = [client.get(url) for url in ("/public/", f"/public/documents/{me.document.id}",
                                         f"/public/indicators/{indicator.id}",
                                         f"/public/documents/{me.document.id}/data.csv")]
    assert [p.status_code for p in pages] == [200, 200, 200, 200]
    text = "".join(p.get_data(as_text=True) for p in pages)
    assert "4,321" in text and "4321" in text  # the page and the open-data file
    for hidden in ("9876", "9,876", "8765", "8,765", "7654", "7,654", "Nino", "Giorgi", "officer@"):
        assert hidden not in text, hidden
    assert "Actual 4,321 in 2024Q1" in pages[2].get_data(as_text=True)
    assert "<svg" in pages[2].get_data(as_text=True) and "<script" not in pages[2].get_data(as_text=True)
    assert pages[3].get_data(as_text=True).splitlines()[0].lstrip("\ufeff") == (
        "indicator_code,period,org_unit_code,value_type,value,unit,comment")  # units in their own column (issue 18)


def test_an_unpublished_strategy_is_not_public(factory, me, db, client):
    indicator = factory.me_indicator(me.document, me.objective)
    db.session.commit()
    assert client.get(f"/public/documents/{me.document.id}").status_code == 404
    assert client.get(f"/public/indicators/{indicator.id}").status_code == 404
    assert client.get(f"/public/documents/{me.document.id}/data.csv").status_code == 404
    assert "Nothing is published yet." in client.get("/public/").get_data(as_text=True)


def test_publishing_is_the_approvers_decision(me, db, login_as, client):
    assert login_as(me.officer).post(f"/me/documents/{me.document.id}/publish",
                                     data={"action": "publish"}).status_code == 403
    assert login_as(me.approver).post(f"/me/documents/{me.document.id}/publish",
                                      data={"action": "publish"}).status_code == 302
    assert client.get(f"/public/documents/{me.document.id}").status_code == 200


def test_the_api_takes_values_with_the_import_checks_and_serves_approved_data(factory, me, db, login_as):
    factory.me_indicator(me.document, me.objective, code="PAR-9", aggregation="last",
                         dimensions={"sex": ["female", "male"]})
    db.session.commit()
    officer = login_as(me.officer)
    bad = officer.post("/api/me/values", json={"values": [
        {"indicator_code": "PAR-9", "period": "2024Q1", "org_unit_code": "RS", "value_type": "actual", "value": 5},
        {"indicator_code": "PAR-9", "period": "2024Q1", "org_unit_code": "RS", "value_type": "actual", "value": 6},
        {"indicator_code": "NOPE", "period": "2024Q1", "org_unit_code": "RS", "value_type": "actual", "value": 1},
    ]})
    assert bad.status_code == 422
    assert bad.get_json()["conflicts"] == {
        "unknown": [{"item": 3, "message": "No indicator has the code NOPE."}],
        "duplicate": [{"item": 2, "message": "The same value is also on line 1."}]}
    assert db.session.execute(select(DataValue)).first() is None
    good = officer.post("/api/me/values", json={"submit": False, "values": [
        {"indicator_code": "PAR-9", "period": "2024Q1", "org_unit_code": "RS", "value_type": "actual",
         "disaggregation": {"sex": "female"}, "value": 5},
        {"indicator_code": "PAR-9", "period": "2024Q1", "org_unit_code": "RS", "value_type": "actual",
         "disaggregation": {"sex": "male"}, "value": 7}]})
    assert good.status_code == 200 and good.get_json()["values"] == 2
    stored = db.session.execute(select(DataValue).order_by(DataValue.cell)).scalars().all()
    assert [(v.cell, v.cell_depth, v.status) for v in stored] == [("sex=female", 1, "draft"), ("sex=male", 1, "draft")]
    assert officer.get("/api/me/indicators/PAR-9").get_json()["actuals"] == []  # drafts are not data yet
    for value in stored:
        value.status = "approved"
    db.session.commit()
    data = login_as(me.approver).get("/api/me/indicators/PAR-9").get_json()
    assert data["actuals"] == [{"period": "2024Q1", "value": 12.0}]


def test_overview_and_indicator_pages_cost_the_same_queries_for_few_and_many_values(
        factory, me, db, login_as, count_queries):
    me.document.published = True
    activity = factory.me_result(me.document, parent=me.objective, code="1.1.1", responsible_unit_id=me.agency.id)
    plain = factory.me_indicator(me.document, me.objective, baseline_value=10, baseline_year=2022)
    share = factory.me_indicator(me.document, activity, unit="percentage", computed=True, factor=100,
                                 aggregation="last", dimensions={"region": list(REGIONS)})
    for indicator in (plain, share):
        db.session.add(Target(indicator_id=indicator.id, period="2026", value=80))
    db.session.commit()
    quarters = periods.periods_between("quarterly", me.document.period_start, me.document.period_end)

    def add_values(selected: list[str]) -> None:
        rows = [dict(indicator_id=plain.id, period=p, org_unit_id=me.agency.id, value=20, status="approved")
                for p in selected]
        rows += [dict(indicator_id=share.id, period=p, org_unit_id=unit.id, cell=f"region={region}", cell_depth=1,
                      component=component, value=value, status=status)
                 for p in selected for unit in (me.agency, me.office) for region in REGIONS
                 for component, value in (("numerator", 3), ("denominator", 4))
                 for status in ["approved" if unit is me.agency else "submitted"]]
        db.session.execute(insert(DataValue), rows)
        db.session.commit()

    approver = login_as(me.approver)
    pages = [f"/me/documents/{me.document.id}", f"/me/indicators/{plain.id}", f"/me/indicators/{share.id}",
             f"/public/documents/{me.document.id}", f"/public/indicators/{share.id}"]

    def measure() -> dict[str, int]:
        counts = {}
        for url in pages:
            with count_queries() as counter:
                assert approver.get(url).status_code == 200
            counts[url] = counter.count
        return counts

    add_values(quarters[:1])
    small = measure()
    add_values(quarters[1:])
    large = measure()
    assert len(db.session.execute(select(DataValue.id)).all()) == 16 * (1 + 2 * len(REGIONS) * 2)
    assert large == small
    assert max(large.values()) <= 20, large
    page = approver.get(f"/me/indicators/{share.id}").get_data(as_text=True)
    assert "Actual 75% in 2026Q4" in page  # 3/4 over every region of the agency; the office's are not approved
