"""The strategy overview's cached progress: fresh at the next request after a write, retired per document only,
and a fixed number of statements however many indicators the strategy has."""

from __future__ import annotations

import re
from typing import Any

import pytest

from common import cache
from monitoring import overview_cache, progress_cache
from monitoring.models import DataValue
from monitoring.operations.indicators import add_validation_rule, update_indicator
from monitoring.operations.values import decide


def _submitted(db: Any, indicator: Any, unit: Any, officer: Any, period: str, value: float) -> None:
    db.session.add(DataValue(indicator_id=indicator.id, period=period, org_unit_id=unit.id, value=value,
                             status="submitted", entered_by_id=officer.id, submitted_by_id=officer.id))
    db.session.commit()


def _section_key(document: Any) -> str:
    return f"{overview_cache.NAMESPACE}:document:{document.id}"


def _shows_approval_and_target_revision(factory: Any, me: Any, db: Any, login_as: Any) -> None:
    indicator = factory.me_indicator(me.document, me.objective, code="PAR-9", aggregation="last")
    other_document = factory.me_document(me.agency, code="OTHER")
    other = factory.me_indicator(other_document, code="OTH-1")
    db.session.commit()
    reader = login_as(me.approver)
    url = f"/me/documents/{me.document.id}"
    assert "No approved data yet." in reader.get(url).get_data(as_text=True)
    assert reader.get(f"/me/documents/{other_document.id}").status_code == 200
    other_version = cache.version(_section_key(other_document))
    other_progress = cache.versions([f"{progress_cache.NAMESPACE}:indicator:{other.id}"])

    _submitted(db, indicator, me.agency, me.officer, "2024Q1", 4321)
    page = reader.get(url).get_data(as_text=True)
    assert "1 value awaits approval" in page and "4,321" not in page

    decide([(indicator.id, "2024Q1", me.agency.id)], {me.agency.id: me.agency}, approve=True, actor=me.approver)
    db.session.commit()
    page = reader.get(url).get_data(as_text=True)
    assert "Actual 4,321 in 2024Q1" in page and "awaits approval" not in page

    officer = login_as(me.officer)
    assert officer.post(f"/me/indicators/{indicator.id}", data={"period": "2026", "value": "5000"}).status_code == 302
    assert "target 5,000 for 2026" in reader.get(url).get_data(as_text=True)

    # Nothing of the other strategy was retired by these writes.
    assert cache.version(_section_key(other_document)) == other_version
    assert cache.versions([f"{progress_cache.NAMESPACE}:indicator:{other.id}"]) == other_progress


def test_the_overview_shows_an_approval_and_a_target_revision_at_the_next_request(factory, me, db, login_as):
    _shows_approval_and_target_revision(factory, me, db, login_as)


def test_the_same_through_redis(factory, me, db, login_as, cache_in_redis):
    """The overview's cache kept in Redis: fresh after an approval and a target revision, per document."""
    _shows_approval_and_target_revision(factory, me, db, login_as)


def test_the_same_with_versions_in_the_database(factory, me, db, login_as, versions_in_database):
    """The overview's versions in the database (no Redis): fresh after an approval and a target revision."""
    _shows_approval_and_target_revision(factory, me, db, login_as)


@pytest.mark.parametrize("cached", [False, True])
def test_the_overview_runs_as_many_statements_for_3n_indicators_as_for_n(factory, me, db, login_as, count_queries,
                                                                        cached):
    reader = login_as(me.approver)
    url = f"/me/documents/{me.document.id}"
    counts = []
    for total in (3, 9):
        for n in range(total - (3 if counts else 0)):
            indicator = factory.me_indicator(me.document, me.objective, code=f"Q-{total}-{n}")
            db.session.add(DataValue(indicator_id=indicator.id, period="2024Q1", org_unit_id=me.agency.id,
                                     value=n + 1, status="approved"))
        db.session.commit()
        if cached:
            reader.get(url)
        with count_queries() as counter:
            assert reader.get(url).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_the_entry_grid_is_paged_with_plain_links_and_a_flat_statement_count(app, factory, me, db, login_as,
                                                                            count_queries, monkeypatch):
    """One objective larger than a page is split into parts of a page each (the grid is paged by objective)."""
    from monitoring import grid_plan

    monkeypatch.setattr(grid_plan, "PAGE_SIZE", 2)
    for n in range(5):
        factory.me_indicator(me.document, me.objective, code=f"G-{n}")
    db.session.commit()
    officer = login_as(me.officer)
    with count_queries() as first:
        page = officer.get("/me/entry").get_data(as_text=True)
    assert "G-0" in page and "G-1" in page and "G-2" not in page and "Page 1 of 3 (5 indicators)" in page
    with count_queries() as last:
        page = officer.get("/me/entry?page=3").get_data(as_text=True)
    assert "G-4" in page and "G-0" not in page and 'rel="prev"' in page and 'rel="next"' not in page
    assert first.count == last.count


def test_writes_retire_the_keys_they_touched_bulk_statements_and_org_units_every_key(factory, me, db):
    from sqlalchemy import update

    indicator = factory.me_indicator(me.document, me.objective, code="K-1")
    db.session.commit()
    names = [overview_cache.VERSIONS.name(me.document.id), progress_cache.VERSIONS.name(indicator.id),
             overview_cache.NAMESPACE, progress_cache.NAMESPACE]
    before = cache.versions(names)
    db.session.add(DataValue(indicator_id=indicator.id, period="2024Q1", org_unit_id=me.agency.id, value=1,
                             status="approved"))
    db.session.commit()
    after = cache.versions(names)
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 2, 0, 0]  # at the flush and at the commit

    db.session.execute(update(DataValue).values(comment="bulk"))
    db.session.commit()
    bulk = cache.versions(names)
    assert [a - b for a, b in zip(bulk, after, strict=True)] == [0, 0, 2, 2]  # rows unknown: every key retired

    me.agency.name_en = "Revenue Service of Georgia"
    db.session.commit()
    renamed = cache.versions(names)
    assert [a - b for a, b in zip(renamed, bulk, strict=True)] == [0, 0, 2, 0]  # shown in every overview


def test_another_process_without_redis_shows_an_approval_at_its_next_request(app, factory, me, db, login_as,
                                                                             monkeypatch):
    """Without Redis, the versions in the database: a worker whose memory still holds the overview and the versions
    from before an approval (it did not make the approval) shows the approved value at its next request."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the cache's versions are kept in the database on PostgreSQL only (on SQLite a bump on its own "
                    "connection would wait for the writer's lock): not tested: another process sees an approval")
    monkeypatch.setitem(app.config, "CACHE_VERSIONS", "database")
    indicator = factory.me_indicator(me.document, me.objective, code="W-1", aggregation="last")
    db.session.commit()
    _submitted(db, indicator, me.agency, me.officer, "2024Q1", 4321)
    reader = login_as(me.approver)
    url = f"/me/documents/{me.document.id}"
    assert "1 value awaits approval" in reader.get(url).get_data(as_text=True)
    held_before = dict(cache._versions)  # what this process would hold had another worker made the approval

    decide([(indicator.id, "2024Q1", me.agency.id)], {me.agency.id: me.agency}, approve=True, actor=me.approver)
    db.session.commit()
    cache._versions.clear()
    cache._versions.update(held_before)
    page = reader.get(url).get_data(as_text=True)
    assert "Actual 4,321 in 2024Q1" in page and "awaits approval" not in page
    assert "Actual 4,321 in 2024Q1" in reader.get(url).get_data(as_text=True)  # and kept under the new version


def _lacking(page: str, code: str) -> str | None:
    """What the quality table says indicator ``code`` lacks (its name and the list), ``None`` when it is not listed."""
    quality = page[page.index('id="quality"'):page.index('id="rules"')]
    found = re.search(rf">{re.escape(code)}</a> ([^<]*)</td><td[^>]*>([^<]*)</td>", quality)
    return f"{found.group(1)}: {found.group(2)}" if found else None


def _shows_passport_edits(factory: Any, me: Any, db: Any, login_as: Any) -> None:
    closed = factory.me_indicator(me.document, me.objective, code="QF-1", name_en="Cases closed", source="",
                                  baseline_value=5)
    received = factory.me_indicator(me.document, me.objective, code="QF-2", name_en="Cases received",
                                    baseline_value=9)
    db.session.commit()
    reader = login_as(me.approver)
    url = f"/me/documents/{me.document.id}"
    page = reader.get(url).get_data(as_text=True)
    assert _lacking(page, "QF-1") == "Cases closed: Target, Source"
    assert "QF-1 ≤ QF-2" not in page

    update_indicator(closed, actor=me.officer, source="Court register", name_en="Cases resolved")
    db.session.commit()
    page = reader.get(url).get_data(as_text=True)
    assert _lacking(page, "QF-1") == "Cases resolved: Target"  # renamed, and its source no longer lacking
    assert "Cases closed" not in page

    officer_page = login_as(me.officer).get(url).get_data(as_text=True)  # who manages it gets the rule form
    assert f'<option value="{closed.id}:value">QF-1</option>' in officer_page and 'name="csrf_token"' in officer_page
    assert "Add the rule" not in page  # the approver does not manage this document

    add_validation_rule(me.document, closed, "value", "<=", received, "value", actor=me.officer)
    db.session.commit()
    assert "QF-1 ≤ QF-2" in reader.get(url).get_data(as_text=True)


def test_a_passport_edit_and_a_new_rule_show_at_the_next_request(factory, me, db, login_as):
    """The passports' quality check, the indicators' names and the rules are kept with the overview: an edit that
    changes them shows at the next request."""
    _shows_passport_edits(factory, me, db, login_as)


def test_a_passport_edit_shows_at_the_next_request_through_redis(factory, me, db, login_as, cache_in_redis):
    _shows_passport_edits(factory, me, db, login_as)


def test_a_steady_view_reads_no_indicator_target_value_or_rule(factory, me, db, login_as, count_queries):
    """Viewing an unchanged strategy again reads none of its indicators, targets, values or rules: only who is
    signed in, the document, the versions and the document's revisions (the same 400 indicators were read at every
    view, twice)."""
    for n in range(3):
        factory.me_indicator(me.document, me.objective, code=f"S-{n}")
    me.document.published = True  # a draft's readers are found from its indicators' units, at every request
    db.session.commit()
    reader = login_as(me.approver)
    url = f"/me/documents/{me.document.id}"
    reader.get(url)
    with count_queries() as counter:
        assert reader.get(url).status_code == 200
    read = [s for s in counter.statements if re.search(r"\bme_(indicator|target|value|validation_rule|result)\b", s)]
    assert read == []
    assert len(counter.statements) <= 5
