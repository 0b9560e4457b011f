"""The learner's journey over HTTP: find a course, enrol, do the lessons, pass the quiz, download the certificate,
scan its QR code to the public page ("valid"), then see it say "revoked" after a learning administrator revokes it."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from common import signals
from common.models.users import LEARNING_ADMIN
from learning.certificates import qr_matrix
from learning.models import Attempt, Certificate, Enrolment
from tests.learning.helpers import correct_responses, form_data, make_course, quiz_of, text_lessons

BASE = "https://learn.example.gov.ge"


@pytest.fixture()
def people(factory, db):
    ministry = factory.unit("MOF", name_en="Ministry of Finance")
    division = factory.unit("MOF-1", parent=ministry, kind="division")
    person = factory.employee(division, first_name_en="Tamar", last_name_en="Beridze", first_name_ka="თამარ",
                              last_name_ka="ბერიძე")
    learner = factory.user(employee=person)
    admin = factory.user(roles=[(LEARNING_ADMIN, ministry)])
    course = make_course("CYB-101", title="Cyber hygiene basics", provider=ministry)
    db.session.commit()
    return learner, admin, course


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def qr_modules(data: bytes, size: int) -> list[list[bool]]:
    """The QR image embedded in the PDF, read back module by module (True = dark), ``size`` modules wide."""
    image = next(img.image for page in PdfReader(io.BytesIO(data)).pages for img in page.images).convert("L")
    step = image.width / size
    return [[image.getpixel((int((x + 0.5) * step), int((y + 0.5) * step))) < 128 for x in range(size)]
            for y in range(size)]


def test_find_enrol_learn_pass_certificate_verify_and_revoke(app, client, db, login_as, people, monkeypatch):
    learner, admin, course = people
    monkeypatch.setitem(app.config, "BASE_URL", BASE)
    heard = []
    signals.course_completed.connect(lambda sender, **kw: heard.append(kw), weak=False)
    browser = login_as(learner)

    found = browser.get("/learn/?q=hygiene").get_data(as_text=True)
    assert "Cyber hygiene basics" in found and f"/learn/courses/{course.id}" in found
    assert "Cyber hygiene basics" not in browser.get("/learn/?q=budgeting").get_data(as_text=True)

    assert browser.post(f"/learn/courses/{course.id}/enrol").status_code == 302
    assert "Assigned" in browser.get(f"/learn/courses/{course.id}").get_data(as_text=True)
    for lesson in text_lessons(course):
        page = browser.get(f"/learn/courses/{course.id}/lessons/{lesson.id}").get_data(as_text=True)
        assert f"Text {lesson.position}" in page
        assert browser.post(f"/learn/courses/{course.id}/lessons/{lesson.id}/done").status_code == 302
    assert "In progress" in browser.get("/learn/my").get_data(as_text=True)

    quiz = quiz_of(course)
    started = browser.post(f"/learn/quizzes/{quiz.id}/attempts")
    attempt_url = started.headers["Location"]
    questions_page = browser.get(attempt_url).get_data(as_text=True)
    attempt = db.session.execute(select(Attempt)).scalar_one()
    assert questions_page.count("<fieldset") == 5
    done = browser.post(attempt_url, data=form_data(attempt, correct_responses(attempt)))
    assert done.status_code == 302
    result = browser.get(attempt_url).get_data(as_text=True)
    assert "Passed" in result and "5.0 of 5.0 points (100.0%)" in result

    db.session.expire_all()
    enrolment = db.session.execute(select(Enrolment)).scalar_one()
    assert enrolment.state == "completed"
    assert heard == [{"employee_id": learner.employee_id, "course_id": course.id, "enrolment_id": enrolment.id,
                      "completed_at": enrolment.completed_at, "hours": Decimal("1.5")}]
    assert isinstance(heard[0]["hours"], Decimal), "the hours travel exactly as stored, never as a float"
    certificate = db.session.execute(select(Certificate)).scalar_one()
    assert re.fullmatch(r"LRN-\d{4}-\d{6}", certificate.serial)
    assert certificate.serial in browser.get("/learn/my/certificates").get_data(as_text=True)

    pdf = browser.get(f"/learn/certificates/{certificate.id}.pdf")
    assert pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data)
    url = f"{BASE}/verify/{certificate.code}"
    for expected in ("სერტიფიკატი", "Certificate", "თამარ ბერიძე", "Tamar Beridze", "Cyber hygiene basics (ka)",
                     "Cyber hygiene basics", certificate.serial, url):
        assert expected in text, expected
    matrix = qr_matrix(url)
    assert qr_modules(pdf.data, len(matrix)) == matrix  # the QR code encodes exactly the verification address

    public = client.get(url.removeprefix(BASE))
    assert public.status_code == 200
    page = public.get_data(as_text=True)
    assert "This certificate is valid." in page and "Tamar Beridze" in page and "Cyber hygiene basics" in page

    officer = login_as(admin)
    assert officer.post(f"/learn/admin/certificates/{certificate.id}/revoke",
                        data={"reason": "Issued by mistake: the quiz was taken by someone else."}).status_code == 302
    page = client.get(url.removeprefix(BASE)).get_data(as_text=True)
    assert "This certificate has been revoked." in page and "Revoked" in page
    assert "Revoked" in pdf_text(browser.get(f"/learn/certificates/{certificate.id}.pdf").data)


def test_the_verification_page_knows_no_unknown_code_and_accepts_the_printed_form(client, db, people):
    learner, _admin, course = people
    assert client.get("/verify/NOTAREALCODE0000").status_code == 404
    from learning import operations as ops

    enrolment = ops.enrol(learner.employee, course)
    for lesson in text_lessons(course):
        ops.complete_lesson(enrolment, lesson)
    attempt = ops.start_attempt(enrolment, quiz_of(course))
    ops.submit_attempt(attempt, correct_responses(attempt))
    code = enrolment.certificate.code
    db.session.commit()
    printed = "-".join(code[i:i + 4] for i in range(0, 16, 4)).lower()
    assert "This certificate is valid." in client.get(f"/verify/?code={printed}").get_data(as_text=True)


def test_someone_else_cannot_download_my_certificate(client, db, login_as, factory, people):
    learner, _admin, course = people
    from learning import operations as ops

    enrolment = ops.enrol(learner.employee, course)
    enrolment.state = "completed"
    certificate = ops.issue_certificate(enrolment)
    other = factory.user(employee=factory.employee(factory.unit("MOJ")))
    db.session.commit()
    assert login_as(other).get(f"/learn/certificates/{certificate.id}.pdf").status_code == 403
    assert login_as(learner).get(f"/learn/certificates/{certificate.id}.pdf").status_code == 200
