"""The catalogue keeps each course's card rendered (``learning.catalogue_cache``): every write that changes a card
shows at the next request, nothing of one learner is shown to another, and the filters find what they always did.
My courses and the compliance page read columns: the same figures as the entities gave."""

from __future__ import annotations

from sqlalchemy import select

from common.models import Competency
from common.models.users import LEARNING_ADMIN
from learning import operations as ops
from learning.models import Course, Enrolment
from tests.learning.helpers import make_course


def _catalogue(client, query: str = "", language: str = "en") -> str:
    with client.session_transaction() as session:
        session["lang"] = language
    return client.get(f"/learn/{query}").get_data(as_text=True)


def test_a_course_edit_shows_at_the_next_request_in_each_language(factory, db, login_as):
    ministry = factory.unit("MOF")
    course = make_course("CYB-101", title="Cyber hygiene basics", provider=ministry)
    db.session.commit()
    client = login_as(factory.user(employee=factory.employee(ministry)))
    assert "Cyber hygiene basics" in _catalogue(client)  # the card is kept from here on
    assert "Cyber hygiene basics (ka)" in _catalogue(client, language="ka")

    ops.update_course(course, {"code": "CYB-101", "title_en": "Password hygiene", "title_ka": "პაროლების ჰიგიენა",
                               "summary_en": "Long passphrases.", "duration_minutes": 90,
                               "provider_unit_id": ministry.id}, actor=None)
    db.session.commit()
    english, georgian = _catalogue(client), _catalogue(client, language="ka")
    assert "Password hygiene" in english and "Cyber hygiene basics" not in english
    assert "Long passphrases." in english and "90 minutes" in english
    assert "პაროლების ჰიგიენა" in georgian and "Cyber hygiene basics (ka)" not in georgian


def test_competencies_and_the_providers_name_show_at_the_next_request(factory, db, login_as):
    ministry = factory.unit("MOF", name_en="Ministry of Finance")
    competency = Competency(code="C1", name_ka="ანალიზი", name_en="Analysis")
    db.session.add(competency)
    course = make_course(provider=ministry)
    db.session.commit()
    client = login_as(factory.user(employee=factory.employee(ministry)))
    page = _catalogue(client)
    assert "Ministry of Finance" in page and '<span class="tag">Analysis</span>' not in page

    ops.update_course(course, {"code": course.code, "competency_ids": [competency.id], "provider_unit_id": ministry.id},
                      actor=None)
    db.session.commit()
    assert '<span class="tag">Analysis</span>' in _catalogue(client)

    competency.name_en = "Risk analysis"
    ministry.name_en = "Ministry of Finance and Economy"
    db.session.commit()
    page = _catalogue(client)
    assert '<span class="tag">Risk analysis</span>' in page and "Ministry of Finance and Economy" in page


def test_withdrawing_and_publishing_show_at_the_next_request(factory, db, login_as):
    ministry = factory.unit("MOF")
    course = make_course("CYB-101", title="Cyber hygiene basics")
    db.session.commit()
    client = login_as(factory.user(employee=factory.employee(ministry)))
    assert ">Cyber hygiene basics</a>" in _catalogue(client)
    ops.set_published(course, False, actor=None)
    db.session.commit()
    assert ">Cyber hygiene basics</a>" not in _catalogue(client)
    ops.update_course(course, {"code": course.code, "title_en": "Cyber hygiene, revised"}, actor=None)
    ops.set_published(course, True, actor=None)
    db.session.commit()
    page = _catalogue(client)
    assert ">Cyber hygiene, revised</a>" in page and ">Cyber hygiene basics</a>" not in page


def test_an_edit_through_the_course_editor_shows_at_the_next_request(factory, db, login_as):
    ministry = factory.unit("MOF")
    course = make_course("CYB-101", title="Cyber hygiene basics", provider=ministry)
    db.session.commit()
    learner = login_as(factory.user(employee=factory.employee(ministry)))
    editor = login_as(factory.user(roles=[(LEARNING_ADMIN, ministry)]))
    assert "Cyber hygiene basics" in _catalogue(learner)
    response = editor.post(f"/learn/admin/courses/{course.id}", data={
        "code": "CYB-101", "title_ka": "ახალი სათაური", "title_en": "A new title", "summary_ka": "", "summary_en": "",
        "category": "ethics", "level": "advanced", "language": "en", "provider_unit_id": ministry.id,
        "duration_minutes": 30, "cpd_hours": "2.0", "self_enrol": "y"})
    assert response.status_code == 302
    page = _catalogue(learner)
    assert "A new title" in page and "Cyber hygiene basics" not in page
    assert "Ethics and integrity · Advanced · English" in page


def test_a_learners_status_is_theirs_alone_and_changes_at_the_next_request(factory, db, login_as):
    ministry = factory.unit("MOF")
    course = make_course("CYB-101", title="Cyber hygiene basics")
    enrolled, other = factory.employee(ministry), factory.employee(ministry)
    ops.assign(enrolled, course, None, actor=None)
    db.session.commit()
    mine, theirs = login_as(factory.user(employee=enrolled)), login_as(factory.user(employee=other))
    assert '<strong class="tag">Assigned</strong>' in _catalogue(mine)
    assert '<strong class="tag">' not in _catalogue(theirs)  # the same card, without the other learner's status
    enrolment = db.session.execute(select(Enrolment).where(Enrolment.employee_id == enrolled.id)).scalar_one()
    ops.grant_exemption(enrolment, "Certified elsewhere already", actor=None)
    db.session.commit()
    assert '<strong class="tag">Exempt</strong>' in _catalogue(mine)
    assert '<strong class="tag">' not in _catalogue(theirs)


def test_the_filters_and_the_search_find_what_they_did(factory, db, login_as):
    ministry = factory.unit("MOF")
    competency = Competency(code="C1", name_ka="ანალიზი", name_en="Analysis")
    db.session.add(competency)
    make_course("CYB-101", title="Cyber hygiene basics")
    make_course("ETH-201", title="Ethics in office", category="ethics", level="advanced", language="en")
    make_course("RSK-301", title="Risk registers", category="risk_management", competency_ids=[competency.id])
    make_course("OLD-100", title="Withdrawn course", published=False)
    db.session.commit()
    client = login_as(factory.user(employee=factory.employee(ministry)))

    def titles(query: str) -> set[str]:
        page = _catalogue(client, query)
        return {title for title in ("Cyber hygiene basics", "Ethics in office", "Risk registers", "Withdrawn course")
                if f">{title}</a>" in page}

    assert titles("") == {"Cyber hygiene basics", "Ethics in office", "Risk registers"}
    assert titles("?q=HYGIENE") == {"Cyber hygiene basics"}
    assert titles("?q=eth-2") == {"Ethics in office"}  # the code
    assert titles("?q=about+risk") == {"Risk registers"}  # every word, in the summary or the title
    assert titles("?q=withdrawn") == set()
    assert titles("?category=ethics") == {"Ethics in office"}
    assert titles("?level=advanced&language=en") == {"Ethics in office"}
    assert titles(f"?competency={competency.id}") == {"Risk registers"}
    assert titles("?q=risk&category=ethics") == set()
    assert "No courses match your search." in _catalogue(client, "?q=nothing-like-this")


def test_the_catalogue_pages_and_a_page_past_the_end_is_empty(factory, db, login_as, app):
    ministry = factory.unit("MOF")
    for n in range(app.config["PAGE_SIZE"] + 2):
        make_course(f"C-{n:03d}", title=f"Course {n:03d}", quiz=False)
    db.session.commit()
    client = login_as(factory.user(employee=factory.employee(ministry)))
    first, second = _catalogue(client), _catalogue(client, "?page=2")
    assert "Course 000" in first and f"Course {app.config['PAGE_SIZE'] - 1:03d}" in first
    assert f"Course {app.config['PAGE_SIZE']:03d}" in second and "Course 000" not in second
    assert f"{app.config['PAGE_SIZE'] + 2} results" in first
    assert "No courses match your search." in _catalogue(client, "?page=9")


def test_my_courses_shows_progress_status_and_the_exemption_form(factory, db, login_as):
    ministry = factory.unit("MOF")
    course = make_course("CYB-101", title="Cyber hygiene basics", quiz=False, text_lessons=3)
    person = factory.employee(ministry)
    enrolment = ops.assign(person, course, None, actor=None)
    lesson = db.session.execute(select(Course).where(Course.id == course.id)).scalar_one().sections[0].lessons[0]
    ops.complete_lesson(enrolment, lesson, actor=None)
    db.session.commit()
    page = login_as(factory.user(employee=person)).get("/learn/my").get_data(as_text=True)
    assert "Cyber hygiene basics" in page and "1 of 3 required lessons" in page
    assert "In progress" in page and f'action="/learn/enrolments/{enrolment.id}/exemption"' in page


def test_the_compliance_course_filter_follows_course_edits_and_keeps_the_choice(factory, db, login_as):
    ministry = factory.unit("MOF")
    course = make_course("CYB-101", title="Cyber hygiene basics")
    other = make_course("ETH-201", title="Ethics in office")
    db.session.commit()
    client = login_as(factory.user(roles=[(LEARNING_ADMIN, ministry)]))
    page = client.get(f"/learn/admin/compliance?course={other.id}").get_data(as_text=True)
    assert f'<option value="{course.id}">Cyber hygiene basics</option>' in page
    assert f'<option value="{other.id}" selected>Ethics in office</option>' in page
    ops.update_course(course, {"code": course.code, "title_en": "Cyber hygiene <revised>"}, actor=None)
    ops.set_published(other, False, actor=None)
    db.session.commit()
    page = client.get("/learn/admin/compliance").get_data(as_text=True)
    assert f'<option value="{course.id}">Cyber hygiene &lt;revised&gt;</option>' in page
    assert "Ethics in office" not in page
