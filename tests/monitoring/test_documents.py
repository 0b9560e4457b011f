"""Documents, results trees, passports and targets, through the pages and the operations."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from common.errors import OperationError
from common.models import AuditEvent
from monitoring.models import DocumentRevision, Indicator, PolicyDocument, ResultNode, Target
from monitoring.operations import indicators as ops


def test_a_target_revision_keeps_the_old_value_and_the_reason_in_the_history(factory, me, db, login_as):
    indicator = factory.me_indicator(me.document, me.objective, code="PAR-1.1")
    db.session.commit()
    officer = login_as(me.officer)
    url = f"/me/indicators/{indicator.id}"
    assert officer.post(url, data={"period": "2026", "value": "80"}).status_code == 302
    page = officer.post(url, data={"period": "2026", "value": "70"}).get_data(as_text=True)
    assert "A target revision needs a reason: it is kept in the history." in page
    assert officer.post(url, data={"period": "2026", "value": "70",
                                   "reason": "Budget cut by the 2025 budget law"}).status_code == 302
    targets = db.session.execute(select(Target).order_by(Target.version)).scalars().all()
    assert [(t.period, t.version, t.value, t.reason) for t in targets] == [
        ("2026", 1, 80.0, ""), ("2026", 2, 70.0, "Budget cut by the 2025 budget law")]
    page = officer.get(url).get_data(as_text=True)
    history = page[page.index('id="targets"'):]
    assert "superseded" in history and "in force" in history
    assert "Budget cut by the 2025 budget law" in history and ">80<" in history and ">70<" in history
    audit = db.session.execute(select(AuditEvent).where(AuditEvent.action == "revise_target")).scalar_one()
    assert audit.changes["target"] == [80.0, 70.0]


def test_targets_are_set_only_by_the_responsible_agency(app, factory, me, db, login_as):
    indicator = factory.me_indicator(me.document, me.objective)
    db.session.commit()
    # An unpublished draft is not even readable by another agency; once published it is, but not theirs to change.
    assert login_as(me.other_officer).post(f"/me/indicators/{indicator.id}",
                                           data={"period": "2026", "value": "80"}).status_code == 404
    me.document.published = True
    db.session.commit()
    assert login_as(me.other_officer).post(f"/me/indicators/{indicator.id}",
                                           data={"period": "2026", "value": "80"}).status_code == 403
    with app.test_request_context(), pytest.raises(OperationError, match="responsible agency"):
        ops.set_target(indicator, "2026", 80, actor=me.other_officer)


def test_an_officer_builds_a_strategy_and_a_revision_keeps_the_earlier_version(me, db, login_as):
    officer = login_as(me.officer)
    response = officer.post("/me/documents/new", data={
        "code": "PFM-2024", "kind": "action_plan", "title_ka": "სამოქმედო გეგმა", "title_en": "PFM Action Plan",
        "owner_unit_id": str(me.agency.id), "period_start": "2024-01-01", "period_end": "2025-12-31",
        "legal_act": "Decree No. 1", "levels": "goal, objective, activity", "entry_window_days": "45",
        "green_threshold": "0.9", "amber_threshold": "0.7"})
    assert response.status_code == 302
    document = db.session.execute(select(PolicyDocument).where(PolicyDocument.code == "PFM-2024")).scalar_one()
    assert officer.post(f"/me/documents/{document.id}/results/new", data={
        "parent_id": "", "code": "1", "title_ka": "მიზანი", "title_en": "Goal one"}).status_code == 302
    goal = db.session.execute(select(ResultNode).where(ResultNode.document_id == document.id)).scalar_one()
    assert officer.post(f"/me/documents/{document.id}/results/new", data={
        "parent_id": str(goal.id), "code": "1.1", "title_ka": "ამოცანა", "title_en": "Objective one",
        "responsible_unit_id": str(me.agency.id), "partner_ids": [str(me.other_agency.id)],
        "budget_planned": "150000"}).status_code == 302
    objective = db.session.execute(select(ResultNode).where(ResultNode.code == "1.1",
                                                        ResultNode.document_id == document.id)).scalar_one()
    assert objective.level == 1 and [u.code for u in objective.partners] == ["PSH"]
    assert officer.post(f"/me/documents/{document.id}/indicators/new", data={
        "result_id": str(objective.id), "code": "PFM-1", "name_ka": "წილი", "name_en": "Share of budget executed",
        "level": "outcome", "unit": "percentage", "direction": "increase", "aggregation": "last",
        "frequency": "semiannual", "responsible_unit_id": str(me.agency.id), "dimensions": ["sex"],
        "custom_dimensions": "channel: online, office", "computed": "y", "factor": "100",
        "tags": "SDG 16.6.1, EU-AA 4"}).status_code == 302
    indicator = db.session.execute(select(Indicator).where(Indicator.code == "PFM-1")).scalar_one()
    assert indicator.dimensions == {"sex": ["female", "male"], "channel": ["online", "office"]}
    assert indicator.tags == ["SDG 16.6.1", "EU-AA 4"] and indicator.computed

    assert officer.post(f"/me/documents/{document.id}/edit", data={
        "code": "PFM-2024", "kind": "action_plan", "title_ka": "სამოქმედო გეგმა", "title_en": "PFM Action Plan",
        "owner_unit_id": str(me.agency.id), "period_start": "2024-01-01", "period_end": "2026-12-31",
        "legal_act": "Decree No. 7", "levels": "goal, objective, activity", "entry_window_days": "45",
        "green_threshold": "0.9", "amber_threshold": "0.7", "reason": "Extended by a year"}).status_code == 302
    db.session.expire_all()
    assert (document.version, document.period_end) == (2, date(2026, 12, 31))
    revisions = db.session.execute(select(DocumentRevision).order_by(DocumentRevision.version)).scalars().all()
    assert [(r.version, r.snapshot["legal_act"], r.reason) for r in revisions] == [
        (1, "Decree No. 1", "Created"), (2, "Decree No. 7", "Extended by a year")]
    page = officer.get(f"/me/documents/{document.id}").get_data(as_text=True)
    assert "Extended by a year" in page and "Decree No. 1" in page
    # Another agency's officer may read it but not change it.
    assert login_as(me.other_officer).get(f"/me/documents/{document.id}/edit").status_code == 403


def test_the_quality_check_flags_incomplete_passports(factory, me, db, login_as):
    factory.me_indicator(me.document, me.objective, code="Q-1", baseline_value=1, baseline_year=2022)
    complete = factory.me_indicator(me.document, me.objective, code="Q-2", baseline_not_available=True)
    factory.me_indicator(me.document, me.objective, code="Q-3", source="", frequency=None, responsible_unit_id=None)
    db.session.add(Target(indicator_id=complete.id, period="2026", value=5))
    db.session.commit()
    page = login_as(me.approver).get(f"/me/documents/{me.document.id}").get_data(as_text=True)
    assert "1 of 3 passports are complete (33%)." in page
    quality = page[page.index('id="quality"'):]
    assert "Q-1</a> Indicator" in quality and "Target" in quality
    assert "Baseline, Target, Source, Owner, Frequency" in quality


def test_an_activity_reports_its_implementation_per_period(factory, me, db, login_as):
    activity = factory.me_result(me.document, parent=me.objective, code="1.1.1", responsible_unit_id=me.agency.id)
    db.session.commit()
    officer = login_as(me.officer)
    report = {"period": "2025S1", "status": "mostly", "narrative": "Two of three trainings held"}
    assert officer.post(f"/me/results/{activity.id}", data=report).status_code == 302
    page = login_as(me.approver).get(f"/me/documents/{me.document.id}").get_data(as_text=True)
    assert "Mostly implemented (2025S1)" in page
    me.document.published = True  # readable by another agency, not theirs to report
    db.session.commit()
    assert login_as(me.other_officer).post(f"/me/results/{activity.id}", data={
        "period": "2025S1", "status": "not"}).status_code == 403
