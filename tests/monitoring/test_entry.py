"""Data entry and approval through the pages: scope, locks, closed periods, validation, the queue."""

from __future__ import annotations

from sqlalchemy import select

from monitoring.models import DataValue


def _url(indicator, period, unit):
    return f"/me/indicators/{indicator.id}/values?period={period}&unit={unit.id}"


def _values(db, indicator):
    db.session.expire_all()
    return db.session.execute(select(DataValue).where(DataValue.indicator_id == indicator.id)
                              .order_by(DataValue.id)).scalars().all()


def test_an_officer_cannot_enter_or_change_another_agencys_values(factory, me, db, login_as):
    indicator = factory.me_indicator(me.document, me.objective)
    db.session.commit()
    mine = login_as(me.officer)
    assert mine.post(_url(indicator, "2024Q1", me.agency), data={"v_0_value": "7", "action": "save"}).status_code == 302
    outsider = login_as(me.other_officer)
    # A draft document is not another agency's to read at all; published, its forms stay locked to them.
    assert outsider.get(_url(indicator, "2024Q1", me.agency)).status_code == 404
    me.document.published = True
    db.session.commit()
    page = outsider.get(_url(indicator, "2024Q1", me.agency)).get_data(as_text=True)
    assert "This form is locked." in page and "outside your agency" in page
    assert 'name="v_0_value"' not in page
    refused = outsider.post(_url(indicator, "2024Q1", me.agency), data={"v_0_value": "99", "action": "save"})
    assert refused.status_code == 403
    # The regional office is inside the agency's subtree: its officer may enter there, the outsider may not.
    assert outsider.post(_url(indicator, "2024Q1", me.office), data={"v_0_value": "1"}).status_code == 403
    assert [(v.value, v.org_unit_id) for v in _values(db, indicator)] == [(7.0, me.agency.id)]
    # The same rule holds for the JSON API.
    api = outsider.post("/api/me/values", json={"values": [{"indicator_code": indicator.code, "period": "2024Q2",
                                                            "org_unit_code": "RS", "value_type": "actual",
                                                            "value": 3}]})
    assert api.status_code == 422 and list(api.get_json()["conflicts"]) == ["scope"]


def test_approved_values_cannot_change_until_an_approver_reopens_them(factory, me, db, login_as):
    indicator = factory.me_indicator(me.document, me.objective)
    db.session.commit()
    officer, approver = login_as(me.officer), login_as(me.approver)
    url = _url(indicator, "2024Q1", me.agency)
    entered = {"v_0_value": "10", "c_0": "From the register", "action": "submit"}
    assert officer.post(url, data=entered).status_code == 302
    assert "These values are submitted and await approval." in officer.get(url).get_data(as_text=True)
    token = f"{indicator.id}:2024Q1:{me.agency.id}"
    assert approver.post("/me/approvals", data={"groups": [token], "action": "approve"}).status_code == 302
    assert [v.status for v in _values(db, indicator)] == ["approved"]

    page = officer.get(url).get_data(as_text=True)
    assert "These values are approved and locked. An approver must reopen them" in page
    assert officer.post(url, data={"v_0_value": "11", "action": "save"}).status_code == 403
    assert [v.value for v in _values(db, indicator)] == [10.0]

    reopen = f"/me/indicators/{indicator.id}/values/reopen?period=2024Q1&unit={me.agency.id}"
    assert officer.post(reopen, data={"reason": "x"}).status_code == 403  # officers cannot reopen
    assert approver.post(reopen, data={"reason": ""}).status_code == 302
    assert [v.status for v in _values(db, indicator)] == ["approved"]  # no reason, nothing reopened
    assert approver.post(reopen, data={"reason": "The register was corrected"}).status_code == 302
    page = officer.get(url).get_data(as_text=True)
    assert "The register was corrected" in page and 'name="v_0_value"' in page
    assert officer.post(url, data={"v_0_value": "11", "action": "submit"}).status_code == 302
    assert [(v.value, v.status) for v in _values(db, indicator)] == [(11.0, "submitted")]


def test_a_closed_period_refuses_entry_and_says_why(factory, me, db, login_as):
    document = factory.me_document(me.agency, entry_window_days=30)
    indicator = factory.me_indicator(document)
    db.session.commit()
    officer = login_as(me.officer)
    page = officer.get(_url(indicator, "2023Q1", me.agency)).get_data(as_text=True)
    assert "Entry for 2023Q1 closed on 2023-04-30, 30 days after the period ended." in page
    assert officer.post(_url(indicator, "2023Q1", me.agency), data={"v_0_value": "3"}).status_code == 403
    assert _values(db, indicator) == []


def test_values_are_checked_and_nothing_is_saved_when_one_is_wrong(factory, me, db, login_as):
    share = factory.me_indicator(me.document, me.objective, unit="percentage", computed=True, factor=100,
                                 dimensions={"sex": ["female", "male"]})
    plain = factory.me_indicator(me.document, me.objective, unit="percentage")
    db.session.commit()
    officer = login_as(me.officer)
    page = officer.post(_url(plain, "2024Q1", me.agency), data={"v_0_value": "120"}).get_data(as_text=True)
    assert "A percentage is between 0 and 100." in page
    # Row 0 is the total, rows 1 and 2 the female and male cells.
    page = officer.post(_url(share, "2024Q1", me.agency), data={
        "v_1_numerator": "30", "v_1_denominator": "40", "v_2_numerator": "50", "v_2_denominator": "45",
        "action": "save"}).get_data(as_text=True)
    assert "The numerator (50) is above the denominator (45)." in page
    assert _values(db, share) == [] and _values(db, plain) == []
    officer.post(_url(share, "2024Q1", me.agency), data={
        "v_1_numerator": "30", "v_1_denominator": "40", "v_2_numerator": "40", "v_2_denominator": "45"})
    assert sorted((v.cell, v.component, v.value) for v in _values(db, share)) == [
        ("sex=female", "denominator", 40), ("sex=female", "numerator", 30),
        ("sex=male", "denominator", 45), ("sex=male", "numerator", 40)]


def test_the_approver_approves_or_returns_several_groups_at_once(factory, me, db, login_as):
    first, second = factory.me_indicator(me.document, me.objective), factory.me_indicator(me.document, me.objective)
    db.session.commit()
    officer, approver = login_as(me.officer), login_as(me.approver)
    for indicator in (first, second):
        for period in ("2024Q1", "2024Q2"):
            officer.post(_url(indicator, period, me.agency), data={"v_0_value": "5", "action": "submit"})
    queue = approver.get("/me/approvals").get_data(as_text=True)
    assert "4 groups of values await approval" in queue
    tokens = [f"{first.id}:2024Q1:{me.agency.id}", f"{second.id}:2024Q1:{me.agency.id}"]
    assert approver.post("/me/approvals", data={"groups": tokens, "action": "approve"}).status_code == 302
    refused = approver.post("/me/approvals", data={"groups": [f"{first.id}:2024Q2:{me.agency.id}"],
                                                   "action": "return"}, follow_redirects=True)
    assert "a returned value needs a comment" in refused.get_data(as_text=True)
    approver.post("/me/approvals", data={"groups": [f"{first.id}:2024Q2:{me.agency.id}"], "action": "return",
                                         "comment": "Q2 excludes the Batumi office"})
    assert "2 groups of values await approval" not in approver.get("/me/approvals").get_data(as_text=True)
    statuses = {(v.indicator_id, v.period): v.status for v in _values(db, first) + _values(db, second)}
    assert statuses == {(first.id, "2024Q1"): "approved", (second.id, "2024Q1"): "approved",
                        (first.id, "2024Q2"): "returned", (second.id, "2024Q2"): "submitted"}
    page = officer.get(_url(first, "2024Q2", me.agency)).get_data(as_text=True)
    assert "Returned by the approver:" in page and "Q2 excludes the Batumi office" in page
    # Officers have no queue; a scoped approver of another agency cannot decide on these values.
    assert officer.get("/me/approvals").status_code == 403


def test_a_custom_rule_between_two_data_elements_refuses_values_that_break_it(factory, me, db, login_as):
    received = factory.me_indicator(me.document, me.objective, code="APPS-IN")
    processed = factory.me_indicator(me.document, me.objective, code="APPS-DONE")
    db.session.commit()
    officer = login_as(me.officer)
    assert officer.post(f"/me/documents/{me.document.id}/rules", data={
        "left": f"{processed.id}:value", "operator": "<=", "right": f"{received.id}:value",
        "message": "More applications processed than received"}).status_code == 302
    assert "APPS-DONE ≤ APPS-IN" in officer.get(f"/me/documents/{me.document.id}").get_data(as_text=True)
    officer.post(_url(received, "2024Q1", me.agency), data={"v_0_value": "100"})
    page = officer.post(_url(processed, "2024Q1", me.agency), data={"v_0_value": "120"}).get_data(as_text=True)
    assert "More applications processed than received" in page
    assert _values(db, processed) == []
    assert officer.post(_url(processed, "2024Q1", me.agency), data={"v_0_value": "95"}).status_code == 302


def test_an_outlier_is_saved_with_a_warning(factory, me, db, login_as):
    indicator = factory.me_indicator(me.document, me.objective)
    for quarter, value in (("2023Q1", 100), ("2023Q2", 104), ("2023Q3", 98), ("2023Q4", 101)):
        db.session.add(DataValue(indicator_id=indicator.id, period=quarter, org_unit_id=me.agency.id, value=value,
                                 status="approved"))
    db.session.commit()
    officer = login_as(me.officer)
    page = officer.post(_url(indicator, "2024Q1", me.agency), data={"v_0_value": "1000"},
                        follow_redirects=True).get_data(as_text=True)
    assert "Values saved as a draft." in page
    assert "1000 is unusual for this series: earlier periods ranged from 98 to 104." in page


def test_a_scoped_approver_decides_only_inside_their_scope(factory, me, db, login_as):
    from common.models.users import ME_APPROVER

    indicator = factory.me_indicator(me.document, me.objective)
    scoped = factory.user(roles=[(ME_APPROVER, me.other_agency)])
    db.session.commit()
    login_as(me.officer).post(_url(indicator, "2024Q1", me.agency), data={"v_0_value": "5", "action": "submit"})
    approver = login_as(scoped)
    assert "Nothing awaits approval." in approver.get("/me/approvals").get_data(as_text=True)
    page = approver.post("/me/approvals", data={"groups": [f"{indicator.id}:2024Q1:{me.agency.id}"],
                                                "action": "approve"}, follow_redirects=True).get_data(as_text=True)
    assert "You may not decide on values of" in page
    assert [v.status for v in _values(db, indicator)] == ["submitted"]


def test_an_evidence_file_is_kept_with_its_value(factory, me, db, login_as):
    import io

    indicator = factory.me_indicator(me.document, me.objective)
    db.session.commit()
    officer = login_as(me.officer)
    officer.post(_url(indicator, "2024Q1", me.agency), content_type="multipart/form-data", data={
        "v_0_value": "5", "c_0": "See the signed report", "e_0": (io.BytesIO(b"%PDF-1.4 report"), "report.pdf")})
    value = _values(db, indicator)[0]
    assert value.evidence.filename == "report.pdf" and value.comment == "See the signed report"
    download = login_as(me.approver).get(f"/me/evidence/{value.evidence_id}")
    assert download.data == b"%PDF-1.4 report" and "attachment" in download.headers["Content-Disposition"]
