"""The approval screen with the evidence (issue 18): a regional share entered as 5/900 where every earlier quarter was
near 97 % is flagged on the ratio at entry and at approval, and cannot be approved without confirming it."""

from __future__ import annotations

from sqlalchemy import select

from monitoring.models import DataValue, Target

HISTORY = {"2024Q1": (970, 1000), "2024Q2": (965, 1000), "2024Q3": (972, 1000), "2024Q4": (968, 1000),
           "2025Q1": (975, 1000), "2025Q4": (969, 1000)}  # near 97 % in every earlier quarter


def _world(factory, me, db):
    share = factory.me_indicator(me.document, me.objective, code="TAX-ONLINE", unit="percentage", computed=True,
                                 factor=100, dimensions={"region": ["Tbilisi", "Imereti"]},
                                 name_en="Share of tax returns filed online")
    for period, (numerator, denominator) in HISTORY.items():
        for region in ("Tbilisi", "Imereti"):
            for component, value in (("numerator", numerator), ("denominator", denominator)):
                db.session.add(DataValue(indicator_id=share.id, period=period, org_unit_id=me.agency.id,
                                         cell=f"region={region}", cell_depth=1, component=component, value=value,
                                         status="approved"))
    db.session.add(Target(indicator_id=share.id, period="2026Q1", value=98))
    db.session.commit()
    return share


def _statuses(db, share, period):
    db.session.expire_all()
    return {v.status for v in db.session.execute(select(DataValue).where(
        DataValue.indicator_id == share.id, DataValue.period == period)).scalars()}


def test_a_ratio_far_from_its_history_is_flagged_at_entry_and_must_be_confirmed_to_approve(factory, me, db,
                                                                                            login_as):
    share = _world(factory, me, db)
    officer, approver = login_as(me.officer), login_as(me.approver)
    url = f"/me/indicators/{share.id}/values?period=2026Q1&unit={me.agency.id}"
    # Row 0 is the total, row 1 Tbilisi, row 2 Imereti (the dimension's order).
    saved = officer.post(url, data={"v_1_numerator": "5", "v_1_denominator": "900", "v_2_numerator": "970",
                                    "v_2_denominator": "1000", "action": "submit"}, follow_redirects=True)
    page = saved.get_data(as_text=True)
    assert "Values submitted for approval." in page
    # The first save warns, on the ratio (0.56 %), not on the numerator or denominator alone.
    assert "0.56 % is unusual for this series: earlier periods ranged from 96.5 % to 97.5 %." in page
    assert "three standard deviations" in page
    assert page.count("is unusual for this series") == 1  # Tbilisi only: Imereti (97 %) is usual

    queue = approver.get("/me/approvals").get_data(as_text=True)
    assert "Region: Tbilisi: 0.56 % is unusual" in queue
    assert "I have checked the flagged values" in queue

    review = approver.get(url).get_data(as_text=True)
    assert "Figures to check before deciding" in review
    assert "<strong>0.56%</strong>" in review  # Tbilisi's ratio
    assert "<strong>97%</strong>" in review  # Imereti's ratio
    assert "<strong>51.32%</strong>" in review  # the total, 975 of 1,900, summed from the cells
    assert "sum of the cells" in review
    assert "2025Q4" in review and "2025Q1" in review  # previous period and the same quarter last year
    assert "97.5%" in review and "96.9%" in review  # Tbilisi in 2025Q1 and 2025Q4
    assert "Target for 2026Q1: 98%" in review
    assert "Rule: an outlier is more than three standard deviations" in review
    assert "480 %" not in review and "900%" not in review  # parts are counts, not percentages

    token = f"{share.id}:2026Q1:{me.agency.id}"
    refused = approver.post("/me/approvals", data={"groups": [token], "action": "approve"}, follow_redirects=True)
    assert "Nothing was approved: TAX-ONLINE 2026Q1 has values flagged as unusual." in refused.get_data(as_text=True)
    assert _statuses(db, share, "2026Q1") == {"submitted"}
    approver.post("/me/approvals", data={"groups": [token], "confirm": [token], "action": "approve"})
    assert _statuses(db, share, "2026Q1") == {"approved"}


def test_an_unflagged_group_is_approved_without_confirmation_and_missing_cells_are_flagged(factory, me, db,
                                                                                          login_as):
    share = _world(factory, me, db)
    officer, approver = login_as(me.officer), login_as(me.approver)
    url = f"/me/indicators/{share.id}/values?period=2026Q1&unit={me.agency.id}"
    officer.post(url, data={"v_1_numerator": "969", "v_1_denominator": "1000", "action": "submit"})
    queue = approver.get("/me/approvals").get_data(as_text=True)
    assert "1 disaggregation cells have no value: Region: Imereti." in queue
    assert "is unusual" not in queue
    approver.post("/me/approvals", data={"groups": [f"{share.id}:2026Q1:{me.agency.id}"], "action": "approve"})
    assert _statuses(db, share, "2026Q1") == {"approved"}


def test_every_problem_shows_on_the_first_save(factory, me, db, login_as):
    share = factory.me_indicator(me.document, me.objective, unit="percentage", computed=True, factor=100,
                                 dimensions={"sex": ["female", "male"]})
    db.session.commit()
    officer = login_as(me.officer)
    url = f"/me/indicators/{share.id}/values?period=2024Q1&unit={me.agency.id}"
    page = officer.post(url, data={"v_1_numerator": "abc", "v_1_denominator": "40", "v_2_numerator": "50",
                                   "v_2_denominator": "45", "action": "save"}).get_data(as_text=True)
    assert "Not a valid float value." in page  # the field WTForms refused
    assert "The numerator (50) is above the denominator (45)." in page  # and, on the same save, the range check
    assert _statuses(db, share, "2024Q1") == set()


def test_no_values_before_the_frequency_is_set(factory, me, db, login_as):
    indicator = factory.me_indicator(me.document, me.objective, frequency=None)
    quarterly = factory.me_indicator(me.document, me.objective)
    db.session.commit()
    officer = login_as(me.officer)
    choose = officer.get(f"/me/indicators/{indicator.id}/values").get_data(as_text=True)
    assert "reporting frequency in its passport before entering values" in choose
    assert 'name="period"' not in choose
    grid = officer.get("/me/entry").get_data(as_text=True)
    assert "Set the reporting frequency in the passport first." in grid
    assert officer.post(f"/me/indicators/{indicator.id}/values?period=2024&unit={me.agency.id}",
                        data={"v_0_value": "5"}).status_code == 403
    refused = officer.post(f"/me/indicators/{quarterly.id}/values?period=2024&unit={me.agency.id}",
                           data={"v_0_value": "5"}).get_data(as_text=True)
    assert "is reported quarterly: 2024 is not one of its periods." in refused
    assert _statuses(db, indicator, "2024") == set() and _statuses(db, quarterly, "2024") == set()
