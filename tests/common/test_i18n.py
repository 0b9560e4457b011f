"""Georgian and English: the pages a civil servant sees first, the remembered choice, and a complete catalogue.

The catalogue tests read the ``.po`` file itself (tests compile nothing; ``make test`` compiles the
catalogues first), and extract the messages from the source the way ``make extract-messages`` does,
so a string added to the code without a Georgian translation fails here rather than reaching users
in English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from sqlalchemy import select

from common.models import User
from common.models.users import ADMIN
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "translations" / "ka" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def choose(client, lang, next_page="/"):
    return client.post("/auth/language", data={"lang": lang, "next": next_page})


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def sign_in(client, user):
    return client.post("/auth/login", data={"email": user.email, "password": PASSWORD})


@pytest.fixture()
def staff(factory, db):
    """A ministry with a division, a professional civil servant in it and an administrator."""
    ministry = factory.unit("MIN", name_en="Ministry of Testing")
    division = factory.unit("MIN-1", parent=ministry, kind="division", name_en="Testing Division")
    employee = factory.employee(division, position=factory.position(rank=2), employment_type="professional",
                                last_name_ka="ბერიძე", last_name_en="Beridze")
    admin = factory.user(roles=[(ADMIN, None)])
    db.session.commit()
    return {"ministry": ministry, "division": division, "employee": employee, "admin": admin}


def test_sign_in_page_in_georgian(client):
    response = choose(client, "ka", "/auth/login")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    html = page(client, "/auth/login")
    assert '<html lang="ka">' in html
    assert "<h1>შესვლა</h1>" in html
    assert '<button class="button" type="submit">შესვლა</button>' in html
    assert "ელექტრონული ფოსტის მისამართი" in html and "პაროლი" in html
    assert "საჯარო სამსახურის მართვის სისტემა" in html
    assert "Sign in" not in html and "Password" not in html


def test_wrong_password_message_in_georgian(client, staff):
    choose(client, "ka", "/auth/login")
    response = client.post("/auth/login", data={"email": staff["admin"].email, "password": "not the password"})
    assert "ელექტრონული ფოსტის მისამართი ან პაროლი არასწორია." in response.get_data(as_text=True)


def test_shell_directory_search_and_profile_in_georgian(login_as, staff):
    client = login_as(staff["admin"])
    with client.session_transaction() as session:
        session["lang"] = "ka"

    home = page(client, "/")
    assert '<html lang="ka">' in home
    for label in ("მთავარი", "თანამშრომელთა ცნობარი", "მოხელეთა შეფასება", "მონიტორინგი და შეფასება", "სწავლება",
                  "ანგარიშები", "გასვლა", "ძირითად შინაარსზე გადასვლა"):
        assert f">{label}<" in home, label
    assert "Staff directory" not in home and "Sign out" not in home

    index = page(client, "/directory/")
    assert "<h1>თანამშრომელთა ცნობარი</h1>" in index
    assert "<h2>უწყებები</h2>" in index
    assert '<th scope="col">კოდი</th>' in index and "<td>სამინისტრო</td>" in index
    assert "ძიება სახელის, პირადი ნომრის ან თანამდებობის მიხედვით" in index

    search = page(client, "/directory/employees?q=ბერიძე")
    assert "<h1>თანამშრომელთა ძიება</h1>" in search
    for header in ("სახელი", "პირადი ნომერი", "თანამდებობა", "სტრუქტურული ერთეული"):
        assert header in search, header
    assert "ნინო ბერიძე" in search and "Nino Beridze" not in search  # names follow the language too
    assert "ექსპორტი CSV ფორმატში" in search

    profile = page(client, f"/directory/employees/{staff['employee'].id}")
    for text in ("პირადი ნომერი", "რანგი II", "უშუალო ხელმძღვანელი", "დასაქმების ფორმა",
                 "პროფესიული საჯარო მოხელე", "მდედრობითი", "სახელი და გვარი ინგლისურად"):
        assert text in profile, text
    assert "Personal number" not in profile


def test_switching_back_to_english(login_as, staff):
    client = login_as(staff["admin"])
    choose(client, "ka")
    assert ">თანამშრომელთა ცნობარი<" in page(client, "/")
    choose(client, "en", "/directory/")
    html = page(client, "/directory/")
    assert '<html lang="en">' in html
    assert "<h1>Staff directory</h1>" in html and "<td>Ministry</td>" in html
    assert "თანამშრომელთა ცნობარი" not in html


def test_choice_is_remembered_across_sign_out_and_sign_in(app, db, staff):
    admin = staff["admin"]
    first_browser = app.test_client()
    assert sign_in(first_browser, admin).status_code == 302
    assert '<html lang="en">' in page(first_browser, "/")
    choose(first_browser, "ka")
    assert db.session.execute(select(User.locale).where(User.id == admin.id)).scalar_one() == "ka"

    first_browser.post("/auth/logout")
    signed_out = page(first_browser, "/auth/login")
    assert "თქვენ გახვედით სისტემიდან." in signed_out and "<h1>შესვლა</h1>" in signed_out

    # Another browser knows nothing of the choice until the person signs in.
    second_browser = app.test_client()
    assert "<h1>Sign in</h1>" in page(second_browser, "/auth/login")
    sign_in(second_browser, admin)
    home = page(second_browser, "/")
    assert '<html lang="ka">' in home and ">გასვლა<" in home


def test_language_chosen_before_sign_in_is_kept_after_it(client, staff):
    choose(client, "ka", "/auth/login")
    sign_in(client, staff["admin"])
    assert '<html lang="ka">' in page(client, "/")


def _catalogue():
    with CATALOGUE.open("rb") as fh:
        return read_po(fh)


def test_catalogue_is_georgian_with_two_plural_forms():
    catalogue = _catalogue()
    assert str(catalogue.locale) == "ka"
    assert catalogue.num_plurals == 2 and catalogue.plural_expr == "(n != 1)"
    assert "charset=utf-8" in dict(catalogue.mime_headers)["Content-Type"].lower()


def test_every_message_has_a_checked_georgian_translation():
    problems = []
    for message in _catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if "fuzzy" in message.flags:
            problems.append(f"fuzzy (check and remove the flag): {ids[0]!r}")
        if not all(s and s.strip() for s in strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        wanted = sorted(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            if sorted(PLACEHOLDER.findall(string)) != wanted:
                problems.append(f"placeholders {wanted} differ in {string!r}")
    assert not problems, "\n".join(problems)


def test_every_string_in_the_code_is_in_the_catalogue():
    """What ``make extract-messages`` would find; a string missing here reaches users in English."""
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    in_code = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords):
        in_code.setdefault(message if isinstance(message, str) else message[0], filename)
    catalogued = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue() if m.id}
    missing = sorted(f"{where}: {text!r}" for text, where in in_code.items() if text not in catalogued)
    assert not missing, "run `make extract-messages` and translate:\n" + "\n".join(missing)


def test_form_validation_messages_are_georgian_too(client):
    choose(client, "ka", "/auth/login")
    answer = client.post("/auth/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "ამ ველის შევსება სავალდებულოა." in answer and "This field is required." not in answer
