"""The cycle overview's counts are kept rendered (``hrms.overview_cache``): the next request after an appraisal moves
state, a unit is renamed or an appraisal is created shows it (versions in memory and in the database); a view from
the cache reads neither the counts nor the units, whatever the size of the cycle; each language has its own entry;
and the overdue list, which names people, is read and logged at every view, cached counts or not."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from common.models.users import HR_OFFICER
from hrms.models import AGREED, DRAFT, Appraisal
from hrms.operations import workflow
from hrms.operations.cycles import generate_appraisals
from tests.common.reads_helpers import read_entries
from tests.hrms.test_cycle_counts import AGREED_LABEL, DRAFTING, by_state
from tests.hrms.test_cycles import staff


def _unit_table(client: Any, cycle: Any) -> str:
    page = client.get(f"/hr/cycles/{cycle.id}").get_data(as_text=True)
    return page.split('id="units"', 1)[1].split("</table>", 1)[0]


def _shows_each_write_at_the_next_request(factory: Any, db: Any, login_as: Any, hr_world: Any) -> None:
    hr = login_as(hr_world.users["hr"])
    cycle = hr_world.cycle
    assert by_state(hr, cycle)[DRAFTING] == 7
    assert by_state(hr, cycle)[DRAFTING] == 7  # from the cache now
    assert "Budget Division" in _unit_table(hr, cycle)

    appraisal = hr_world.appraisal()  # moves from drafting to agreed
    workflow.save_objectives(appraisal, [workflow.ObjectiveInput(title="Budget", weight=100, measure="On time")],
                             actor=hr_world.users["employee"], version=None)
    workflow.agree_objectives(appraisal, actor=hr_world.users["employee"], version=None)
    workflow.agree_objectives(appraisal, actor=hr_world.users["manager"], version=None)
    db.session.commit()
    shown = by_state(hr, cycle)
    assert (shown[DRAFTING], shown[AGREED_LABEL]) == (6, 1)

    hr_world.division.name_en = "Treasury Division"  # a unit renamed
    db.session.commit()
    table = _unit_table(hr, cycle)
    assert "Treasury Division" in table and "Budget Division" not in table

    newcomer = factory.employee(hr_world.division, manager=hr_world.boss)  # an appraisal created
    db.session.add(Appraisal(cycle_id=cycle.id, employee_id=newcomer.id, org_unit_id=hr_world.division.id,
                             evaluator_id=hr_world.boss.id, state=DRAFT))
    db.session.commit()
    shown = by_state(hr, cycle)
    assert (shown[DRAFTING], shown[AGREED_LABEL]) == (7, 1)
    assert "8 appraisals" in hr.get(f"/hr/cycles/{cycle.id}").text


def test_the_cached_counts_follow_a_move_a_rename_and_a_new_appraisal(factory, db, login_as, hr_world):
    _shows_each_write_at_the_next_request(factory, db, login_as, hr_world)


def test_the_same_with_versions_in_the_database(factory, db, login_as, hr_world, versions_in_database):
    """Versions in the database (PostgreSQL without Redis): what every process of a deployment reads."""
    _shows_each_write_at_the_next_request(factory, db, login_as, hr_world)


def test_a_write_to_another_cycle_keeps_the_entry(factory, db, login_as, hr_world, count_queries):
    hr = login_as(hr_world.users["hr"])
    url = f"/hr/cycles/{hr_world.cycle.id}"
    hr.get(url)
    other = factory.hr_cycle(hr_world.other_ministry, name_en="Justice appraisal")  # new appraisals, in another cycle
    db.session.commit()
    with count_queries() as counter:
        assert hr.get(url).status_code == 200
    assert not [s for s in counter.statements if "hr_appraisal_count" in s]
    assert other.id != hr_world.cycle.id


def test_a_cached_view_reads_no_counts_and_costs_the_same_for_a_larger_cycle(factory, db, login_as, count_queries):
    ministry = factory.unit("MOF")
    division = factory.unit("MOF-1", parent=ministry, kind="division")
    boss = factory.employee(division, position=factory.position(rank=2))
    staff(db, division, 4, manager=boss)
    cycle = factory.hr_cycle(ministry, objectives_due=date.today() - timedelta(days=1))
    hr = login_as(factory.user(roles=[(HR_OFFICER, ministry)]))
    url = f"/hr/cycles/{cycle.id}"

    def views() -> tuple[int, int, list[str]]:
        with count_queries() as first:
            assert hr.get(url).status_code == 200
        with count_queries() as again:
            assert hr.get(url).status_code == 200
        return first.count, again.count, again.statements

    small_first, small_again, statements = views()
    assert not [s for s in statements if "hr_appraisal_count" in s or "FROM org_unit" in s], statements
    assert small_again <= small_first - 2  # the counts and the page's units
    for n in range(2, 12):
        staff(db, factory.unit(f"MOF-{n}", parent=ministry, kind="division"), 5, manager=boss)
    generate_appraisals(cycle, actor=None)
    db.session.commit()
    assert views()[:2] == (small_first, small_again)


def test_each_language_has_its_own_entry(db, login_as, hr_world):
    hr = login_as(hr_world.users["hr"])
    english = _unit_table(hr, hr_world.cycle)
    with hr.session_transaction() as session:
        session["lang"] = "ka"
    georgian = _unit_table(hr, hr_world.cycle)
    assert "Budget Division" in english and "Total" in english
    assert "Budget Division" not in georgian and "Total" not in georgian


def test_the_overdue_list_is_read_and_logged_at_every_view(factory, db, login_as, hr_world):
    hr_world.cycle.objectives_due = date.today() - timedelta(days=1)  # the drafts are overdue
    db.session.commit()
    hr = login_as(hr_world.users["hr"])
    url = f"/hr/cycles/{hr_world.cycle.id}"
    for _ in range(2):  # the second view's counts come from the cache
        assert "Gelashvili" in hr.get(url).text
    entries = [entry for entry in read_entries(db, "appraisal") if entry.object_id == str(hr_world.cycle.id)]
    assert len(entries) == 2
    drafting = set(db.session.execute(db.select(Appraisal.employee_id).where(
        Appraisal.cycle_id == hr_world.cycle.id, Appraisal.state == DRAFT)).scalars())
    assert [set(entry.subject_ids) for entry in entries] == [drafting, drafting]

    appraisal = hr_world.appraisal()  # no longer overdue once agreed: the next view names one person fewer
    appraisal.state = AGREED
    db.session.commit()
    hr.get(url)
    last = [entry for entry in read_entries(db, "appraisal") if entry.object_id == str(hr_world.cycle.id)][-1]
    assert set(last.subject_ids) == drafting - {hr_world.person.id}


def test_the_cached_overdue_ranking_follows_a_surname_and_shows_a_new_evaluator(factory, db, login_as):
    """The fifty most overdue are ranked once per version (ids kept with the counts) and read afresh at each view:
    a surname that moves someone into the first fifty, and an evaluator named instead of another (no count
    changes), both show at the next request."""
    from common.models import Employee

    ministry = factory.unit("MOF")
    division = factory.unit("MOF-1", parent=ministry, kind="division")
    boss = factory.employee(division, position=factory.position(rank=2), first_name_en="Tamar", last_name_en="Head")
    other_boss = factory.employee(division, first_name_en="Levan", last_name_en="Deputy")
    staff(db, division, 52, manager=boss)
    db.session.commit()
    cycle = factory.hr_cycle(ministry, objectives_due=date.today() - timedelta(days=1))  # every draft is overdue
    hr = login_as(factory.user(roles=[(HR_OFFICER, ministry)]))
    url = f"/hr/cycles/{cycle.id}"

    def overdue_names() -> list[str]:
        page = hr.get(url).get_data(as_text=True).split('id="overdue"', 1)[1]
        return re.findall(r'<a href="/hr/appraisals/\d+">([^<]+)</a>', page)

    first = overdue_names()
    assert len(first) == 50 and first == overdue_names()  # the second from the cached ranking
    last = db.session.execute(db.select(Employee).where(Employee.last_name_en == "Staff0051")).scalar_one()
    assert "Nino Staff0051" not in first
    last.last_name_en = "Aaronson"
    db.session.commit()
    shown = overdue_names()
    assert shown[0] == "Nino Aaronson" and len(shown) == 50

    appraisal = db.session.execute(db.select(Appraisal).where(Appraisal.employee_id == last.id)).scalar_one()
    appraisal.evaluator_id = other_boss.id  # from the head to the deputy: the counts do not change
    db.session.commit()
    row = hr.get(url).get_data(as_text=True).split("Nino Aaronson</a></td><td>", 1)[1]
    assert row.startswith("Levan Deputy</td>")
