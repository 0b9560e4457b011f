"""Question banks shared across courses: one bank, filled from a spreadsheet (all or nothing, every problem listed),
is drawn from by the quizzes of two courses; and every authoring page gives each field its own id."""

from __future__ import annotations

import io
from collections import Counter
from html.parser import HTMLParser

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from common.models.users import ADMIN, LEARNING_ADMIN
from learning import operations as ops
from learning.models import Question, QuestionBank
from learning.operations.quiz import drawn_questions
from tests.learning.helpers import make_course, quiz_of

HEADER = ["type", "question_en", "question_ka", "options_en", "options_ka", "correct", "points"]
GOOD = [
    ["single", "Which port does HTTPS use?", "რომელ პორტს იყენებს HTTPS?", "80|443|21", "80|443|21", "2", "1"],
    ["multiple", "Which are second factors?", "რომელია მეორე ფაქტორი?", "SMS code|Password|Hardware key",
     "SMS კოდი|პაროლი|აპარატული გასაღები", "1,3", "2"],
    ["true_false", "A strong password may be reused.", "ძლიერი პაროლი შეიძლება განმეორდეს.", "", "", "false", ""],
    ["numeric", "How many bits in a byte?", "რამდენი ბიტია ბაიტში?", "", "", "8", ""],
    ["matching", "Match the terms.", "დააკავშირეთ.", "MFA = more than one proof|VPN = encrypted tunnel",
     "MFA = ერთზე მეტი|VPN = დაშიფრული გვირაბი", "", ""],
]


def xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture()
def setting(factory, db):
    ministry = factory.unit("MOF")
    admin = factory.user(roles=[(LEARNING_ADMIN, ministry)])
    learner = factory.user(employee=factory.employee(ministry))
    first = make_course("CYB-101", provider=ministry, questions=2, quiz={"quiz_draw": 50})
    second = make_course("SEC-201", title="Security basics", provider=ministry, questions=1, quiz={"quiz_draw": 50})
    db.session.commit()
    return ministry, admin, learner, first, second


def upload(client, bank, data, name):
    return client.post(f"/learn/admin/banks/{bank.id}/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_one_shared_bank_is_drawn_from_by_the_quizzes_of_two_courses(setting, login_as, db):
    _ministry, admin, learner, first, second = setting
    client = login_as(admin)
    created = client.post("/learn/admin/banks", data={"name_ka": "კიბერუსაფრთხოება", "name_en": "Cyber basics",
                                                      "category": "cyber_hygiene"})
    bank = db.session.execute(select(QuestionBank)).scalar_one()
    assert created.headers["Location"].endswith(f"/learn/admin/banks/{bank.id}")
    imported = upload(client, bank, xlsx([HEADER, *GOOD]), "questions.xlsx")
    assert imported.status_code == 302
    assert "5 questions imported." in client.get(imported.headers["Location"]).get_data(as_text=True)
    shared = set(db.session.execute(select(Question.id).where(Question.bank_id == bank.id)).scalars())
    assert len(shared) == 5

    for course in (first, second):  # the quiz lesson's editor links the bank
        quiz = quiz_of(course)
        saved = client.post(f"/learn/admin/sections/{quiz.section_id}/lessons/{quiz.id}", data={
            "kind": "quiz", "title_ka": "ტესტი", "title_en": "Quiz", "required": "y", "quiz_draw": 50,
            "quiz_attempts": 3, "quiz_minutes": 10, "quiz_pass_percent": 60, "bank_ids": [bank.id]})
        assert saved.status_code == 302
    page = client.get(f"/learn/admin/banks/{bank.id}").get_data(as_text=True)
    assert "CYB-101" in page and "SEC-201" in page

    for course, own in ((first, 2), (second, 1)):
        enrolment = ops.enrol(learner.employee, course)
        drawn = {q.id for q in drawn_questions(ops.start_attempt(enrolment, quiz_of(course)))}
        assert shared <= drawn and len(drawn) == 5 + own


def test_an_import_with_a_wrong_row_adds_nothing_and_lists_every_problem(setting, login_as, db):
    _ministry, admin, _learner, _first, _second = setting
    bank = ops.create_bank({"name_ka": "ბანკი", "name_en": "Bank", "category": "ethics"}, actor=admin)
    db.session.commit()
    client = login_as(admin)
    bad = [HEADER, GOOD[0], ["single", "No answer marked", "", "a|b", "", "5", ""], GOOD[1],
           ["essay", "", "", "", "", "", "0"]]
    response = upload(client, bank, xlsx(bad), "questions.xlsx")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was imported" in page
    assert "Row 3: correct must give option numbers from 1 to 2." in page
    assert "Row 5: type must be one of:" in page and "Row 5: the question is empty" in page
    assert "Row 5: points must be a whole number from 1 to 100." in page
    assert db.session.execute(select(func.count(Question.id)).where(Question.bank_id == bank.id)).scalar_one() == 0

    header = upload(client, bank, b"kind,text\nsingle,x\n", "questions.csv").get_data(as_text=True)
    assert "Missing columns: type, correct, question_en." in header and "Unknown columns: kind, text." in header
    wrong = upload(client, bank, b"%PDF-1.4", "questions.pdf").get_data(as_text=True)
    assert "Upload an Excel workbook (.xlsx), a CSV file (.csv) or a GIFT file (.gift, .txt)." in wrong

    csv_text = "\ufefftype;question_en;options_en;correct\nsingle;Pick two;a|b;2\ntrue_false;Sky is blue;;true\n"
    assert upload(client, bank, csv_text.encode(), "questions.csv").status_code == 302
    assert db.session.execute(select(func.count(Question.id)).where(Question.bank_id == bank.id)).scalar_one() == 2


def test_a_scoped_administrator_edits_only_the_banks_they_created(setting, factory, login_as, db):
    _ministry, admin, _learner, _first, _second = setting
    other = ops.create_bank({"name_ka": "სხვა", "name_en": "Other", "category": "ethics"},
                            actor=factory.user(roles=[(ADMIN, None)]))
    db.session.commit()
    client = login_as(admin)
    assert client.get(f"/learn/admin/banks/{other.id}").status_code == 200  # shared: anyone may read and link it
    assert client.get(f"/learn/admin/banks/{other.id}/questions/new").status_code == 403
    assert upload(client, other, xlsx([HEADER, *GOOD]), "q.xlsx").status_code == 403


GIFT = """// Moodle's GIFT format: one language, used for both
::Port::Which port does HTTPS use? {~80 =443#Right ~21}

Which are second factors? {~%50%SMS code ~%-100%Password ~%50%Hardware key ####Two of them.}

A strong password may be reused.{F}

How many bits in a byte? {#8:0}

Match the terms. {=MFA -> more than one proof =VPN -> encrypted tunnel}

Pick a number between 4 and 6 {#4..6}

Escaped characters: 2 \\= 2 \\{ok\\} {=yes ~no}
"""


def test_questions_import_from_gift_and_a_wrong_question_is_named_by_line(setting, login_as, db):
    _ministry, admin, _learner, _first, _second = setting
    bank = ops.create_bank({"name_ka": "ბანკი", "name_en": "Bank", "category": "ethics"}, actor=admin)
    db.session.commit()
    client = login_as(admin)
    bad = upload(client, bank, b"Fine {T}\n\nAn essay? {}\n\nNo braces at all\n", "moodle.gift")
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Question on line 3: no answers" in page
    assert "Question on line 5: no answer block in braces" in page
    assert upload(client, bank, GIFT.encode(), "moodle.gift").status_code == 302
    questions = {q.text_en: q for q in db.session.execute(select(Question).where(Question.bank_id == bank.id))
                 .scalars()}
    assert [q.kind for q in questions.values()] == ["single", "multiple", "true_false", "numeric", "matching",
                                                    "numeric", "single"]
    port = questions["Which port does HTTPS use?"]
    assert [(c.text_en, c.correct) for c in port.choices] == [("80", False), ("443", True), ("21", False)]
    factors = questions["Which are second factors?"]
    assert [c.text_en for c in factors.choices if c.correct] == ["SMS code", "Hardware key"]
    assert factors.feedback_en == "Two of them."
    assert [c.correct for c in questions["A strong password may be reused."].choices] == [False, True]
    assert questions["Pick a number between 4 and 6"].numeric_answer == 5
    assert questions["Pick a number between 4 and 6"].numeric_tolerance == 1
    assert [(c.text_en, c.match_en) for c in questions["Match the terms."].choices] == [
        ("MFA", "more than one proof"), ("VPN", "encrypted tunnel")]
    assert "Escaped characters: 2 = 2 {ok}" in questions


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.label_for: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"])
        if tag == "label" and found.get("for"):
            self.label_for.append(found["for"])


def test_every_authoring_page_gives_each_field_its_own_id(setting, login_as, db):
    ministry, admin, _learner, first, _second = setting
    bank = ops.create_bank({"name_ka": "ბანკი", "name_en": "Bank", "category": "ethics"}, actor=admin)
    ops.create_rule(first, {"unit_id": ministry.id, "starts_on": first.created_at.date(), "due_days": 30},
                    actor=None)
    db.session.commit()
    quiz = quiz_of(first)
    client = login_as(admin)
    pages = [f"/learn/admin/courses/{first.id}", "/learn/admin/courses/new",
             f"/learn/admin/sections/{quiz.section_id}/lessons/{quiz.id}",
             f"/learn/admin/sections/{quiz.section_id}/lessons/new",
             f"/learn/admin/courses/{first.id}/questions/{first.questions[0].id}",
             f"/learn/admin/courses/{first.id}/questions/new", "/learn/admin/banks", f"/learn/admin/banks/{bank.id}",
             f"/learn/admin/banks/{bank.id}/questions/new", "/learn/admin/rules", "/learn/assign?who=MOF",
             "/learn/admin/compliance"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        parser = _Ids()
        parser.feed(response.get_data(as_text=True))
        duplicates = [name for name, n in Counter(parser.ids).items() if n > 1]
        assert not duplicates, f"{url}: duplicate ids {duplicates}"
        assert set(parser.label_for) <= set(parser.ids), f"{url}: a label points at no field"
    course_page = client.get(f"/learn/admin/courses/{first.id}").get_data(as_text=True)
    assert 'for="title_ka"' in course_page and 'for="section-title_ka"' in course_page
