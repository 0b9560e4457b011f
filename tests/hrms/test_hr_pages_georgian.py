"""Every HR page of ``tests/hrms/hr_pages.py`` rendered in Georgian: no English left and no raw code shown.

The data of the walk is Georgian (names, objectives, comments), so any Latin word a Georgian reader would see
on these pages is the interface's own: a string left untranslated or never marked for translation, or a
stored code (``needs_from_appraisal``, ``female``) shown as it is. What is Latin by nature is allowed:
e-mail addresses, org-unit and course codes, file formats, identifiers set as code (the import file's column
names) and whatever is marked ``lang="en"`` (a person's name in English, the "In English" links, a stored audit
record quoted as it was written).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.hrms.hr_pages import build_pages

# Words that are Latin in Georgian too: file formats and the language switch (which names English in English).
ALLOWED = {"PDF", "CSV", "XLSX", "xlsx", "csv", "Excel", "ID"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
VISIBLE_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The Georgian reader's text: element text and the attributes read aloud, without scripts, styles, code and
    the parts marked as English."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # each open element, and whether it is skipped with its content

    @property
    def _skip(self) -> bool:
        return any(skipped for _tag, skipped in self._open)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        skipped = tag in ("script", "style", "code") or (dict(attrs).get("lang") or "").startswith("en")
        if tag not in VOID:
            self._open.append((tag, skipped))
        if skipped or self._skip:
            return
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and dict(attrs).get("type") in ("submit", "button") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if any(open_tag == tag for open_tag, _skipped in self._open):  # closes it and what was left open inside
            while self._open.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def english_left(html: str, allowed: set[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    found = []
    for part in parser.parts:
        for token in part.split():
            if "@" in token or "/" in token:  # e-mail addresses and paths
                continue
            for word in LATIN_WORD.findall(token):
                if word not in allowed and not re.fullmatch(r"[A-Z]{2,}[A-Z0-9-]*", word):  # codes: MOF, BASIC
                    found.append(word)
    return found


@pytest.fixture()
def pages(hr_world, factory, db):
    return build_pages(hr_world, factory, db)


def test_every_hr_page_in_georgian_has_no_english_and_no_raw_code(hr_world, pages, login_as):
    clients: dict[str, object] = {}
    problems = {}
    for page in pages:
        client = clients.get(page.persona)
        if client is None:
            client = clients[page.persona] = login_as(hr_world.users[page.persona])
            with client.session_transaction() as session:
                session["lang"] = "ka"
        response = client.get(page.path)
        assert response.status_code == 200, (page.name, response.status_code)
        left = english_left(response.text, ALLOWED)
        if left:
            problems[page.name] = sorted(set(left))
    assert not problems, "\n".join(f"{name}: {words}" for name, words in problems.items())


def test_the_audit_log_names_actions_and_objects_and_filters_by_label(hr_world, pages, login_as):
    auditor = login_as(hr_world.users["auditor"])
    with auditor.session_transaction() as session:
        session["lang"] = "ka"
    page = auditor.get("/audit/").text
    person = f"{hr_world.person.first_name_ka} {hr_world.person.last_name_ka}"  # the name in Georgian
    assert f"შეფასება: {person}, წლიური შეფასება" in page  # the object named, not "Appraisal 97"
    assert "შეფასების ციკლი: წლიური შეფასება" in page
    assert "შეფასების ციკლი შეიქმნა" in page  # the action's label, not create_cycle
    assert '<option value="create_cycle">შეფასების ციკლი შეიქმნა</option>' in page
    assert "as recorded" not in page.lower() and "როგორც ჩაიწერა (ინგლისურად)" in page
    filtered = auditor.get("/audit/?action=create_cycle").text
    assert filtered.count("შეფასების ციკლი შეიქმნა</td>") == 1


def test_an_employee_history_names_every_step(hr_world, pages, login_as):
    employee = login_as(hr_world.users["peer2"])
    with employee.session_transaction() as session:
        session["lang"] = "ka"
    final = hr_world.appraisal(hr_world.peers[2])
    page = employee.get(f"/hr/appraisals/{final.id}").text
    assert "needs_from_appraisal" not in page
    assert "გადამზადების საჭიროებები შეფასებიდან განისაზღვრა" in page
