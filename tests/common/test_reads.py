"""Reads of personal data (``common.reads``): the directory's pages and export, the auditor's log and its
"whose data was read" filter, and each person's "Who read my data" page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from common.models import AuditEvent
from common.models.users import ADMIN, AUDITOR, HR_OFFICER
from tests.common.reads_helpers import indexed_subjects, one_read, read_entries


@pytest.fixture()
def ministry(factory, db):
    """A ministry with a division: a head, two staff; HR of the ministry, an administrator, an auditor."""
    unit = factory.unit("MA", name_en="Ministry Alpha")
    division = factory.unit("MA-1", parent=unit, kind="division", name_en="Alpha Division")
    head = factory.employee(division, first_name_en="Tamar", last_name_en="Headova")
    ana = factory.employee(division, manager=head, first_name_en="Ana", last_name_en="Alphason")
    beka = factory.employee(division, manager=head, first_name_en="Beka", last_name_en="Betadze")
    users = {
        "hr": factory.user(roles=[(HR_OFFICER, unit)], employee=factory.employee(unit, first_name_en="Hana",
                                                                                  last_name_en="Officer")),
        "admin": factory.user(roles=[(ADMIN, None)], email="root@test.gov.ge"),
        "auditor": factory.user(roles=[(AUDITOR, None)]),
        "ana": factory.user(employee=ana),
        "head": factory.user(employee=head),
    }
    db.session.commit()
    return {"unit": unit, "division": division, "head": head, "ana": ana, "beka": beka, "users": users}


def test_directory_search_logs_the_people_listed_and_the_query(ministry, db, login_as):
    hr = login_as(ministry["users"]["hr"])
    assert "Alphason" in hr.get("/directory/employees?q=Alphason").text
    entry = one_read(db, "search")
    assert entry.subject_ids == [ministry["ana"].id] and "q=Alphason" in entry.summary
    assert entry.module == "directory" and entry.actor_id == ministry["users"]["hr"].id


def test_unit_page_and_org_chart_log_the_people_they_show(ministry, db, login_as):
    hr = login_as(ministry["users"]["hr"])
    assert "Betadze" in hr.get(f"/directory/units/{ministry['division'].id}").text
    unit_read = one_read(db, "unit")
    assert set(unit_read.subject_ids) == {ministry["head"].id, ministry["ana"].id, ministry["beka"].id}

    assert "Headova" in hr.get(f"/directory/units/{ministry['unit'].id}/chart").text
    chart_read = read_entries(db, "unit")[-1]
    assert ministry["head"].id in chart_read.subject_ids and chart_read.summary.startswith("GET /directory/units/")


def test_a_staff_export_is_logged_with_everyone_it_contains(ministry, db, login_as):
    csv = login_as(ministry["users"]["hr"]).get("/directory/employees/export.csv").text
    assert ministry["beka"].personal_number in csv
    entry = one_read(db, "export")
    everyone = {ministry["head"].id, ministry["ana"].id, ministry["beka"].id, ministry["users"]["hr"].employee_id}
    # The officer's own row is in the file, but reading oneself is not logged.
    assert set(entry.subject_ids) == everyone - {ministry["users"]["hr"].employee_id} == indexed_subjects(db, entry)


def test_the_auditor_finds_who_looked_at_a_person_including_a_staff_export(ministry, db, login_as):
    login_as(ministry["users"]["hr"]).get("/directory/employees/export.csv")
    login_as(ministry["users"]["admin"]).get(f"/directory/employees/{ministry['ana'].id}")
    login_as(ministry["users"]["admin"]).get(f"/directory/employees/{ministry['beka'].id}")
    auditor = login_as(ministry["users"]["auditor"])

    page = auditor.get(f"/audit/?looked_at={ministry['ana'].personal_number}").text
    assert "Whose data was read" in page
    assert "GET /directory/employees/export.csv" in page and f"GET /directory/employees/{ministry['ana'].id}" in page
    assert f"GET /directory/employees/{ministry['beka'].id}" not in page  # only the reads that showed Ana
    assert f'href="/audit/?looked_at={ministry["ana"].personal_number}"' in page  # each person links to their reads

    # The general "person" filter finds the export too (with the changes and sign-ins concerning her).
    by_person = auditor.get(f"/audit/?person={ministry['ana'].personal_number}").text
    assert "GET /directory/employees/export.csv" in by_person

    # The auditor's own look is a read too, naming the people the log page showed.
    audit_read = read_entries(db, "audit")[-1]
    assert ministry["ana"].id in audit_read.subject_ids and audit_read.actor_id == ministry["users"]["auditor"].id


def test_every_employee_sees_who_read_their_data_in_english_and_georgian(ministry, db, login_as):
    hr_user = ministry["users"]["hr"]
    login_as(hr_user).get(f"/directory/employees/{ministry['ana'].id}")  # HR opens Ana's profile
    login_as(ministry["users"]["admin"]).get(f"/directory/employees/{ministry['ana'].id}")
    login_as(hr_user).get("/directory/employees/export.csv")  # and exports her with everyone else
    ana = login_as(ministry["users"]["ana"])
    ana.get(f"/directory/employees/{ministry['ana'].id}")  # her own look: not listed

    profile = ana.get(f"/directory/employees/{ministry['ana'].id}").text
    assert 'href="/directory/me/reads"' in profile  # linked from her profile (and the account menu)
    page = ana.get("/directory/me/reads").text
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 3, rows
    export_row, admin_row, hr_row = rows  # newest first
    assert "Your profile" in hr_row and "HR officer" in hr_row and "Ministry Alpha" in hr_row
    assert "Hana Officer" in hr_row  # HR officers are named by default
    assert "Staff export" in export_row and "Hana Officer" in export_row
    assert "System administrator" in admin_row and "Not shown" in admin_row and "root@test.gov.ge" not in page
    assert "127.0.0.1" not in page

    with ana.session_transaction() as session:
        session["lang"] = "ka"
    georgian = ana.get("/directory/me/reads").text
    assert "ვინ წაიკითხა ჩემი მონაცემები" in georgian and "თქვენი პროფილი" in georgian
    assert "ერთეული MA" in georgian and "თანამშრომელთა სიის ექსპორტი" in georgian


def test_the_named_roles_setting_decides_whose_name_the_person_sees(ministry, db, login_as, app):
    login_as(ministry["users"]["head"]).get(f"/directory/employees/{ministry['ana'].id}")  # her manager
    ana = login_as(ministry["users"]["ana"])
    assert "Tamar Headova" in ana.get("/directory/me/reads").text  # managers are named by default
    saved = app.config["READ_LOG_NAMED_ROLES"]
    app.config["READ_LOG_NAMED_ROLES"] = frozenset({"hr_officer"})
    try:
        page = ana.get("/directory/me/reads").text
    finally:
        app.config["READ_LOG_NAMED_ROLES"] = saved
    assert "Tamar Headova" not in page and "Manager" in page and "Not shown" in page


def test_a_person_with_no_reads_is_told_so(ministry, login_as):
    assert "Nobody else has read your personal data yet." in login_as(ministry["users"]["ana"]).get(
        "/directory/me/reads").text


def test_a_read_entry_joins_the_requests_one_commit_and_a_refused_request_logs_nothing(ministry, db, login_as):
    stranger = login_as(ministry["users"]["ana"])
    assert stranger.get(f"/directory/employees/{ministry['beka'].id}").status_code == 403
    assert db.session.execute(select(AuditEvent).where(AuditEvent.kind == "read")).first() is None


def test_shows_takes_people_only_and_outside_a_request_or_job_notes_nothing(ministry, db, app):
    from common.reads import reading, shows

    with pytest.raises(TypeError, match="employees or employee ids"), app.test_request_context("/"):
        shows([ministry["unit"]])  # an org unit's id is not a person's
    shows([ministry["ana"].id])  # a CLI command: no request, no job
    db.session.flush()
    assert read_entries(db) == []

    with reading("report", "reports", actor=ministry["users"]["hr"], summary="A test job"):
        shows([ministry["ana"], ministry["beka"].id, None])
    db.session.commit()
    entry = one_read(db, "report")
    assert entry.subject_ids == sorted([ministry["ana"].id, ministry["beka"].id]) and entry.ip is None
    assert entry.summary == "A test job (2)"


def test_who_read_my_data_costs_the_same_for_few_and_many_readers(ministry, db, login_as, factory, count_queries):
    ana = login_as(ministry["users"]["ana"])

    def read_by(n: int) -> int:
        for _ in range(n):  # named HR officers of the ministry (each with a person and a unit), and administrators
            reader = factory.user(roles=[(HR_OFFICER, ministry["unit"])], employee=factory.employee(ministry["unit"]))
            db.session.commit()
            login_as(reader).get(f"/directory/employees/{ministry['ana'].id}")
            login_as(factory.user(roles=[(ADMIN, None)])).get("/directory/employees/export.csv")
        with count_queries() as counter:
            assert ana.get("/directory/me/reads").status_code == 200
        return counter.count

    few = read_by(2)
    assert read_by(10) == few
