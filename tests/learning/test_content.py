"""Lesson content: nothing executable survives in lesson HTML; lesson files are stored and served safely."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from common.models.users import LEARNING_ADMIN
from learning import operations as ops
from learning.models import Lesson
from learning.sanitise import clean_html
from tests.learning.helpers import make_course

HOSTILE = ('<h2>Passwords</h2><script>alert("x")</script><p onclick="steal()">Use a <b>long</b> passphrase '
           '<a href="javascript:alert(1)">here</a> and <a href="https://www.cert.gov.ge/">CERT</a>.</p>'
           '<img src="x" onerror="alert(2)"><iframe src="https://evil.example/"></iframe>'
           '<p style="background:url(javascript:alert(3))">styled</p><style>p{color:red}</style>'
           '<svg onload="alert(4)"><circle r="1"/></svg><form action="https://evil.example"><input></form>'
           '<object data="x.swf"></object><p><a href="data:text/html,<script>alert(5)</script>">d</a></p>')
EXECUTABLE = ("<script", "onclick", "onerror", "onload", "javascript:", "<iframe", "style=", "<style", "<svg",
              "<form", "<object", "data:text")


@pytest.fixture()
def editor(factory, db):
    ministry = factory.unit("MOF")
    return ministry, factory.user(roles=[(LEARNING_ADMIN, ministry)])


def test_the_sanitiser_keeps_the_text_and_the_harmless_markup():
    cleaned = clean_html(HOSTILE)
    assert not [marker for marker in EXECUTABLE if marker in cleaned]
    assert "<h2>Passwords</h2>" in cleaned and "<b>long</b>" in cleaned and "styled" in cleaned
    assert 'href="https://www.cert.gov.ge/"' in cleaned and 'rel="noopener noreferrer nofollow"' in cleaned


def test_a_lesson_saved_through_the_editor_is_stored_without_scripts(editor, login_as, db):
    ministry, admin = editor
    course = make_course(provider=ministry, quiz=False)
    section = course.sections[0]
    db.session.commit()
    client = login_as(admin)
    response = client.post(f"/learn/admin/sections/{section.id}/lessons/new",
                           data={"kind": "text", "title_ka": "პაროლები", "title_en": "Passwords", "required": "y",
                                 "body_ka": HOSTILE, "body_en": HOSTILE})
    assert response.status_code == 302
    lesson = db.session.execute(select(Lesson).where(Lesson.title_en == "Passwords")).scalar_one()
    for body in (lesson.body_ka, lesson.body_en):
        assert not [marker for marker in EXECUTABLE if marker in body]
        assert "Use a <b>long</b> passphrase" in body


def test_html_written_around_the_editor_is_still_shown_clean(editor, login_as, db):
    ministry, admin = editor
    course = make_course(provider=ministry, quiz=False)
    lesson = course.sections[0].lessons[0]
    lesson.body_en = HOSTILE  # e.g. a row fixed by hand in the database
    db.session.commit()
    page = login_as(admin).get(f"/learn/courses/{course.id}/lessons/{lesson.id}").get_data(as_text=True)
    body = page[page.index('<div class="lesson__body">'):page.index("</article>")]
    assert "Use a <b>long</b> passphrase" in body
    assert not [marker for marker in EXECUTABLE if marker in body]


def test_a_lesson_file_gets_a_generated_name_and_is_served_as_an_attachment(editor, factory, login_as, db, app):
    ministry, admin = editor
    course = make_course(provider=ministry, quiz=False)
    section = course.sections[0]
    db.session.commit()
    client = login_as(admin)
    data = b"%PDF-1.4\n% a real handout would be longer\n"
    response = client.post(f"/learn/admin/sections/{section.id}/lessons/new", content_type="multipart/form-data",
                           data={"kind": "file", "title_ka": "მასალა", "title_en": "Handout",
                                 "file": (io.BytesIO(data), "../../etc/ცნობარი.pdf")})
    assert response.status_code == 302
    lesson = db.session.execute(select(Lesson).where(Lesson.title_en == "Handout")).scalar_one()
    assert lesson.file_display_name == "ცნობარი.pdf" and lesson.file_storage_name.endswith(".pdf")
    stored = Path(app.instance_path) / "learning_files" / lesson.file_storage_name
    assert stored.read_bytes() == data and "ცნობარი" not in lesson.file_storage_name

    download = client.get(f"/learn/courses/{course.id}/lessons/{lesson.id}/file")
    assert download.status_code == 200 and download.data == data
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E1%83%AA" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("page.html", b"<script>alert(1)</script>", "cannot be attached"),
    ("fake.pdf", b"<html><script>alert(1)</script></html>", "does not match"),
    ("notes.txt", b"\xff\xfe\x00binary", "UTF-8"),
    ("big.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 10), "larger than 1 MB"),
])
def test_files_of_the_wrong_type_or_size_are_refused(editor, login_as, db, app, monkeypatch, name, data, message):
    ministry, admin = editor
    monkeypatch.setitem(app.config, "LEARNING_FILE_MAX_MB", 1)
    course = make_course(provider=ministry, quiz=False)
    db.session.commit()
    page = login_as(admin).post(f"/learn/admin/sections/{course.sections[0].id}/lessons/new",
                                content_type="multipart/form-data",
                                data={"kind": "file", "title_ka": "ფაილი", "title_en": "File",
                                      "file": (io.BytesIO(data), name)}).get_data(as_text=True)
    assert message in page
    assert not db.session.execute(select(Lesson).where(Lesson.title_en == "File")).first()


def test_unpublished_courses_are_hidden_from_learners(editor, factory, login_as, db):
    ministry, admin = editor
    draft = make_course(provider=ministry, published=False)
    learner = factory.user(employee=factory.employee(ministry))
    db.session.commit()
    assert login_as(learner).get(f"/learn/courses/{draft.id}").status_code == 404
    assert "Cyber hygiene basics" not in login_as(learner).get("/learn/").get_data(as_text=True)
    assert login_as(admin).get(f"/learn/courses/{draft.id}").status_code == 200
    with pytest.raises(ops.OperationError):
        ops.enrol(learner.employee, draft)
