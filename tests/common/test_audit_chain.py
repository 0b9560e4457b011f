"""The audit log is tamper-evident: a hash chain, anchors, ``flask audit verify``, and on PostgreSQL a
runtime role that can only append."""

from __future__ import annotations

import threading
from collections.abc import Callable
from itertools import pairwise

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from common.audit import append_entry, log_action
from common.models import AuditAnchor, AuditEvent
from common.models.audit import entry_digest
from common.models.users import ADMIN


@pytest.fixture()
def log(factory, db):
    """Six entries, written as the application writes them."""
    admin = factory.user(roles=[(ADMIN, None)], email="root@test.gov.ge")
    for n in range(1, 7):
        log_action("directory", "update_employee", None, f"Change number {n}", actor=admin,
                   changes={"field": [n, n + 1]})
        db.session.commit()
    return admin


def _owner_sql(db, *statements: str) -> None:
    """Run SQL as the database owner with the append-only triggers lifted, as an intruder with that role could."""
    engine = db.engine
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
            for statement in statements:
                conn.execute(text(statement))
            conn.execute(text("ALTER TABLE audit_event ENABLE TRIGGER USER"))
            return
        triggers = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                     "AND tbl_name = 'audit_event'")).all()
        for name, _sql in triggers:
            conn.execute(text(f'DROP TRIGGER "{name}"'))
        for statement in statements:
            conn.execute(text(statement))
        for _name, sql in triggers:
            conn.execute(text(sql))


def _verify(app, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["audit", "verify", *args])
    return result.exit_code, result.output


def test_entries_are_chained_and_an_untouched_log_verifies(app, db, log):
    entries = db.session.query(AuditEvent).order_by(AuditEvent.seq).all()
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    for before, entry in pairwise(entries):
        assert entry.prev_hash == before.entry_hash
        assert entry.entry_hash == entry_digest(entry.hashed_values(), entry.prev_hash)

    code, out = _verify(app)
    assert code == 0, out
    head = entries[-1]
    assert f"Audit log intact: {head.seq} entries, head {head.entry_hash}" in out
    assert f"Keep this line: {head.seq}:{head.entry_hash}" in out
    anchor = db.session.query(AuditAnchor).order_by(AuditAnchor.id.desc()).first()
    assert (anchor.entry_count, anchor.head_hash, anchor.source) == (head.seq, head.entry_hash, "verify")
    assert _verify(app, "--expect", f"{head.seq}:{head.entry_hash}")[0] == 0


def test_changing_one_entry_is_found_and_named(app, db, log):
    target = db.session.query(AuditEvent).filter_by(summary="Change number 3").one()
    _owner_sql(db, f"UPDATE audit_event SET summary = 'Nothing happened' WHERE id = {target.id}")
    code, out = _verify(app)
    assert code == 1
    assert f"entry #{target.seq} (id {target.id}) was changed after it was written" in out


def test_deleting_an_entry_in_the_middle_is_found_and_named(app, db, log):
    target = db.session.query(AuditEvent).filter_by(summary="Change number 4").one()
    _owner_sql(db, f"DELETE FROM audit_event WHERE id = {target.id}")
    code, out = _verify(app)
    assert code == 1
    assert f"Entries #{target.seq} to #{target.seq} are missing" in out and "BROKEN at entry #" in out


def test_an_entry_slipped_in_and_the_rest_renumbered_is_found(app, db, log):
    second = db.session.query(AuditEvent).filter_by(seq=2).one()
    forged = {"seq": 3, "created_at": second.created_at, "kind": "write", "module": "directory",
              "action": "update_employee", "summary": "Forged"}
    digest = entry_digest(forged, second.entry_hash)
    # The forger renumbers the later entries to make room (two steps: seq is unique), then inserts.
    _owner_sql(db, "UPDATE audit_event SET seq = seq + 100 WHERE seq >= 3",
               "UPDATE audit_event SET seq = seq - 99 WHERE seq >= 100",
               "INSERT INTO audit_event (seq, created_at, kind, module, action, summary, prev_hash, entry_hash) "
               f"VALUES (3, '{second.created_at}', 'write', 'directory', 'update_employee', 'Forged', "
               f"'{second.entry_hash}', '{digest}')")
    code, out = _verify(app)
    assert code == 1
    assert "BROKEN at entry #4: entry #4 (id" in out and "does not follow entry #3" in out


def test_a_truncated_tail_is_found_against_the_last_anchor(app, db, log):
    assert _verify(app)[0] == 0  # writes an anchor at the head
    count = db.session.query(AuditEvent).count()
    _owner_sql(db, f"DELETE FROM audit_event WHERE seq > {count - 2}")
    code, out = _verify(app)
    assert code == 1
    assert f"The log ends at entry #{count - 2}, but the anchor written at" in out
    assert f"counted {count} entries" in out


def test_a_head_kept_by_the_operator_catches_a_log_rewritten_with_its_anchors(app, db, log):
    head = db.session.query(AuditEvent).order_by(AuditEvent.seq.desc()).first()
    kept = f"{head.seq}:{head.entry_hash}"
    _owner_sql(db, f"DELETE FROM audit_event WHERE seq = {head.seq}")
    assert _verify(app, "--no-anchor")[0] == 0  # a clean cut with no anchor after it looks whole...
    code, out = _verify(app, "--expect", kept)
    assert code == 1 and "counted" in out and "the head you gave" in out  # ...but not to the kept head


def test_anchors_are_written_every_n_entries(app, db, factory):
    app.config["AUDIT_ANCHOR_EVERY"] = 3
    try:
        for n in range(7):
            log_action("directory", "update_employee", None, f"Change {n}")
        db.session.commit()
    finally:
        app.config["AUDIT_ANCHOR_EVERY"] = 1000
    anchors = db.session.query(AuditAnchor).order_by(AuditAnchor.entry_count).all()
    assert [(a.entry_count, a.source) for a in anchors] == [(3, "auto"), (6, "auto")]
    sixth = db.session.query(AuditEvent).filter_by(seq=6).one()
    assert anchors[1].head_hash == sixth.entry_hash


def test_anchors_cannot_be_rewritten_either(db, log, app):
    assert _verify(app)[0] == 0
    for statement in ("UPDATE audit_anchor SET entry_count = 1", "DELETE FROM audit_anchor"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()


def test_bulk_imported_entries_join_the_chain(app, db, factory):
    from common.directory.operations import import_directory_file

    unit = factory.unit(code="MOF")
    db.session.commit()
    rows = "personal_number,first_name_en,last_name_en,first_name_ka,last_name_ka,employment_type,org_unit_code\n"
    rows += "".join(f"0100100{n:04d},Name{n},Last{n},ნ,ლ,professional,{unit.code}\n" for n in range(5))
    for data in (rows, rows.replace(",Last", ",Renamed")):  # created, then updated: one entry per person
        result = import_directory_file(data.encode(), "staff.csv")
        assert not result.problem and not result.errors, (result.problem, result.errors)
        db.session.commit()
    assert db.session.query(AuditEvent).filter(AuditEvent.subject_employee_id.is_not(None)).count() == 5
    assert _verify(app)[0] == 0


def _append_together(app, db, *appenders: Callable[[int], None], each: int = 10) -> None:
    """Run each appender ``each`` times in its own thread and app context, all starting at once, a commit after each
    call; then the log holds every entry and verifies as one line."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(appenders))
    before = db.session.query(AuditEvent).count()

    def run(append: Callable[[int], None]) -> None:
        try:
            with app.app_context():
                barrier.wait()
                for n in range(each):
                    append(n)
                    db.session.commit()
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(append,)) for append in appenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert db.session.query(AuditEvent).count() == before + each * len(appenders)
    code, out = _verify(app)
    assert code == 0, out


def test_concurrent_writers_do_not_fork_the_chain(app, db):
    """Two processes appending at once: each waits for the other's transaction, the chain stays one line."""
    def writer(name: str) -> Callable[[int], None]:
        return lambda n: log_action("directory", "update_employee", None, f"{name} {n}")

    _append_together(app, db, writer("left"), writer("right"))


def _read_entry(actor, n: int, subjects: list[int]) -> None:
    """A page's read entry, as ``common.reads`` writes it (one statement on PostgreSQL, on its own)."""
    append_entry({"kind": "read", "module": "directory", "action": "unit", "actor_id": actor.id,
                  "actor_email": actor.email, "ip": "10.0.0.1", "object_type": "OrgUnit", "object_id": str(n),
                  "subject_employee_id": subjects[0] if len(subjects) == 1 else None,
                  "summary": f"GET /directory/units/{n}?q=\"Ω\" ({len(subjects)})", "subject_ids": subjects,
                  "reader_roles": [{"role": "hr_officer", "unit_id": n}]}, subjects)


def test_read_entries_written_in_one_statement_join_the_chain_and_its_anchors(app, db, factory, monkeypatch):
    """The database hashes a read entry from the text the application cut for it: ``flask audit verify``, which
    hashes every entry again in Python, must find the same chain, anchors included."""
    monkeypatch.setitem(app.config, "AUDIT_ANCHOR_EVERY", 3)
    admin = factory.user(roles=[(ADMIN, None)], email="reader@test.gov.ge")
    people = [factory.employee(factory.unit()) for _ in range(3)]
    db.session.commit()
    log_action("directory", "update_employee", None, "Before the reads", actor=admin)
    db.session.commit()
    for n in range(1, 6):
        _read_entry(admin, n, [p.id for p in people[: 1 + n % 3]])
        db.session.commit()
    log_action("directory", "update_employee", None, "After the reads", actor=admin, changes={"field": [1, 2]})
    db.session.commit()
    entries = db.session.query(AuditEvent).order_by(AuditEvent.seq).all()
    assert [e.kind for e in entries] == ["write"] + ["read"] * 5 + ["write"]
    for entry, previous in zip(entries, [None, *entries], strict=False):
        expected_previous = previous.entry_hash if previous else "0" * 64
        assert entry.prev_hash == expected_previous
        assert entry.entry_hash == entry_digest(entry.hashed_values(), entry.prev_hash)
    assert entries[2].subject_count == 3 and sorted(entries[2].subject_ids) == sorted(p.id for p in people)
    assert [a.entry_count for a in db.session.query(AuditAnchor).order_by(AuditAnchor.entry_count)] == [3, 6]
    code, out = _verify(app)
    assert code == 0, out


def test_concurrent_readers_and_writers_do_not_fork_the_chain(app, db, factory):
    """Read entries (one statement each on PostgreSQL, in autocommit) and written entries (the ORM's flush) at once."""
    admin = factory.user(roles=[(ADMIN, None)], email="many@test.gov.ge")
    person = factory.employee(factory.unit())
    db.session.commit()
    admin_id, person_id = admin.id, person.id

    def reader(n: int) -> None:
        _read_entry(db.session.get(type(admin), admin_id), n, [person_id])

    _append_together(app, db, reader, reader,
                     lambda n: log_action("directory", "update_employee", None, f"write {n}"))

RUNTIME_ROLE = "suite_test_runtime"


def _runtime_engine(db):
    url = make_url(str(db.engine.url)).set(username=RUNTIME_ROLE, password="runtime-test-only")
    return create_engine(url)


@pytest.fixture()
def runtime_role(app, db) -> Callable[[], Session]:
    """A login role with exactly what ``flask db-roles`` grants (PostgreSQL), dropped afterwards."""
    with db.engine.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": RUNTIME_ROLE}).first()
        if not exists:
            conn.execute(text(f"CREATE ROLE {RUNTIME_ROLE} LOGIN PASSWORD 'runtime-test-only'"))
    result = app.test_cli_runner().invoke(args=["db-roles", RUNTIME_ROLE])
    assert result.exit_code == 0, result.output
    engine = _runtime_engine(db)
    yield engine
    engine.dispose()
    with db.engine.begin() as conn:
        conn.execute(text(f"DROP OWNED BY {RUNTIME_ROLE}"))
        conn.execute(text(f"DROP ROLE {RUNTIME_ROLE}"))


def test_the_runtime_role_can_append_but_never_rewrite(request, app, db, log):
    if db.engine.dialect.name != "postgresql":
        # SQLite has no roles: the command says so rather than pretending.
        result = app.test_cli_runner().invoke(args=["db-roles", RUNTIME_ROLE])
        assert result.exit_code != 0 and "PostgreSQL only" in result.output
        return
    engine = request.getfixturevalue("runtime_role")
    refused = {
        "UPDATE audit_event SET summary = 'rewritten'": "permission denied",
        "DELETE FROM audit_event": "permission denied",
        "TRUNCATE audit_event": "permission denied",
        "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only": "must be owner",
        "ALTER TABLE audit_event DISABLE TRIGGER ALL": "must be owner",
        "UPDATE audit_anchor SET entry_count = 0": "permission denied",
        "TRUNCATE audit_anchor": "permission denied",
    }
    for statement, message in refused.items():
        with engine.connect() as conn, pytest.raises(DBAPIError, match=message):
            conn.execute(text(statement))
    # The application, connected as the runtime role, still appends (and chains) entries.
    before = db.session.query(AuditEvent).count()
    with Session(engine) as session:
        session.add(AuditEvent(kind="write", module="directory", action="update_employee", summary="As runtime",
                               actor_id=log.id))
        session.commit()
        assert session.execute(text("SELECT count(*) FROM audit_event")).scalar_one() == before + 1
        session.execute(text("SELECT count(*) FROM employee")).scalar_one()  # and reads other tables
    code, out = _verify(app)
    assert code == 0, out


def test_the_owner_cannot_truncate_the_log_either_without_lifting_the_trigger(db, log):
    if db.engine.dialect.name != "postgresql":
        return  # SQLite has no TRUNCATE; its DELETE is refused by a trigger (test_audit.py)
    before = db.session.query(AuditEvent).count()
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text("TRUNCATE audit_event CASCADE"))
    db.session.rollback()
    assert db.session.query(AuditEvent).count() == before == 6


def test_the_migration_chains_the_entries_already_written(tmp_path):
    """A database upgraded with an existing log: its entries are chained in order and the head anchored."""
    from flask_migrate import upgrade

    from app import create_app
    from common.auditlog.integrity import verify_chain
    from common.extensions import db as _db
    from tests.conftest import TEST_CONFIG

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with old.app_context():
        upgrade(revision="monitoring_0002")
    engine = create_engine(url)
    with engine.begin() as conn:
        for n in range(3):
            conn.execute(text("INSERT INTO audit_event (created_at, kind, module, action, summary, changes) VALUES "
                              f"('2026-01-0{n + 1} 10:00:00.000000', 'write', 'hrms', 'save', 'Old entry {n}', "
                              "'{\"label\": [null, \"good\"]}')"))
    engine.dispose()
    with old.app_context():
        upgrade(revision="head")
        rows = _db.session.query(AuditEvent).order_by(AuditEvent.seq).all()
        assert [(r.seq, r.summary) for r in rows] == [(1, "Old entry 0"), (2, "Old entry 1"), (3, "Old entry 2")]
        assert rows[0].changes == {"label": [None, "good"]}
        anchor = _db.session.query(AuditAnchor).one()
        assert (anchor.entry_count, anchor.head_hash, anchor.source) == (3, rows[-1].entry_hash, "migration")
        report = verify_chain(_db.session)
        assert report.ok and report.count == 3, report.problem
        log_action("hrms", "save", None, "New entry")
        _db.session.commit()
        assert verify_chain(_db.session).count == 4
        _db.session.remove()
        _db.engine.dispose()
