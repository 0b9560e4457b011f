"""Importing cmi5 course structures: what is kept of cmi5.xml (course, blocks, AUs and their attributes), what is
refused and why, remote AUs only on allowed hosts, the files on the content origin only, and the SCORM upload page
routing a cmi5 zip here (SCORM 2004 and AICC stay refused there)."""

from __future__ import annotations

import pytest

from common.errors import OperationError
from learning.cmi5 import importer
from learning.scorm.importer import Limits
from tests.learning import packages
from tests.learning.cmi5_packages import (
    BLOCK_ID,
    COURSE_ID,
    QUIZ,
    READING,
    Au,
    Block,
    cmi5_course,
    course_zip,
    structure,
    two_au_course,
)


def refusal(data: bytes) -> str:
    with pytest.raises(OperationError) as caught:
        importer.inspect(data, Limits())
    return str(caught.value)


def test_a_course_with_a_block_and_two_aus_is_kept_as_written(app):
    _course, lesson, version = cmi5_course(two_au_course())
    assert lesson.kind == "cmi5" and lesson.title_en == "Ethics in the civil service"
    assert lesson.title_ka == "ეთიკა საჯარო სამსახურში"
    assert version.publisher_id == COURSE_ID and version.file_count == 4  # cmi5.xml, two AUs and an index.html
    assert version.blocks == [{"id": BLOCK_ID, "title": "Part one", "aus": [QUIZ.id, READING.id]}]
    quiz, reading = version.aus
    assert (quiz.publisher_id, quiz.url, quiz.move_on, quiz.mastery_score, quiz.remote) == \
        (QUIZ.id, "quiz/index.html", "Passed", 0.8, False)
    assert (reading.move_on, reading.launch_parameters, reading.launch_method) == ("Completed", "chapter=1",
                                                                                  "AnyWindow")


def test_defaults_entitlement_key_and_a_query_in_the_url(app):
    data = course_zip([Au("urn:x:au", "Only", "a/index.html?lang=ka", launch_method="OwnWindow",
                          entitlement_key="KEY-1")], {"a/index.html": "<p>x</p>"})
    structure_ = importer.inspect(data, Limits())
    (au,) = structure_.aus
    assert (au.url, au.move_on, au.launch_method, au.entitlement_key) == ("a/index.html?lang=ka", "NotApplicable",
                                                                          "OwnWindow", "KEY-1")


@pytest.mark.parametrize("data, message", [
    (lambda: course_zip([Au("urn:a", "A", "missing.html")]), "is not a file of the package"),
    (lambda: course_zip([Au("urn:a", "A", "index.html", move_on="Sometimes")]), "moveOn Sometimes"),
    (lambda: course_zip([Au("urn:a", "A", "index.html", mastery=1.5)]), "masteryScore"),
    (lambda: course_zip([Au("urn:a", "A", "index.html", launch_method="Popup")]), "launchMethod Popup"),
    (lambda: course_zip([Au("urn:a", "A", "index.html"), Au("urn:a", "B", "index.html")]), "same id"),
    (lambda: course_zip([Block("urn:b", "Empty")]), "no AU"),
    (lambda: course_zip([], files={"cmi5.xml": "<courseStructure><course"}), "not well-formed"),
    (lambda: course_zip([Au("urn:a", "A", "../../etc/passwd")]), "climbs out"),
    (lambda: packages.make_zip({"cmi5.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>'
                                            '<courseStructure/>'}, with_manifest=""), "entities"),
], ids=["missing file", "moveOn", "masteryScore", "launchMethod", "duplicate id", "empty block", "bad XML",
        "path out", "entities"])
def test_refusals_name_the_problem(app, data, message):
    assert message in refusal(data())


def test_a_remote_au_needs_its_host_allowed(app):
    remote = course_zip([Au("urn:a", "Remote", "https://content.vendor.example/au/index.html", move_on="Completed")])
    assert "content.vendor.example" in refusal(remote) and "CMI5_REMOTE_HOSTS" in refusal(remote)
    app.config["CMI5_REMOTE_HOSTS"] = ["content.vendor.example"]
    try:
        (au,) = importer.inspect(remote, Limits()).aus
        assert au.remote and au.url == "https://content.vendor.example/au/index.html"
        # cmi5.xml alone: every AU is remote.
        alone = structure([Au("urn:a", "Remote", "https://content.vendor.example/au/index.html")]).encode()
        assert importer.is_cmi5(alone) and importer.inspect(alone, Limits()).xml_only
        assert "javascript" not in refusal(course_zip([Au("urn:b", "Bad", "javascript:alert(1)")]))
    finally:
        app.config["CMI5_REMOTE_HOSTS"] = []


def test_the_scorm_importer_still_refuses_cmi5_and_aicc(app):
    """(SCORM 2004 is the SCORM importer's own now: tests/learning/test_scorm2004_*.)"""
    from learning.scorm import importer as scorm_importer

    for data in (packages.cmi5(), packages.aicc()):
        with pytest.raises(OperationError):
            scorm_importer.inspect(data, Limits())
    assert importer.is_cmi5(two_au_course()) and not importer.is_cmi5(packages.scorm_2004())
    assert not importer.is_cmi5(packages.aicc())


def test_the_scorm_upload_page_imports_a_cmi5_zip_as_a_cmi5_lesson(app, factory, login_as, db):
    import io

    from common.models.users import LEARNING_ADMIN
    from learning import operations as ops
    from learning.models import Lesson

    admin = factory.user(roles=[(LEARNING_ADMIN, None)])
    course = ops.create_course({"code": "UP-1", "title_ka": "ა", "title_en": "A", "summary_ka": "", "summary_en": "",
                                "category": "management", "level": "basic", "language": "en",
                                "duration_minutes": 30, "cpd_hours": 1, "self_enrol": True, "enrol_approval": False,
                                "provider_unit_id": None}, actor=None)
    section = ops.add_section(course, "ნაწილი", "Part 1", actor=None)
    db.session.commit()
    client = login_as(admin)
    for endpoint in ("scorm", "cmi5"):
        response = client.post(f"/learn/admin/sections/{section.id}/{endpoint}/new", data={
            "package": (io.BytesIO(two_au_course()), "ethics.zip"), "title_ka": "", "title_en": "", "required": "y"},
            content_type="multipart/form-data")
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        assert "/cmi5" in response.headers["Location"]
    lessons = db.session.query(Lesson).filter_by(section_id=section.id).all()
    assert [x.kind for x in lessons] == ["cmi5", "cmi5"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ethics quiz" in page and "quiz/index.html" in page
    refused = client.post(f"/learn/admin/sections/{section.id}/cmi5/new", data={
        "package": (io.BytesIO(course_zip([Au("urn:a", "A", "nowhere.html")])), "bad.zip")},
        content_type="multipart/form-data")
    assert refused.status_code == 200 and "is not a file of the package" in refused.get_data(as_text=True)
