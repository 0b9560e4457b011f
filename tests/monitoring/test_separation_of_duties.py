"""Four eyes and one read rule in M&E: nobody approves their own values or targets, whatever roles they hold;
a target revision of a published strategy is not in force nor public until someone else approves it; an import's
targets fall in the strategy's period; another agency's drafts and evidence are not theirs to read."""

from __future__ import annotations

import io

from sqlalchemy import select

from common.models import AuditEvent
from common.models.users import ADMIN, ME_APPROVER, ME_OFFICER
from monitoring.models import DataValue, Target
from tests.monitoring.conftest import csv_bytes, upload

HEADER = ["indicator_code", "period", "org_unit_code", "value_type", "value", "comment"]


def _url(indicator, period, unit):
    return f"/me/indicators/{indicator.id}/values?period={period}&unit={unit.id}"


def _statuses(db, indicator):
    db.session.expire_all()
    return [v.status for v in db.session.execute(select(DataValue).where(
        DataValue.indicator_id == indicator.id)).scalars()]


def test_an_officer_who_is_also_approver_cannot_approve_what_they_submitted(factory, me, db, login_as):
    both = factory.user(roles=[(ME_OFFICER, me.agency), (ME_APPROVER, me.agency)], email="both@rs.gov.ge")
    indicator = factory.me_indicator(me.document, me.objective)
    db.session.commit()
    client = login_as(both)
    assert client.post(_url(indicator, "2024Q1", me.agency), data={"v_0_value": "5", "action": "submit"}
                       ).status_code == 302
    token = f"{indicator.id}:2024Q1:{me.agency.id}"
    page = client.post("/me/approvals", data={"groups": [token], "action": "approve"}, follow_redirects=True)
    assert "You entered or submitted some of these values: someone else must approve them." in page.get_data(
        as_text=True)
    assert _statuses(db, indicator) == ["submitted"]
    # Someone else approves them.
    assert login_as(me.approver).post("/me/approvals", data={"groups": [token], "action": "approve"}
                                      ).status_code == 302
    assert _statuses(db, indicator) == ["approved"]
    value = db.session.execute(select(DataValue).where(DataValue.indicator_id == indicator.id)).scalar_one()
    assert value.entered_by_id == value.submitted_by_id == both.id and value.reviewed_by_id == me.approver.id


def test_an_administrator_cannot_approve_values_they_submitted_either(factory, me, db, login_as):
    admin = factory.user(roles=[(ADMIN, None)], email="root@gov.ge")
    indicator = factory.me_indicator(me.document, me.objective)
    db.session.commit()
    client = login_as(admin)
    assert client.post(_url(indicator, "2024Q1", me.agency), data={"v_0_value": "5", "action": "submit"}
                       ).status_code == 302
    token = f"{indicator.id}:2024Q1:{me.agency.id}"
    page = client.post("/me/approvals", data={"groups": [token], "action": "approve"}, follow_redirects=True)
    assert "someone else must approve them" in page.get_data(as_text=True)
    assert _statuses(db, indicator) == ["submitted"]


def test_approving_a_draft_someone_else_submitted_but_you_entered_is_refused(factory, me, db, login_as):
    """Entering counts as much as submitting: an approver who typed the values does not approve them."""
    both = factory.user(roles=[(ME_OFFICER, me.agency), (ME_APPROVER, None)], email="typist@rs.gov.ge")
    indicator = factory.me_indicator(me.document, me.objective)
    db.session.commit()
    assert login_as(both).post(_url(indicator, "2024Q1", me.agency), data={"v_0_value": "5", "action": "save"}
                               ).status_code == 302
    token = f"{indicator.id}:2024Q1:{me.agency.id}"
    value = db.session.execute(select(DataValue).where(DataValue.indicator_id == indicator.id)).scalar_one()
    value.status, value.submitted_by_id = "submitted", me.officer.id  # the colleague sends it on
    db.session.commit()
    page = login_as(both).post("/me/approvals", data={"groups": [token], "action": "approve"}, follow_redirects=True)
    assert "someone else must approve them" in page.get_data(as_text=True)
    assert _statuses(db, indicator) == ["submitted"]


def test_a_target_revision_of_a_published_strategy_is_not_in_force_nor_public_until_someone_else_approves(
        factory, me, db, login_as, client):
    both = factory.user(roles=[(ME_OFFICER, me.agency), (ME_APPROVER, me.agency)], email="both@rs.gov.ge")
    indicator = factory.me_indicator(me.document, me.objective, code="PAR-T")
    db.session.add(Target(indicator_id=indicator.id, period="2026", value=80))
    me.document.published = True
    db.session.commit()
    url = f"/me/indicators/{indicator.id}"
    officer = login_as(both)
    response = officer.post(url, data={"period": "2026", "value": "20", "reason": "Lowered quietly"},
                            follow_redirects=True)
    assert "Target proposed: it counts once an approver other than you approves it." in response.get_data(
        as_text=True)
    proposed = db.session.execute(select(Target).where(Target.version == 2)).scalar_one()
    assert proposed.status == "proposed"
    public = client.get(f"/public/indicators/{indicator.id}").get_data(as_text=True)
    assert ">80<" in public and ">20<" not in public
    # Its author cannot approve it, even holding the approver role; the form is not offered to them.
    assert "Approve the target" not in officer.get(url).get_data(as_text=True)
    officer.post(f"/me/targets/{proposed.id}/decide", data={"action": "approve"})
    db.session.expire_all()
    assert db.session.get(Target, proposed.id).status == "proposed"
    assert ">20<" not in client.get(f"/public/indicators/{indicator.id}").get_data(as_text=True)
    # Another approver does; only then it is in force and public.
    approver = login_as(me.approver)
    assert "Approve the target" in approver.get(url).get_data(as_text=True)
    assert approver.post(f"/me/targets/{proposed.id}/decide", data={"action": "approve"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Target, proposed.id).status == "approved"
    public = client.get(f"/public/indicators/{indicator.id}").get_data(as_text=True)
    assert ">20<" in public
    assert db.session.execute(select(AuditEvent).where(AuditEvent.action == "approve_target")).scalar_one()


def test_an_import_refuses_a_target_outside_the_strategys_period(factory, me, db, login_as):
    indicator = factory.me_indicator(me.document, me.objective, code="PAR-P")  # strategy 2023–2026
    db.session.commit()
    rows = [["PAR-P", "2027", "", "target", "90", ""], ["PAR-P", "2026", "", "target", "80", ""]]
    page = upload(login_as(me.officer), csv_bytes(HEADER, rows), "targets.csv").get_data(as_text=True)
    assert "2027 is outside the period of" in page and "2023-01-01 – 2026-12-31" in page
    assert db.session.execute(select(Target).where(Target.indicator_id == indicator.id)).scalars().all() == []
    # And through the page.
    response = login_as(me.officer).post(f"/me/indicators/{indicator.id}", data={"period": "2027", "value": "90"})
    assert "2027 is outside the period of" in response.get_data(as_text=True)


def test_another_agency_reads_approved_values_of_a_published_strategy_but_not_drafts_or_evidence(
        factory, me, db, login_as):
    indicator = factory.me_indicator(me.document, me.objective)
    me.document.published = True
    db.session.commit()
    officer = login_as(me.officer)
    evidence = {"v_0_value": "4242", "action": "save",
                "e_0": (io.BytesIO(b"personal_number\n01001000001\n"), "register.csv")}
    assert officer.post(_url(indicator, "2024Q2", me.agency), data=evidence,
                        content_type="multipart/form-data").status_code == 302
    value = db.session.execute(select(DataValue).where(DataValue.indicator_id == indicator.id)).scalar_one()
    assert value.evidence_id is not None
    row = f"period=2024Q2&amp;unit={me.agency.id}"  # the draft's line in the table of reported values
    assert row in officer.get(f"/me/indicators/{indicator.id}").get_data(as_text=True)
    outsider = login_as(me.other_officer)
    assert row not in outsider.get(f"/me/indicators/{indicator.id}").get_data(as_text=True)
    page = outsider.get(_url(indicator, "2024Q2", me.agency)).get_data(as_text=True)
    assert "register.csv" not in page and "4242" not in page
    assert "register.csv" in officer.get(_url(indicator, "2024Q2", me.agency)).get_data(as_text=True)
    # The evidence file: 404 for the other agency, nothing logged for them.
    assert outsider.get(f"/me/evidence/{value.evidence_id}").status_code == 404
    # The officer of the agency downloads it; the download is in the audit log with the record it belongs to.
    download = officer.get(f"/me/evidence/{value.evidence_id}")
    assert download.status_code == 200 and b"01001000001" in download.data
    reads = db.session.execute(select(AuditEvent).where(AuditEvent.kind == "read",
                                                        AuditEvent.object_type == "Evidence")).scalars().all()
    assert [(r.actor_id, r.object_id) for r in reads] == [(me.officer.id, str(value.evidence_id))]
    assert "register.csv" in reads[0].summary and "RS" in reads[0].summary
    # The approver in scope may read it too.
    assert login_as(me.approver).get(f"/me/evidence/{value.evidence_id}").status_code == 200


def test_results_and_indicators_added_to_a_published_strategy_count_once_someone_else_approves(
        factory, me, db, login_as, client):
    both = factory.user(roles=[(ME_OFFICER, me.agency), (ME_APPROVER, me.agency)], email="both@rs.gov.ge")
    me.document.published = True
    db.session.commit()
    officer = login_as(both)
    base = f"/me/documents/{me.document.id}"
    assert officer.post(f"{base}/results/new", data={"parent_id": str(me.objective.id), "code": "1.1.9",
                                                     "title_ka": "ახალი", "title_en": "A quiet new output"}
                        ).status_code == 302
    from monitoring.models import ResultNode

    node = db.session.execute(select(ResultNode).where(ResultNode.code == "1.1.9")).scalar_one()
    assert (node.status, node.proposed_by_id) == ("proposed", both.id)
    assert "A quiet new output" not in client.get(f"/public/documents/{me.document.id}").get_data(as_text=True)
    page = officer.get(base).get_data(as_text=True)
    assert "Changes awaiting approval" in page and "Approve the change" not in page  # not for its author
    officer.post(f"{base}/changes/result/{node.id}", data={"action": "approve"})
    db.session.expire_all()
    assert db.session.get(ResultNode, node.id).status == "proposed"
    approver = login_as(me.approver)
    assert "Approve the change" in approver.get(base).get_data(as_text=True)
    assert approver.post(f"{base}/changes/result/{node.id}", data={"action": "approve"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(ResultNode, node.id).status == "approved"
    assert "A quiet new output" in client.get(f"/public/documents/{me.document.id}").get_data(as_text=True)
    # An indicator added to the published strategy is not public until approved either.
    indicator = factory.me_indicator(me.document, me.objective, code="PAR-NEW", status="proposed",
                                     proposed_by_id=both.id)
    db.session.commit()
    assert client.get(f"/public/indicators/{indicator.id}").status_code == 404
    assert "PAR-NEW" not in client.get(f"/public/documents/{me.document.id}/data.csv").get_data(as_text=True)


def test_an_officer_of_a_regional_office_reads_the_draft_strategy_their_agency_reports(factory, me, db, login_as):
    regional = factory.user(roles=[(ME_OFFICER, me.office)], email="officer@rs-im.gov.ge")
    indicator = factory.me_indicator(me.document, me.objective, responsible_unit_id=me.agency.id)
    db.session.commit()
    client = login_as(regional)
    assert client.get(f"/me/documents/{me.document.id}").status_code == 200
    assert client.get(_url(indicator, "2024Q1", me.office)).status_code == 200
    assert login_as(me.other_officer).get(f"/me/documents/{me.document.id}").status_code == 404
