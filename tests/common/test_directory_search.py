"""Directory search through ``employee.search_text``: the same people as the five per-field conditions it replaced,
kept right by every kind of write, and a typed ``%`` or ``_`` taken literally."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import insert, select, update

from common.models import Employee
from common.models.users import ADMIN
from tests.factories import personal_number


@pytest.fixture()
def people(factory):
    unit = factory.unit(name_en="Ministry Searched")
    accountant = factory.position()
    accountant.title_en, accountant.title_ka = "Chief Accountant", "მთავარი ბუღალტერი"
    staff = [
        factory.employee(unit, first_name_en="Nino", last_name_en="Beridze", first_name_ka="ნინო",
                         last_name_ka="ბერიძე", email="Nino.Beridze@mof.gov.ge"),
        factory.employee(unit, first_name_en="Giorgi", last_name_en="Kapanadze", first_name_ka="გიორგი",
                         last_name_ka="კაპანაძე", email="g.kapanadze@mof.gov.ge", position=accountant),
        factory.employee(unit, first_name_en="Tamar", last_name_en="Gelashvili", first_name_ka="თამარ",
                         last_name_ka="გელაშვილი", email=None),
        factory.employee(unit, first_name_en="Levan", last_name_en="O'Brien-Shvili", first_name_ka="ლევან",
                         last_name_ka="ობრაიენ-შვილი", email="levan_o@mof.gov.ge"),
    ]
    return {"unit": unit, "staff": staff, "accountant": accountant}


def _old_match(employee: Employee, term: str) -> bool:
    """The search before ``search_text``: English names and e-mail lower-cased, Georgian names as typed, the
    position's titles, each containing the term."""
    low = term.lower()
    position = employee.position
    return (low in employee.first_name_en.lower() or low in employee.last_name_en.lower()
            or term in employee.first_name_ka or term in employee.last_name_ka
            or low in (employee.email or "").lower()
            or (position is not None and (low in position.title_en.lower() or term in position.title_ka)))


def _found(client, query: str) -> set[str]:
    page = client.get("/directory/employees", query_string={"q": query}).get_data(as_text=True)
    return set(re.findall(r"\b\d{11}\b", page))


@pytest.mark.parametrize("query", [
    "beridze", "BERIDZE", "BeRiDzE", "Nino", "ნინო", "ბერიძე", "ძე", "შვილი", "shvili", "SHVILI", "o'brien",
    "mof.gov.ge", "nino.beridze@", "accountant", "ACCOUNT", "ბუღალტერი", "nino beridze", "beridze kapanadze",
    "adze", "ze", "levan_o", "zzz", "ნინოზზზ",
])
def test_search_finds_whom_the_per_field_conditions_found(login_as, factory, people, query):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    expected = {e.personal_number for e in people["staff"] if all(_old_match(e, t) for t in query.split())}
    assert _found(client, query) == expected


def test_a_term_does_not_match_across_fields(login_as, factory, people):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    assert _found(client, "ninoberidze") == set()
    assert _found(client, "beridzeნინო") == set()


@pytest.mark.parametrize("query", ["%", "nino%beridze", "n_no", "be_idze", "\\"])
def test_wildcards_typed_in_a_search_are_characters(login_as, factory, people, query):
    """Before, ``%`` listed everyone and ``_`` any character; now they match only themselves."""
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    assert _found(client, query) == set()


def test_an_underscore_is_found_where_it_is_written(login_as, factory, people):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    assert _found(client, "levan_") == _found(client, "_") == {people["staff"][3].personal_number}


def _searchable(db, employee_id: int) -> str:
    return db.session.execute(select(Employee.search_text).where(Employee.id == employee_id)).scalar_one()


def test_search_text_follows_every_kind_of_write(login_as, factory, db, people):
    """Renamed through the ORM, changed by a bulk UPDATE (the importer) and inserted in bulk (the demo, the
    importer): the generated column follows each, and the search finds the new names at once."""
    nino = people["staff"][0]
    assert _searchable(db, nino.id) == "nino beridze ნინო ბერიძე nino.beridze@mof.gov.ge"
    nino.last_name_en, nino.last_name_ka = "Tsiklauri", "წიკლაური"
    db.session.flush()
    assert _searchable(db, nino.id) == "nino tsiklauri ნინო წიკლაური nino.beridze@mof.gov.ge"
    db.session.execute(update(Employee).where(Employee.id == nino.id).values(email=None))
    assert _searchable(db, nino.id) == "nino tsiklauri ნინო წიკლაური "
    db.session.execute(insert(Employee), [{
        "personal_number": personal_number(70_000_001), "first_name_ka": "ანა", "last_name_ka": "ჩხეიძე",
        "first_name_en": "Ana", "last_name_en": "Chkheidze", "email": None, "gender": "female",
        "birth_date": date(1990, 1, 1), "hire_date": date(2020, 1, 1), "employment_type": "professional",
        "org_unit_id": people["unit"].id}])
    db.session.commit()
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    assert _found(client, "tsiklauri") == _found(client, "წიკლაური") == {nino.personal_number}
    assert _found(client, "beridze") == set()
    assert _found(client, "CHKHEIDZE") == {personal_number(70_000_001)}
