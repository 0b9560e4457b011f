"""The approval queue reads a summary of the groups awaiting approval (``monitoring.submitted``), kept by the value
writes: after any series of submissions, decisions, reopenings, form and file writes, cleared values, direct ORM
changes, bulk inserts and rollbacks it holds exactly the groups a grouped count of the submitted values finds; a
drifted table is fixed by ``flask monitoring rebuild-queue``."""

from __future__ import annotations

import random
from datetime import date, datetime

from sqlalchemy import func, insert, select, text

from common.errors import OperationError
from common.models.users import ME_APPROVER
from monitoring.models import DataValue, SubmittedGroup
from monitoring.operations import imports
from monitoring.operations.checks import Entry, EntryRefused
from monitoring.operations.values import decide, record_values, reopen, submit_group
from monitoring.queue import approval_queue
from monitoring.submitted import rebuild
from tests.monitoring.conftest import csv_bytes

TODAY = date(2024, 12, 20)
PERIODS = ("2024Q1", "2024Q2", "2024Q3")
HEADER = ["indicator_code", "period", "org_unit_code", "value_type", "value", "comment"]


def summary(db) -> dict[tuple[int, str, int], tuple[int, datetime]]:
    rows = db.session.execute(select(SubmittedGroup.indicator_id, SubmittedGroup.period, SubmittedGroup.org_unit_id,
                                     SubmittedGroup.value_count, SubmittedGroup.submitted_at)).all()
    return {(i, p, u): (n, at) for i, p, u, n, at in rows}


def counted(db) -> dict[tuple[int, str, int], tuple[int, datetime]]:
    v = DataValue
    rows = db.session.execute(select(v.indicator_id, v.period, v.org_unit_id, func.count(), func.max(v.updated_at))
                              .where(v.status == "submitted").group_by(v.indicator_id, v.period, v.org_unit_id)).all()
    return {(i, p, u): (n, at) for i, p, u, n, at in rows}


def assert_kept(db) -> None:
    """Every group with submitted values is there with their number, submitted no earlier than its latest value
    (the summary's time only moves forward while a group waits), and no other group is."""
    kept, found = summary(db), counted(db)
    assert {key: n for key, (n, _at) in kept.items()} == {key: n for key, (n, _at) in found.items()}
    assert all(kept[key][1] >= at for key, (_n, at) in found.items())


def _world(factory, me, db):
    indicators = [factory.me_indicator(me.document, me.objective, code=f"SG-{n}") for n in range(3)]
    db.session.commit()
    groups = [(i, p, u) for i in indicators for p in PERIODS for u in (me.agency, me.office)]
    return indicators, groups


def _step(rng, db, me, groups, serial) -> None:
    indicator, period, unit = rng.choice(groups)
    group = (indicator.id, period, unit.id)
    action = rng.choice(("draft", "submit_form", "submit", "approve", "return", "reopen", "orm_add", "orm_status",
                         "orm_delete", "cleared", "import"))
    try:
        if action in ("draft", "submit_form"):
            record_values([Entry(indicator, period, unit, float(rng.randint(1, 50)))], actor=me.officer,
                          submit=action == "submit_form", today=TODAY)
        elif action == "submit":
            submit_group(group, unit, actor=me.officer)
        elif action in ("approve", "return"):
            decide([group], {unit.id: unit}, approve=action == "approve", actor=me.approver, comment="Check it",
                   confirmed=[group])
        elif action == "reopen":
            reopen(group, unit, actor=me.approver, reason="A correction")
        elif action == "orm_add":  # another cell of the group, in any state
            db.session.add(DataValue(indicator_id=indicator.id, period=period, org_unit_id=unit.id,
                                     cell=f"extra={serial}", cell_depth=1, component="value", value=1,
                                     status=rng.choice(("draft", "submitted", "approved"))))
        elif action in ("orm_status", "orm_delete"):
            values = db.session.execute(select(DataValue).where(DataValue.indicator_id == indicator.id)).scalars().all()
            if values:
                value = rng.choice(values)
                if action == "orm_delete":
                    db.session.delete(value)
                else:
                    value.status = rng.choice(("draft", "submitted", "approved", "returned"))
        elif action == "cleared":
            record_values([], actor=me.officer, today=TODAY, cleared=[(indicator.id, period, unit.id, "", "value")])
        else:
            imports.import_file(csv_bytes(HEADER, [[indicator.code, period, unit.code, "actual",
                                                    rng.randint(1, 50), ""]]), "values.csv", actor=me.officer,
                                submit=rng.random() < 0.7, today=TODAY)
    except (OperationError, EntryRefused):
        db.session.rollback()
        return
    if rng.random() < 0.2:
        db.session.flush()
        db.session.rollback()
    else:
        db.session.commit()


def test_the_summary_equals_a_grouped_count_after_random_writes_through_every_path(factory, me, db):
    _indicators, groups = _world(factory, me, db)
    rng = random.Random(20)
    for serial in range(160):
        _step(rng, db, me, groups, serial)
        assert_kept(db)
    assert summary(db)  # the walk did leave groups waiting


def test_a_rollback_leaves_the_summary_as_it_was(factory, me, db):
    indicators, _groups = _world(factory, me, db)
    record_values([Entry(indicators[0], "2024Q1", me.agency, 5.0)], actor=me.officer, submit=True, today=TODAY)
    db.session.commit()
    before = summary(db)
    assert list(before) == [(indicators[0].id, "2024Q1", me.agency.id)]
    record_values([Entry(indicators[1], "2024Q1", me.agency, 6.0)], actor=me.officer, submit=True, today=TODAY)
    decide([(indicators[0].id, "2024Q1", me.agency.id)], {me.agency.id: me.agency}, approve=True,
           actor=me.approver, confirmed=[(indicators[0].id, "2024Q1", me.agency.id)])
    db.session.flush()
    assert list(summary(db)) == [(indicators[1].id, "2024Q1", me.agency.id)]
    db.session.rollback()
    assert summary(db) == before


def test_a_resubmitted_group_moves_to_its_latest_submission_and_a_decided_one_leaves(factory, me, db):
    indicators, _groups = _world(factory, me, db)
    group = (indicators[0].id, "2024Q1", me.agency.id)
    db.session.add(DataValue(indicator_id=group[0], period=group[1], org_unit_id=group[2], cell="", value=1,
                             status="submitted", updated_at=datetime(2024, 4, 2)))
    db.session.add(DataValue(indicator_id=group[0], period=group[1], org_unit_id=group[2], cell="sex=female",
                             cell_depth=1, value=1, status="draft", updated_at=datetime(2024, 4, 1)))
    db.session.commit()
    assert summary(db) == {group: (1, datetime(2024, 4, 2))}
    draft = db.session.execute(select(DataValue).where(DataValue.status == "draft")).scalar_one()
    draft.status, draft.updated_at = "submitted", datetime(2024, 4, 5)
    db.session.commit()
    assert summary(db) == {group: (2, datetime(2024, 4, 5))}
    decide([group], {me.agency.id: me.agency}, approve=False, actor=me.approver, comment="Check the total")
    db.session.commit()
    assert summary(db) == {}
    assert approval_queue(me.approver).items == []


def test_bulk_inserts_are_counted_and_the_rebuild_command_fixes_a_drifted_summary(factory, me, db, app):
    indicators, _groups = _world(factory, me, db)
    db.session.execute(insert(DataValue), [
        {"indicator_id": indicators[0].id, "period": p, "org_unit_id": me.agency.id, "cell": "", "cell_depth": 0,
         "component": "value", "value": 1, "status": s, "updated_at": datetime(2024, 5, 1)}
        for p, s in zip(PERIODS, ("submitted", "submitted", "approved"), strict=True)])
    db.session.commit()
    assert summary(db) == {(indicators[0].id, p, me.agency.id): (1, datetime(2024, 5, 1)) for p in PERIODS[:2]}
    # Rows written behind the session's back (raw SQL, COPY) leave the summary behind until it is rebuilt.
    db.session.execute(text("UPDATE me_value SET status = 'submitted'"))
    db.session.execute(text("DELETE FROM me_submitted_group WHERE period = '2024Q1'"))
    db.session.commit()
    assert summary(db) != counted(db)
    result = app.test_cli_runner().invoke(args=["monitoring", "rebuild-queue"])
    assert result.exit_code == 0 and "Approval queue groups recounted." in result.output
    db.session.expire_all()
    assert summary(db) == counted(db) and len(summary(db)) == 3
    rebuild(db.session.connection(), [indicators[1].id])  # another indicator's recount leaves these alone
    assert summary(db) == counted(db)


def test_an_approver_of_one_agency_pages_through_its_groups_only(factory, me, db):
    indicators, _groups = _world(factory, me, db)
    for n, (indicator, unit) in enumerate([(indicators[0], me.agency), (indicators[1], me.office),
                                           (indicators[2], me.other_agency)]):
        db.session.add(DataValue(indicator_id=indicator.id, period="2024Q1", org_unit_id=unit.id, cell="", value=1,
                                 status="submitted", updated_at=datetime(2024, 4, 1 + n)))
    agency = factory.user(roles=[(ME_APPROVER, me.agency)], email="approver@rs.gov.ge")
    other = factory.user(roles=[(ME_APPROVER, me.other_agency)], email="approver@psh.gov.ge")
    db.session.commit()
    assert [(item.indicator.id, item.unit.id) for item in approval_queue(agency)] == [
        (indicators[0].id, me.agency.id), (indicators[1].id, me.office.id)]  # the office is inside the agency
    assert [(item.indicator.id, item.unit.id) for item in approval_queue(other)] == [
        (indicators[2].id, me.other_agency.id)]
    assert [item.indicator.id for item in approval_queue(me.approver)] == [i.id for i in indicators]
    past = approval_queue(agency, page=5, size=1)  # past the end: the last page
    assert (past.page.page, past.page.total) == (2, 2) and [item.unit.id for item in past] == [me.office.id]
