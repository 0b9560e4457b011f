"""Reads of appraisal data are logged with the people they showed: calibration, consequences, "my team", the
cycle's overview and the basic-programme compliance list (``common.reads``)."""

from __future__ import annotations

from hrms.models import ConsequenceProposal
from tests.common.reads_helpers import indexed_subjects, one_read, read_entries
from tests.hrms.test_development_programmes import COMPLIANCE, programmes  # noqa: F401 - the fixture
from tests.hrms.test_outcomes import EXCELLENT, GOOD, assess


def test_the_calibration_page_logs_one_read_naming_everyone_it_ranks(hr_world, db, login_as):
    hr_world.cycle.unused_sections = ["objectives"]
    for employee, values in zip([hr_world.person, *hr_world.peers[:2]], [EXCELLENT, GOOD, GOOD], strict=True):
        assess(hr_world, employee, values)
    db.session.commit()
    hr = login_as(hr_world.users["hr"])
    page = hr.get(f"/hr/cycles/{hr_world.cycle.id}/calibration?unit={hr_world.division.id}")
    assert page.status_code == 200 and "Gelashvili" in page.text

    entry = one_read(db, "calibration")
    shown = {hr_world.person.id, hr_world.peers[0].id, hr_world.peers[1].id}
    assert set(entry.subject_ids) == shown == indexed_subjects(db, entry)
    assert entry.actor_id == hr_world.users["hr"].id and entry.ip == "127.0.0.1"
    assert (entry.object_type, entry.object_id) == ("AppraisalCycle", str(hr_world.cycle.id))
    assert entry.reader_roles == [{"role": "hr_officer", "unit_id": hr_world.ministry.id}]


def test_the_consequences_page_logs_the_people_proposed(hr_world, db, login_as):
    appraisal = hr_world.appraisal()
    db.session.add(ConsequenceProposal(cycle_id=hr_world.cycle.id, appraisal_id=appraisal.id,
                                       employee_id=hr_world.person.id, kind="training_need"))
    db.session.commit()
    assert "Gelashvili" in login_as(hr_world.users["hr"]).get(f"/hr/cycles/{hr_world.cycle.id}/consequences").text
    assert one_read(db, "consequences").subject_ids == [hr_world.person.id]


def test_my_team_logs_the_managers_reports_and_a_manager_reader_role(hr_world, db, login_as):
    page = login_as(hr_world.users["manager"]).get("/hr/team").text
    assert "Gelashvili" in page
    entry = one_read(db, "team")
    assert set(entry.subject_ids) == {hr_world.person.id, *(p.id for p in hr_world.peers)}
    assert entry.reader_roles == [{"role": "manager", "unit_id": hr_world.division.id}]


def test_one_request_writes_one_entry_and_one_statement_for_all_its_subjects(hr_world, db, login_as,
                                                                             count_queries):
    manager = login_as(hr_world.users["manager"])
    with count_queries() as counter:
        manager.get("/hr/team")
    audit = [s for s in counter.statements if "audit" in s.lower()]
    if db.engine.dialect.name == "postgresql":  # lock, head, entry, its five people (one array), anchor: one call
        assert len(audit) == 1 and "audit_append_read" in audit[0], audit
    else:  # the chain's lock and head, the entry, then its subjects
        assert len([s for s in audit if "INSERT INTO audit" in s]) == 2, audit
    assert len(read_entries(db)) == 1


def test_a_person_reading_their_own_appraisal_is_not_logged(hr_world, db, login_as):
    appraisal = hr_world.appraisal()
    assert login_as(hr_world.users["employee"]).get(f"/hr/appraisals/{appraisal.id}").status_code == 200
    assert read_entries(db) == []
    login_as(hr_world.users["manager"]).get(f"/hr/appraisals/{appraisal.id}")
    entry = one_read(db, "appraisal")
    assert entry.subject_ids == [hr_world.person.id] and entry.object_id == str(appraisal.id)


def test_the_basic_programme_compliance_page_and_its_export_log_the_people_listed(hr_world, db,
                                                                                 programmes):  # noqa: F811
    hr, recent = programmes["hr"], programmes["recent_senior"]
    assert "Recent" in hr.get(COMPLIANCE).text
    assert one_read(db, "compliance").subject_ids == [recent.id]
    assert recent.personal_number in hr.get(COMPLIANCE.replace("compliance", "compliance.csv")).text
    assert read_entries(db, "compliance")[-1].subject_ids == [recent.id]
