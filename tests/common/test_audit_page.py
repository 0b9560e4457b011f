"""The auditor's page at scale: a total counted up to a cap, the people of each entry from the index and its stored
count, and the filter's actions from an index walk, with the same entries, pages and filters as before."""

from __future__ import annotations

import re

import pytest

from common.audit import append_rows, log_action
from common.auditlog import queries as q
from common.models import AuditEvent
from common.models.users import ADMIN, AUDITOR
from common.reads import reading, shows
from tests.common.reads_helpers import indexed_subjects, read_entries
from tests.common.test_audit_chain import _owner_sql, _verify


@pytest.fixture()
def crowd(factory, db):
    """Eight people of one unit (in id order), an administrator and an auditor."""
    unit = factory.unit("CR", name_en="Crowd Unit")
    people = [factory.employee(unit, first_name_en=f"Person{n}", last_name_en=f"Crowdson{n}") for n in range(8)]
    admin = factory.user(roles=[(ADMIN, None)], email="root@test.gov.ge")
    auditor = factory.user(roles=[(AUDITOR, None)])
    db.session.commit()
    return {"people": sorted(people, key=lambda p: p.id), "admin": admin, "auditor": auditor}


def _export_naming(db, crowd) -> AuditEvent:
    """A read naming all eight people, written as a report job writes it."""
    with reading("export", "directory", actor=crowd["admin"], summary="All of them"):
        shows(p.id for p in reversed(crowd["people"]))
    db.session.commit()
    return read_entries(db, "export")[-1]


def _pages(client, url: str) -> list[str]:
    """Every page of the list, following "Next" until there is none."""
    pages = [client.get(url).text]
    while (found := re.search(r'<a rel="next" href="([^"]+)"', pages[-1])) and len(pages) < 20:
        pages.append(client.get(found.group(1).replace("&amp;", "&")).text)
    return pages


def test_the_count_of_people_is_stored_as_the_entry_is_written(db, crowd):
    entry = _export_naming(db, crowd)
    assert entry.subject_count == 8 == len(entry.subject_ids)
    append_rows([{"kind": "read", "module": "directory", "action": "export", "summary": "bulk",
                  "subject_ids": [p.id for p in crowd["people"][:3]]},
                 {"kind": "write", "module": "directory", "action": "import_staff", "summary": "no list"}])
    db.session.commit()
    counts = {e.summary: e.subject_count for e in db.session.query(AuditEvent).filter(AuditEvent.id > entry.id)}
    assert counts == {"bulk": 3, "no list": None}
    log_action("directory", "update_employee", crowd["people"][0], "One person", actor=crowd["admin"],
               subject_employee_id=crowd["people"][0].id)
    db.session.commit()
    assert db.session.query(AuditEvent).filter_by(summary="One person").one().subject_count is None


def test_the_page_names_the_first_five_and_counts_the_rest_right_after_the_write(db, crowd, login_as,
                                                                                 count_queries):
    _export_naming(db, crowd)
    client = login_as(crowd["auditor"])
    with count_queries() as counter:
        page = client.get("/audit/?action=export").text
    # Neither the entries' lists of people nor the whole index of an entry are read: an export names thousands.
    reads = [s for s in counter.statements
             if s.lstrip().upper().startswith(("SELECT", "WITH")) and "INSERT INTO" not in s.upper()]  # not its entry
    assert reads and not [s for s in reads if "subject_ids" in s]
    first, rest = crowd["people"][:5], crowd["people"][5:]
    for person in first:
        assert f'href="/audit/?looked_at={person.personal_number}"' in page and person.full_name in page
    for person in rest:
        assert person.personal_number not in page
    assert "and 3 more" in page
    # The auditor's look is logged, naming the five people the page showed.
    assert read_entries(db, "audit")[-1].subject_ids == sorted(p.id for p in first)


def test_an_entry_about_one_person_still_names_them(db, crowd, login_as):
    person = crowd["people"][2]
    log_action("directory", "update_employee", person, "Changed", actor=crowd["admin"], subject_employee_id=person.id)
    db.session.commit()
    page = login_as(crowd["auditor"]).get("/audit/?action=update_employee").text
    assert f'href="/audit/?looked_at={person.personal_number}"' in page and "more" not in page.split("Changed")[1]


@pytest.mark.parametrize("lang, capped", [("en", "more than 3 results"), ("ka", "3-ზე მეტი შედეგი")])
def test_the_total_is_counted_up_to_the_cap_and_every_entry_is_still_paged(app, db, crowd, login_as, monkeypatch,
                                                                           lang, capped):
    monkeypatch.setitem(app.config, "AUDIT_COUNT_CAP", 3)
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)  # two entries a page
    for n in range(7):
        log_action("directory", "create_position", None, f"Entry number {n}", actor=crowd["admin"])
    db.session.commit()
    client = login_as(crowd["auditor"])
    with client.session_transaction() as session:
        session["lang"] = lang
    pages = _pages(client, "/audit/?action=create_position")
    assert capped in pages[0] and len(pages) == 4
    for n in range(7):
        assert sum(f"Entry number {n}" in page for page in pages) == 1, n
    assert [n for n in range(7) if f"Entry number {n}" in pages[0]] == [5, 6]  # newest first


def test_below_the_cap_the_total_is_exact(app, db, crowd, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)
    for n in range(3):
        log_action("directory", "create_position", None, f"Entry number {n}", actor=crowd["admin"])
    db.session.commit()
    page = login_as(crowd["auditor"]).get("/audit/?action=create_position").text
    assert "Page 1 of 2" in page and "3 results" in page and "more than" not in page


def test_the_filter_offers_every_action_in_the_log(db, crowd):
    for action in ("create_position", "grant_role", "create_position", "update_employee"):
        log_action("directory", action, None, "x", actor=crowd["admin"])
    _export_naming(db, crowd)
    db.session.commit()
    expected = sorted({a for (a,) in db.session.query(AuditEvent.action).distinct()})
    assert list(q.known_actions()) == expected and {"create_position", "grant_role", "export"} <= set(expected)


def test_a_rewritten_count_of_people_is_found(app, db, crowd):
    entry = _export_naming(db, crowd)
    assert _verify(app)[0] == 0
    _owner_sql(db, f"UPDATE audit_event SET subject_count = 1 WHERE id = {entry.id}")
    code, out = _verify(app)
    assert code == 1
    assert f"entry #{entry.seq} (id {entry.id}) was changed after it was written: it counts 1 people but names 8" \
        in out


def test_a_read_written_after_unflushed_changes_follows_them_in_the_chain_and_verifies(app, db, crowd):
    """The read entry is written without the ORM (``append_entry``); changes the session still holds are chained
    first, and the people it names are indexed as before."""
    person = crowd["people"][0]
    with reading("export", "directory", actor=crowd["admin"], summary="After a change"):
        log_action("directory", "update_employee", person, "Changed first", actor=crowd["admin"],
                   subject_employee_id=person.id)
        shows(p.id for p in crowd["people"][:3])
    db.session.commit()
    change = db.session.query(AuditEvent).filter_by(summary="Changed first").one()
    read = read_entries(db, "export")[-1]
    assert read.seq == change.seq + 1 and read.prev_hash == change.entry_hash
    assert read.subject_ids == [p.id for p in crowd["people"][:3]] and read.subject_count == 3
    assert indexed_subjects(db, read) == set(read.subject_ids)
    assert read.summary == "After a change (3)" and read.actor_email == "root@test.gov.ge"
    assert _verify(app)[0] == 0


def test_the_page_builds_its_statements_once_per_combination_of_filters(db, crowd, login_as, count_queries):
    for action in ("create_position", "grant_role"):
        log_action("directory", action, None, f"One {action}", actor=crowd["admin"])
    db.session.commit()
    client = login_as(crowd["auditor"])
    q._statement.cache_clear()
    with count_queries() as first:
        position = client.get("/audit/?action=create_position").text
    role = client.get("/audit/?action=grant_role").text
    assert "One create_position" in position and "One grant_role" not in position
    assert "One grant_role" in role and "One create_position" not in role
    assert q._statement.cache_info().currsize == 1  # the same statement, another value
    with count_queries() as again:
        client.get("/audit/?action=grant_role&kind=write&page=1")
    # The same statements but the walk of the actions, which the first view made and the filter then kept.
    assert [s for s in first.statements if "RECURSIVE" in s] and not [s for s in again.statements if "RECURSIVE" in s]
    assert q._statement.cache_info().currsize == 2 and len(again.statements) == len(first.statements) - 1


@pytest.mark.parametrize("lang, kind, action, object_type", [
    ("en", "Change", "Position created", "Account"), ("ka", "ცვლილება", "თანამდებობა შეიქმნა", "მომხმარებელი")])
def test_kinds_actions_and_types_are_named_once_per_page_in_the_readers_language(db, crowd, login_as, monkeypatch,
                                                                                 lang, kind, action, object_type):
    from common.auditlog import describe

    for n in range(3):
        log_action("directory", "create_position", crowd["admin"], f"Entry number {n}", actor=crowd["admin"])
    db.session.commit()
    looked_up: list[tuple[str, str]] = []
    action_label = describe.action_label
    monkeypatch.setattr(describe, "action_label", lambda k, a: looked_up.append((k, a)) or action_label(k, a))
    client = login_as(crowd["auditor"])
    with client.session_transaction() as session:
        session["lang"] = lang
    page = client.get("/audit/?action=create_position").text
    assert looked_up == [("write", "create_position")]
    assert page.count(f'<span class="tag">{kind}</span> {action}</td>') == 3
    assert page.count(f"<td>{object_type}: root@test.gov.ge</td>") == 3


def test_the_filters_actions_are_kept_and_a_new_action_is_offered_at_the_next_view(db, crowd, login_as, count_queries,
                                                                                     monkeypatch):
    from common import audit, audit_actions

    log_action("directory", "create_position", None, "x", actor=crowd["admin"])
    db.session.commit()
    client = login_as(crowd["auditor"])
    client.get("/audit/")
    with count_queries() as kept:
        page = client.get("/audit/").text
    assert not [s for s in kept.statements if "RECURSIVE" in s] and 'value="create_position"' in page
    log_action("directory", "create_position", None, "again", actor=crowd["admin"])  # known: the list stays
    db.session.commit()
    assert audit_actions._kept
    log_action("directory", "grant_role", None, "y", actor=crowd["admin"])  # new: forgotten at once
    db.session.commit()
    assert 'value="grant_role"' in client.get("/audit/").text
    # Written by another process (this one does not see it): offered once the kept list expires.
    monkeypatch.setattr(audit, "note_written", lambda *_args: None)
    log_action("directory", "revoke_role", None, "z", actor=crowd["admin"])
    db.session.commit()
    assert 'value="revoke_role"' not in client.get("/audit/").text
    later = audit_actions.time.monotonic() + audit_actions.KEEP_SECONDS + 1
    monkeypatch.setattr(audit_actions.time, "monotonic", lambda: later)
    assert 'value="revoke_role"' in client.get("/audit/").text


def test_the_filters_fields_show_what_was_typed_and_a_page_past_the_end_its_total(db, crowd, login_as,
                                                                                 count_queries):
    log_action("directory", "create_position", None, "x", actor=crowd["admin"])
    db.session.commit()
    client = login_as(crowd["auditor"])
    for typed in ("root@test.gov.ge", "someone@test.gov.ge"):
        page = client.get(f"/audit/?person={typed}&date_from=bad").text
        assert f'value="{typed}"' in page and "Not a valid date value." in page
    assert 'value="someone@test.gov.ge"' not in client.get("/audit/").text
    page = client.get("/audit/?action=create_position&page=50").text
    assert "No entries match." in page
