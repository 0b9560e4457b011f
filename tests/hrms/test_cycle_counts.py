"""The cycle overview's counts come from a summary the writes keep (``hrms.counts``): the next request after an
appraisal moves, is created, changes evaluator or unit, or is deleted shows it; after any series of writes the
summary equals a count of the appraisals; bulk inserts are counted; a drifted table is fixed by the rebuild."""

from __future__ import annotations

import random
import re

from sqlalchemy import func, insert, select, text

from common.extensions import db as _db
from hrms.counts import rebuild
from hrms.models import AGREED, CALIBRATION, DRAFT, SELF_ASSESSED, STATES, Appraisal, AppraisalCount
from hrms.operations import workflow
from hrms.operations.cycles import generate_appraisals


def by_state(client, cycle) -> dict[str, int]:
    """The 'Appraisals by state' table of the overview, as the page shows it (English labels)."""
    page = client.get(f"/hr/cycles/{cycle.id}").get_data(as_text=True)
    table = page.split("Appraisals by state", 1)[1].split("</table>", 1)[0]
    return {label: int(n) for label, n in re.findall(r"<tr><td>([^<]+)</td><td class=\"num\">(?:<a [^>]*>)?(\d+)",
                                                      table)}


def missing_evaluators(client, cycle) -> int:
    page = client.get(f"/hr/cycles/{cycle.id}").get_data(as_text=True)
    found = re.search(r"(\d+) without an evaluator", page)
    return int(found.group(1)) if found else 0


def summary() -> dict[tuple[int, int, str], tuple[int, int]]:
    rows = _db.session.execute(select(AppraisalCount.cycle_id, AppraisalCount.org_unit_id, AppraisalCount.state,
                                      AppraisalCount.total, AppraisalCount.without_evaluator)
                               .where(AppraisalCount.total != 0)).all()
    return {(c, u, s): (n, m) for c, u, s, n, m in rows}


def counted() -> dict[tuple[int, int, str], tuple[int, int]]:
    rows = _db.session.execute(select(Appraisal.cycle_id, Appraisal.org_unit_id, Appraisal.state, func.count(),
                                      func.count() - func.count(Appraisal.evaluator_id))
                               .group_by(Appraisal.cycle_id, Appraisal.org_unit_id, Appraisal.state)).all()
    return {(c, u, s): (n, m) for c, u, s, n, m in rows}


DRAFTING, AGREED_LABEL = "Objectives being drafted", "Objectives agreed, self-assessment due"


def test_the_next_request_shows_a_move_a_new_and_a_deleted_appraisal(login_as, factory, db, hr_world):
    hr = login_as(hr_world.users["hr"])
    assert by_state(hr, hr_world.cycle)[DRAFTING] == 7  # the head, the person, four peers and the grand head
    appraisal = hr_world.appraisal()
    workflow.save_objectives(appraisal, [workflow.ObjectiveInput(title="Budget", weight=100, measure="On time")],
                             actor=hr_world.users["employee"], version=None)
    workflow.agree_objectives(appraisal, actor=hr_world.users["employee"], version=None)
    workflow.agree_objectives(appraisal, actor=hr_world.users["manager"], version=None)
    db.session.commit()
    shown = by_state(hr, hr_world.cycle)
    assert (shown[DRAFTING], shown[AGREED_LABEL]) == (6, 1)

    newcomer = factory.employee(hr_world.division, manager=hr_world.boss)
    db.session.add(Appraisal(cycle_id=hr_world.cycle.id, employee_id=newcomer.id, org_unit_id=hr_world.division.id,
                             state=AGREED))  # one appraisal added through the session, without an evaluator
    db.session.commit()
    shown = by_state(hr, hr_world.cycle)
    assert (shown[DRAFTING], shown[AGREED_LABEL]) == (6, 2)
    assert missing_evaluators(hr, hr_world.cycle) == 2  # the newcomer and the grand head, who has no manager

    db.session.delete(hr_world.appraisal(hr_world.peers[0]))
    db.session.commit()
    assert by_state(hr, hr_world.cycle)[DRAFTING] == 5
    assert summary() == counted()


def test_an_evaluator_named_later_and_an_expired_object_are_followed(login_as, factory, db, hr_world):
    hr = login_as(hr_world.users["hr"])
    appraisal = hr_world.appraisal(hr_world.peers[1])
    assert missing_evaluators(hr, hr_world.cycle) == 1  # the grand head, who has no manager
    appraisal.evaluator_id = None
    db.session.commit()
    assert missing_evaluators(hr, hr_world.cycle) == 2
    db.session.expire(appraisal)  # the old values are no longer in the session: read from the database
    appraisal.evaluator = hr_world.boss
    appraisal.state = SELF_ASSESSED
    db.session.commit()
    assert missing_evaluators(hr, hr_world.cycle) == 1
    assert by_state(hr, hr_world.cycle)["Self-assessed, manager assessment due"] == 1
    assert summary() == counted()


def test_a_rolled_back_change_leaves_the_counts(login_as, factory, db, hr_world):
    hr = login_as(hr_world.users["hr"])
    before = summary()
    hr_world.appraisal().state = CALIBRATION
    db.session.flush()
    db.session.rollback()
    assert summary() == before == counted()
    assert by_state(hr, hr_world.cycle)[DRAFTING] == 7


def test_generated_appraisals_are_counted_in_the_same_transaction(login_as, factory, db, hr_world):
    for _ in range(3):
        factory.employee(hr_world.division, manager=hr_world.boss)
    db.session.commit()
    assert generate_appraisals(hr_world.cycle, actor=None) == 3  # insert(Appraisal) in bulk, through the session
    assert summary() == counted()  # before the commit: a page in this transaction would see them
    db.session.commit()
    assert by_state(login_as(hr_world.users["hr"]), hr_world.cycle)[DRAFTING] == 10


def test_the_summary_equals_a_count_after_a_series_of_writes(factory, db, hr_world):
    second = factory.hr_cycle(hr_world.ministry, template=hr_world.template)
    other_unit = factory.unit("MOF-2", parent=hr_world.ministry, kind="division", name_en="Audit Division")
    db.session.commit()
    rng = random.Random(20)
    for step in range(60):
        appraisals = db.session.execute(select(Appraisal).order_by(Appraisal.id)).scalars().all()
        appraisal = rng.choice(appraisals)
        action = rng.choice(("state", "state", "evaluator", "unit", "cycle", "new", "delete", "rollback"))
        if action == "state":
            appraisal.state = rng.choice(STATES)
        elif action == "evaluator":
            appraisal.evaluator_id = rng.choice((None, hr_world.boss.id, hr_world.grand.id))
        elif action == "unit":
            appraisal.org_unit_id = rng.choice((hr_world.division.id, other_unit.id, hr_world.ministry.id))
        elif action == "cycle":
            taken = {a.employee_id for a in appraisals if a.cycle_id != appraisal.cycle_id}
            if appraisal.employee_id not in taken:
                appraisal.cycle_id = second.id if appraisal.cycle_id == hr_world.cycle.id else hr_world.cycle.id
        elif action == "new":
            person = factory.employee(hr_world.division, manager=hr_world.boss)
            db.session.add(Appraisal(cycle=rng.choice((hr_world.cycle, second)), employee_id=person.id,
                                     org_unit_id=other_unit.id, state=rng.choice(STATES),
                                     evaluator_id=rng.choice((None, hr_world.boss.id))))
        elif action == "delete":
            db.session.delete(appraisal)
        else:
            appraisal.state = DRAFT if appraisal.state != DRAFT else AGREED
            db.session.flush()
            db.session.rollback()
            continue
        db.session.commit() if step % 3 else db.session.flush()  # some writes share a transaction
        assert summary() == counted(), (step, action)
    db.session.commit()
    assert summary() == counted()


def test_the_rebuild_command_fixes_a_table_that_drifted(app, login_as, db, hr_world):
    hr = login_as(hr_world.users["hr"])
    right = counted()
    db.session.execute(text("UPDATE hr_appraisal SET state = 'calibration'"))  # bypasses the session
    db.session.execute(text("UPDATE hr_appraisal_count SET total = total + 5"))
    db.session.commit()
    assert by_state(hr, hr_world.cycle)[DRAFTING] == 17  # the drifted summary is what the page shows (2 units)
    result = app.test_cli_runner().invoke(args=["hr", "rebuild-counts"])
    assert result.exit_code == 0, result.output
    shown = by_state(hr, hr_world.cycle)
    assert (shown[DRAFTING], shown["Assessed, in calibration"]) == (0, 7)
    assert summary() == counted() != right
    rebuild(db.session.connection(), [hr_world.cycle.id])  # one cycle alone gives the same
    assert summary() == counted()


def test_core_bulk_writes_through_the_session_are_recounted(factory, db, hr_world):
    person = factory.employee(hr_world.division, manager=hr_world.boss)
    db.session.commit()
    db.session.execute(insert(Appraisal.__table__).values(cycle_id=hr_world.cycle.id, employee_id=person.id,
                                                          org_unit_id=hr_world.division.id, state=CALIBRATION,
                                                          version=1))
    assert summary() == counted()
    db.session.execute(Appraisal.__table__.update().values(state=AGREED))  # names no cycle: every cycle recounted
    assert summary() == counted()
    db.session.commit()


def test_the_overview_reads_the_same_statements_for_any_size(login_as, factory, db, hr_world, count_queries):
    """The first view after a write (the counts read and rendered) and the next ones (from ``hrms.overview_cache``)
    each run the same statements for 7 appraisals as for 37."""
    hr, url = login_as(hr_world.users["hr"]), f"/hr/cycles/{hr_world.cycle.id}"
    with count_queries() as small:
        hr.get(url)
    with count_queries() as small_cached:
        hr.get(url)
    for _ in range(30):
        factory.employee(factory.unit(f"MOF-X{_}", parent=hr_world.ministry, kind="division"), manager=hr_world.boss)
    db.session.commit()
    generate_appraisals(hr_world.cycle, actor=None)
    db.session.commit()
    with count_queries() as large:
        page = hr.get(url)
    with count_queries() as large_cached:
        hr.get(url)
    assert "37 appraisals" in page.get_data(as_text=True)
    assert len(large.statements) == len(small.statements)
    assert len(large_cached.statements) == len(small_cached.statements)
    reads_appraisals = re.compile(r"count\(.*FROM hr_appraisal\b(?!_)", re.S)
    assert not any(reads_appraisals.search(statement) for statement in large.statements)  # the summary only


def test_the_demo_and_the_national_bench_data_leave_the_summary_right(app, db, monkeypatch):
    from bench.national import hrms as national_hrms
    from tests.common.test_demo import run_demo

    monkeypatch.setitem(app.config, "DEMO_PASSWORD", None)
    run_demo(app)  # the demo's appraisals: insert(Appraisal) in bulk through the session
    db.session.remove()
    assert summary() == counted() != {}
    national_hrms.build(300)  # years of appraisals written with Core (COPY on PostgreSQL), then recounted
    db.session.commit()
    assert summary() == counted()
    assert sum(n for n, _m in summary().values()) > 1000
