"""Migrations: one head, and upgrading a database that already holds data keeps that data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DatabaseError

from app import create_app
from tests.conftest import TEST_CONFIG

FOUNDATION = "b1c7e0a2d9f3"  # directory, accounts and audit log, before any module


def test_there_is_exactly_one_head(app):
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        assert len(script.get_heads()) == 1


def _ministry_and_nino(conn, email=None):
    """One ministry and one employee in it, written as an older schema stores them (``email`` optional)."""
    conn.execute(text("INSERT INTO org_unit (id, code, name_ka, name_en, kind, path, depth, valid_from) "
                      "VALUES (1, 'MOF', 'ფინანსთა სამინისტრო', 'Ministry of Finance', 'ministry', '/1/', 0, "
                      "'2000-01-01')"))
    conn.execute(text("INSERT INTO employee (id, personal_number, first_name_ka, last_name_ka, first_name_en, "
                      "last_name_en, email, employment_type, org_unit_id, created_at, updated_at) VALUES (1, "
                      "'01001000001', 'ნინო', 'ბერიძე', 'Nino', 'Beridze', :email, 'professional', 1, "
                      "'2020-01-01', '2020-01-01')"), {"email": email})


def _upgraded(tmp_path, revision: str, fill: Callable[[Connection], Any]) -> Engine:
    """A SQLite database migrated to ``revision``, given rows as that schema stores them (``fill``), then upgraded
    to the head."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with old.app_context():
        upgrade(revision=revision)
    engine = create_engine(url)
    with engine.begin() as conn:
        fill(conn)
    with old.app_context():
        upgrade(revision="head")
    return engine


def test_upgrading_an_existing_database_keeps_its_data(tmp_path):
    def fill(conn: Connection) -> None:
        _ministry_and_nino(conn)

    engine = _upgraded(tmp_path, FOUNDATION, fill)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name_en FROM org_unit WHERE code = 'MOF'")).scalar_one() == \
            "Ministry of Finance"
        assert conn.execute(text("SELECT last_name_ka FROM employee WHERE personal_number = '01001000001'")) \
            .scalar_one() == "ბერიძე"
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    engine.dispose()


def test_reads_logged_before_the_subject_index_are_found_by_person_after_upgrading(tmp_path):
    """``reads_0001``: a read entry that named one person (``subject_employee_id``) is copied into the index that
    "who looked at person X" searches; the audit log itself is not rewritten (its triggers stay)."""
    def fill(conn: Connection) -> None:
        conn.execute(text("INSERT INTO org_unit (id, code, name_ka, name_en, kind, path, depth, valid_from) "
                          "VALUES (1, 'MOF', 'ფინანსთა სამინისტრო', 'Ministry of Finance', 'ministry', '/1/', 0, "
                          "'2000-01-01')"))
        conn.execute(text("INSERT INTO employee (id, personal_number, first_name_ka, last_name_ka, first_name_en, "
                          "last_name_en, employment_type, org_unit_id, created_at, updated_at) VALUES (7, "
                          "'01001000007', 'ნინო', 'ბერიძე', 'Nino', 'Beridze', 'professional', 1, "
                          "'2020-01-01', '2020-01-01')"))
        conn.execute(text("INSERT INTO audit_event (id, created_at, kind, module, action, subject_employee_id, "
                          "summary) VALUES (41, '2026-01-01', 'read', 'directory', 'view', 7, 'Opened a profile'), "
                          "(42, '2026-01-01', 'write', 'directory', 'update', 7, 'Changed a profile')"))

    engine = _upgraded(tmp_path, "monitoring_0002", fill)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT event_id, employee_id FROM audit_subject")).all() == [(41, 7)]
        assert conn.execute(text("SELECT summary FROM audit_event WHERE id = 41")).scalar_one() == "Opened a profile"
    with engine.connect() as conn, pytest.raises(DatabaseError, match="append-only"):
        conn.execute(text("DELETE FROM audit_subject"))
    engine.dispose()


def test_search_text_is_filled_for_the_employees_already_there(tmp_path):
    """``directory_0002`` adds ``employee.search_text`` as a generated column: rows written before it are searchable
    at once, with no backfill step to forget."""
    def fill(conn: Connection) -> None:
        _ministry_and_nino(conn, email='Nino.B@mof.gov.ge')

    engine = _upgraded(tmp_path, "xapi_0002", fill)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT search_text FROM employee WHERE id = 1")).scalar_one() == \
            "nino beridze ნინო ბერიძე nino.b@mof.gov.ge"
    engine.dispose()


def test_the_count_of_people_is_filled_for_entries_already_written_and_the_log_stays_append_only(tmp_path):
    """``auditpage_0001``: every entry that names people gets their number; the triggers are back afterwards."""
    def fill(conn: Connection) -> None:
        conn.execute(text("INSERT INTO audit_event (id, created_at, kind, module, action, summary, subject_ids, seq, "
                          "prev_hash, entry_hash) VALUES (1, '2026-01-01', 'read', 'directory', 'export', 'x', "
                          "'[7, 8, 9]', 1, 'a', 'b'), (2, '2026-01-01', 'write', 'directory', 'update', 'y', NULL, 2, "
                          "'b', 'c'), (3, '2026-01-01', 'read', 'directory', 'export', 'z', 'null', 3, 'c', 'd')"))

    engine = _upgraded(tmp_path, "xapi_0002", fill)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id, subject_count FROM audit_event ORDER BY id")).all() == \
            [(1, 3), (2, None), (3, None)]
        with pytest.raises(DatabaseError, match="append-only"):
            conn.execute(text("UPDATE audit_event SET subject_count = 0"))
    engine.dispose()


def test_the_approval_queue_summary_is_filled_from_the_values_already_submitted(tmp_path):
    """``queue_0001``: one row per group with submitted values, their number and the latest submission."""
    def fill(conn: Connection) -> None:
        for n, (indicator, period, cell, status, at) in enumerate([
                (7, "2024Q1", "", "submitted", "2024-04-02 10:00:00"),
                (7, "2024Q1", "sex=female", "submitted", "2024-04-03 09:00:00"),
                (7, "2024Q1", "sex=male", "draft", "2024-04-09 09:00:00"),
                (7, "2024Q2", "", "approved", "2024-07-01 09:00:00"),
                (8, "2024Q1", "", "submitted", "2024-04-01 08:00:00")]):
            conn.execute(text("INSERT INTO me_value (id, indicator_id, period, org_unit_id, cell, cell_depth, "
                              "component, value, comment, status, review_comment, updated_at) VALUES (:id, :i, :p, "
                              "1, :c, 0, 'value', 1, '', :s, '', :at)"),
                         {"id": n + 1, "i": indicator, "p": period, "c": cell, "s": status, "at": at})

    engine = _upgraded(tmp_path, "auditpage_0001", fill)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT indicator_id, period, org_unit_id, value_count, submitted_at "
                                 "FROM me_submitted_group ORDER BY submitted_at")).all() == [
            (8, "2024Q1", 1, 1, "2024-04-01 08:00:00"), (7, "2024Q1", 1, 2, "2024-04-03 09:00:00")]
    engine.dispose()
