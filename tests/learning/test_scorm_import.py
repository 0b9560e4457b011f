"""Importing SCORM packages: a SCO laid out in folders becomes a lesson; broken packages and hostile zips are
refused with a message naming the problem, and leave nothing on disk or in the database."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from sqlalchemy import func, select

from common.errors import OperationError
from common.models.users import LEARNING_ADMIN
from learning import operations as ops
from learning.models import Course, Lesson
from learning.scorm import operations as scorm_ops
from learning.scorm import storage
from learning.scorm.models import PackageVersion, Sco
from tests.learning import packages
from tests.learning.helpers import make_course
from tests.learning.packages import link_entry
from tests.learning.scorm_support import make_zip, manifest, on_disk, scorm_course


def test_a_sco_in_folders_imports_as_a_lesson_with_its_files_in_a_content_addressed_folder(db):
    data = packages.multi_folder()
    course, lesson, version = scorm_course(data, filename="golf.zip")
    assert (lesson.kind, lesson.title_en, lesson.required) == ("scorm", packages.MULTI_FOLDER_TITLE, True)
    files = packages.multi_folder_files()
    assert (version.number, version.file_count, version.original_name) == (1, len(files) + 1, "golf.zip")
    assert version.identifier == packages.MULTI_FOLDER_ID
    [sco] = version.scos
    assert (sco.identifier, sco.title, sco.launch, sco.tracked, sco.mastery_score) == \
        ("item_1", "Golf Explained", "shared/launchpage.html", True, None)
    folder = storage.root() / version.digest
    assert version.digest == storage.digest_of(data) and folder.is_dir()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        same_named = [archive.read(f"{topic}/questions.js") for topic in packages.TOPICS]
        assert len(set(same_named)) == 4  # four different files of the same name
        for name in [f"{topic}/questions.js" for topic in packages.TOPICS] + ["shared/launchpage.html"]:
            assert (folder / name).read_bytes() == archive.read(name)
    assert not [p for p in storage.root().iterdir() if p.name.startswith(".incoming")]
    ops.set_published(course, False, actor=None)  # a course with only a SCORM lesson can be withdrawn and published
    ops.set_published(course, True, actor=None)


def test_manifest_details_reach_the_sco(db):
    package = make_zip({"pages/start.html": "<p>start</p>"}, with_manifest=manifest(
        [("Introduction", "pages/start.html?lang=en")], mastery=80, launch_data="mode=short"))
    _course, _lesson, version = scorm_course(package)
    [sco] = version.scos
    assert (sco.launch, sco.launch_query, sco.mastery_score, sco.launch_data) == \
        ("pages/start.html", "lang=en", 80.0, "mode=short")


def _nothing_stored(db, before: set[str], lessons: int) -> None:
    db.session.rollback()
    assert on_disk() == before, "a refused package left files behind"
    assert db.session.execute(select(func.count(PackageVersion.id))).scalar_one() == 0
    assert db.session.execute(select(func.count(Sco.id))).scalar_one() == 0
    assert db.session.execute(select(func.count(Lesson.id))).scalar_one() == lessons


def _refused(db, data: bytes) -> str:
    course = db.session.execute(select(Course)).scalars().first() or make_course(quiz=False, text_lessons=1,
                                                                                 published=False)
    db.session.commit()
    before = on_disk()
    with pytest.raises(OperationError) as refusal:
        scorm_ops.import_package(course.sections[0], {"title_en": "Hostile"}, data, "hostile.zip", actor=None)
    assert refusal.value.details == {"field": "package"}
    _nothing_stored(db, before, lessons=1)
    return str(refusal.value)


@pytest.mark.parametrize(("build", "message"), [
    (packages.malformed_xml, "imsmanifest.xml is not well-formed XML (mismatched tag: line 6, column 4)."),
    (packages.missing_launch_url, "Resource res_1 (item item_1) has no launch file: its href is missing."),
    (packages.item_with_missing_resource,
     "Item item_1 refers to the resource non_existent_resource, which the manifest does not define."),
], ids=["malformed XML", "missing launch URL", "item with a non-existent resource"])
def test_broken_packages_are_refused_with_the_problem_named(db, build, message):
    assert _refused(db, build()) == message


HOSTILE = {
    "path traversal": (lambda: make_zip({"../../evil.html": "<script>x</script>"}),
                       "climbs out of its folder (../../evil.html)"),
    "traversal with backslashes": (lambda: make_zip({"content\\..\\..\\evil.html": "x"}), "climbs out of its folder"),
    "absolute path": (lambda: make_zip({"/etc/cron.d/evil": "x"}), "absolute path (/etc/cron.d/evil)"),
    "drive letter": (lambda: make_zip({"C:/Windows/evil.html": "x"}), "absolute path (C:/Windows/evil.html)"),
    "symbolic link": (lambda: make_zip(raw=[(link_entry(), b"/etc/passwd")]), "a link (shortcut.html)"),
    "zip bomb": (lambda: make_zip({"media/video.mp4": bytes(30 * 1024 * 1024)}),
                 "media/video.mp4 is compressed more than 100 times"),
    "many small bombs": (lambda: make_zip({f"b/{i}.txt": bytes(900 * 1024) for i in range(40)}),
                         "The package is compressed more than 100 times"),
    "entity expansion": (lambda: make_zip(with_manifest='<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">'
                                          '<!ENTITY b "&a;&a;&a;&a;">]><manifest>&b;</manifest>'),
                         "declares entities or external references"),
    "external entity": (lambda: make_zip(with_manifest='<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM '
                                         '"file:///etc/passwd">]><manifest>&x;</manifest>'),
                        "declares entities or external references"),
    "manifest in a folder": (lambda: make_zip({"course/imsmanifest.xml": manifest()}, with_manifest=""),
                             "imsmanifest.xml is in the folder course/"),
    "launch file missing": (lambda: make_zip(with_manifest=manifest([("Part", "missing/start.html")])),
                            "The launch file missing/start.html of item item_1 is not in the package."),
    "launch file elsewhere": (lambda: make_zip(with_manifest=manifest([("Part", "https://evil.example/x.html")])),
                              "is not a file inside the package"),
    "same file twice": (lambda: make_zip({"a/x.html": "1", "a//x.html": "2"}), "contains a/x.html twice"),
    "not a zip": (lambda: b"PK\x03\x04 but not really a zip", "The file is not a zip archive."),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_zips_are_refused_and_leave_nothing_behind(db, case):
    build, expected = HOSTILE[case]
    message = _refused(db, build())
    assert expected in message, message


def test_too_many_files_and_too_large_are_refused_by_the_configured_limits(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "SCORM_MAX_FILES", 20)
    message = _refused(db, make_zip({f"page{i}.html": "<p>x</p>" for i in range(20)}))
    assert message == "The package has more than 20 files."
    monkeypatch.setitem(app.config, "SCORM_MAX_TOTAL_MB", 1)
    message = _refused(db, make_zip({"media/clip.mp4": os.urandom(1024 * 1024)}))
    assert message == "Unpacked, the package would be larger than 1 MB."


def test_a_zip_that_lies_about_a_file_size_is_stopped_while_unpacking(app, db):
    """The directory says 10 bytes; the data inflates to a megabyte. Unpacking stops and removes its folder."""
    data = bytearray(make_zip({"big.bin": b"\0" * (1024 * 1024)}, compression=zipfile.ZIP_STORED))
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # patch the uncompressed size in both headers of big.bin
        at = 0
        while (at := data.find(header, at)) != -1:
            name_at = at + (30 if header == b"PK\x03\x04" else 46)
            if data[name_at:name_at + 7] == b"big.bin":
                size_at = at + (22 if header == b"PK\x03\x04" else 24)
                data[size_at:size_at + 4] = (10).to_bytes(4, "little")
            at += 4
    assert _refused(db, bytes(data)) == "big.bin is damaged or does not match what the zip says about it."


def test_upload_through_the_course_editor(app, db, factory, login_as):
    unit = factory.unit("MOF")
    admin = factory.user(roles=[(LEARNING_ADMIN, unit)])
    course = make_course(quiz=False, text_lessons=1, published=False, provider=unit)
    section = course.sections[0]
    db.session.commit()
    browser = login_as(admin)
    editor = browser.get(f"/learn/admin/courses/{course.id}").get_data(as_text=True)
    assert f"/learn/admin/sections/{section.id}/scorm/new" in editor

    before = on_disk()
    refused = browser.post(f"/learn/admin/sections/{section.id}/scorm/new", content_type="multipart/form-data",
                           data={"package": (io.BytesIO(packages.malformed_xml()), "broken.zip"),
                                 "title_en": "Broken"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "imsmanifest.xml is not well-formed XML" in page
    assert 'aria-invalid="true"' in page
    _nothing_stored(db, before, lessons=1)

    response = browser.post(f"/learn/admin/sections/{section.id}/scorm/new", content_type="multipart/form-data",
                            data={"package": (io.BytesIO(packages.multi_folder()), "golf.zip"), "title_en": "Golf",
                                  "title_ka": "გოლფი", "required": "y"})
    assert response.status_code == 302
    lesson = db.session.execute(select(Lesson).where(Lesson.kind == "scorm")).scalar_one()
    assert response.headers["Location"].endswith(f"/learn/admin/lessons/{lesson.id}/scorm")
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    files = len(packages.multi_folder_files()) + 1
    assert "Version 1" in page and "shared/launchpage.html" in page and f"{files} files" in page
    editor = browser.get(f"/learn/admin/courses/{course.id}").get_data(as_text=True)
    assert f"/learn/admin/lessons/{lesson.id}/scorm" in editor and "SCORM package" in editor
    renamed = browser.post(f"/learn/admin/lessons/{lesson.id}/scorm/details",
                           data={"title_ka": "გოლფი 2", "title_en": "Golf, revised"})
    db.session.refresh(lesson)
    assert renamed.status_code == 302 and lesson.title_en == "Golf, revised" and not lesson.required
    # The generic lesson editor sends a SCORM lesson to its own page.
    assert browser.get(f"/learn/admin/sections/{section.id}/lessons/{lesson.id}").status_code == 302


def test_packages_may_be_larger_than_other_uploads(app, db, factory, login_as, monkeypatch):
    """The site-wide upload limit stays for other forms; the package pages have their own (SCORM_MAX_UPLOAD_MB)."""
    data = packages.multi_folder()
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", len(data) // 2)  # the site-wide limit: half the package
    unit = factory.unit("MOF")
    admin = factory.user(roles=[(LEARNING_ADMIN, unit)])
    course = make_course(quiz=False, text_lessons=1, published=False, provider=unit)
    section = course.sections[0]
    db.session.commit()
    browser = login_as(admin)
    upload = {"package": (io.BytesIO(data), "golf.zip")}
    response = browser.post(f"/learn/admin/sections/{section.id}/scorm/new", data=upload,
                            content_type="multipart/form-data")
    assert response.status_code == 302
    elsewhere = browser.post(f"/learn/admin/sections/{section.id}/lessons/new", content_type="multipart/form-data",
                             data={"kind": "file", "title_ka": "x", "title_en": "x",
                                   "file": (io.BytesIO(data), "golf.pdf")})
    assert elsewhere.status_code == 413
    monkeypatch.setitem(app.config, "SCORM_MAX_UPLOAD_MB", 0)
    refused = browser.post(f"/learn/admin/sections/{section.id}/scorm/new", content_type="multipart/form-data",
                           data={"package": (io.BytesIO(data), "golf.zip")})
    assert refused.status_code == 413


def test_a_package_over_the_limit_keeps_the_administrator_on_the_form_and_says_the_limit(app, db, factory, login_as,
                                                                                          monkeypatch):
    monkeypatch.setitem(app.config, "SCORM_MAX_UPLOAD_MB", 1)
    unit = factory.unit("MOF")
    admin = factory.user(roles=[(LEARNING_ADMIN, unit)])
    course = make_course(quiz=False, text_lessons=1, published=False, provider=unit)
    section = course.sections[0]
    db.session.commit()
    browser = login_as(admin)
    big = io.BytesIO(b"PK" + bytes(1024 * 1024 + 10))
    refused = browser.post(f"/learn/admin/sections/{section.id}/scorm/new", content_type="multipart/form-data",
                           data={"package": (big, "big.zip")})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 413
    assert "The package is larger than the limit of 1 MB." in page and 'role="alert"' in page
    assert 'enctype="multipart/form-data"' in page and "Upload and check the package" in page  # the form itself
    lesson = scorm_course(make_zip(), code="SCO-9", provider=unit)[1]
    db.session.commit()
    again = browser.post(f"/learn/admin/lessons/{lesson.id}/scorm", content_type="multipart/form-data",
                         data={"package": (io.BytesIO(bytes(1024 * 1024 + 10)), "big.zip")})
    assert again.status_code == 413 and "limit of 1 MB" in again.get_data(as_text=True)
    # In production the CSRF check reads the body first: the same page.
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    checked = browser.post(f"/learn/admin/lessons/{lesson.id}/scorm", content_type="multipart/form-data",
                           data={"package": (io.BytesIO(bytes(1024 * 1024 + 10)), "big.zip")})
    assert checked.status_code == 413 and "limit of 1 MB" in checked.get_data(as_text=True)
    # Someone who may not upload learns nothing more than "too large".
    outsider = login_as(factory.user(employee=factory.employee(unit)))
    other = outsider.post(f"/learn/admin/sections/{section.id}/scorm/new", content_type="multipart/form-data",
                          data={"package": (io.BytesIO(bytes(1024 * 1024 + 10)), "big.zip")})
    assert other.status_code in (403, 413) and "limit of 1 MB" not in other.get_data(as_text=True)
