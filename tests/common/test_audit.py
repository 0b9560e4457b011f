"""The audit log: written by operations, filtered by the auditor, never changed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from common.audit import AuditLogIsAppendOnly, log_action
from common.models import AuditEvent
from common.models.base import utcnow
from common.models.users import ADMIN, AUDITOR


@pytest.fixture()
def entries(factory, db):
    unit = factory.unit()
    person = factory.employee(unit, personal_number="01234567890")
    admin = factory.user(roles=[(ADMIN, None)], email="root@test.gov.ge")
    log_action("directory", "update_employee", person, "Changed the position", actor=admin,
               changes={"position_id": [1, 2]}, subject_employee_id=person.id)
    log_action("directory", "create_org_unit", unit, "Unit created", actor=admin)
    old = log_action("directory", "create_position", None, "Long ago", actor=admin)
    old.created_at = utcnow() - timedelta(days=40)
    db.session.commit()
    return {"person": person, "admin": admin}


def test_auditor_filters_by_person_action_and_date(login_as, factory, entries):
    client = login_as(factory.user(roles=[(AUDITOR, None)]))
    page = client.get("/audit/").get_data(as_text=True)
    assert "Changed the position" in page and "Unit created" in page and "Long ago" in page

    by_subject = client.get("/audit/?person=01234567890").get_data(as_text=True)
    assert "Changed the position" in by_subject and "Unit created" not in by_subject
    assert "position_id" in by_subject

    by_action = client.get("/audit/?action=create_org_unit").get_data(as_text=True)
    assert "Unit created" in by_action and "Changed the position" not in by_action

    since = (utcnow() - timedelta(days=7)).date().isoformat()
    recent = client.get(f"/audit/?date_from={since}").get_data(as_text=True)
    assert "Long ago" not in recent and "Unit created" in recent

    by_actor = client.get("/audit/?person=root@test.gov.ge").get_data(as_text=True)
    assert "Long ago" in by_actor


def test_only_auditors_read_the_log(login_as, entries):
    assert login_as(entries["admin"]).get("/audit/").status_code == 403


def test_entries_cannot_be_changed_or_deleted(db, entries):
    entry = db.session.query(AuditEvent).first()
    entry.summary = "rewritten history"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    entry = db.session.query(AuditEvent).first()
    db.session.delete(entry)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_the_log_has_no_route_that_writes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("auditlog."):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_the_database_itself_refuses_to_rewrite_the_log(db, entries):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    for statement in ("UPDATE audit_event SET summary = 'rewritten'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.execute(text("SELECT count(*) FROM audit_event")).scalar_one() == 3
