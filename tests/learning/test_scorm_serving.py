"""Serving a package: every file by its exact path (the multi-folder package's four questions.js each from its own
folder), with our content type and a policy that confines the content to its own folder; the player page."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from learning import operations as ops
from tests.learning import packages
from tests.learning.scorm_support import scorm_course


@pytest.fixture()
def golf(db, factory, login_as):
    unit = factory.unit("MOF")
    learner = factory.user(employee=factory.employee(unit))
    outsider = factory.user(employee=factory.employee(unit))
    course, lesson, version = scorm_course(packages.multi_folder())
    ops.enrol(learner.employee, course)
    db.session.commit()
    return login_as(learner), login_as(outsider), course, lesson, version


def test_the_four_questions_js_are_each_served_from_their_own_folder(golf):
    browser, _outsider, _course, _lesson, version = golf
    with zipfile.ZipFile(io.BytesIO(packages.multi_folder())) as archive:
        originals = {folder: archive.read(f"{folder}/questions.js")
                     for folder in packages.TOPICS}
    assert len(set(originals.values())) == 4  # four different files of the same name
    for folder, original in originals.items():
        response = browser.get(f"/learn/scorm/{version.id}/content/{folder}/questions.js")
        assert response.status_code == 200
        assert response.data == original, f"{folder}/questions.js was served another folder's file"
        assert response.headers["Content-Type"] == "text/javascript"
    # Exactly that path: another case, or a name without its folder, is not found.
    assert browser.get(f"/learn/scorm/{version.id}/content/playing/questions.js").status_code == 404
    assert browser.get(f"/learn/scorm/{version.id}/content/questions.js").status_code == 404


def test_content_types_and_a_policy_that_keeps_the_content_in_its_folder(golf):
    browser, _outsider, _course, _lesson, version = golf
    base = f"/learn/scorm/{version.id}/content/"
    for path, kind in (("shared/launchpage.html", "text/html"), ("shared/style.css", "text/css"),
                       ("Playing/picture.jpg", "image/jpeg"), ("shared/cclicense.png", "image/png"),
                       ("imsmanifest.xml", "application/xml")):
        response = browser.get(base + path)
        assert (response.status_code, response.headers["Content-Type"]) == (200, kind), path
    response = browser.get(base + "shared/launchpage.html")
    policy = response.headers["Content-Security-Policy"]
    own = f"http://localhost/learn/scorm/{version.id}/content/"
    assert f"connect-src {own};" in policy and f"default-src {own};" in policy
    assert f"script-src {own} 'unsafe-inline' 'unsafe-eval';" in policy
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, max-age=86400"
    # Pages of the application itself still refuse to be framed.
    assert browser.get("/learn/").headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["shared/../imsmanifest.xml", "shared/..%2Fimsmanifest.xml", "%2e%2e/x",
                                  "shared//style.css", "shared/./style.css", "shared\\style.css", "nothing.html"])
def test_paths_outside_the_package_or_not_exact_are_not_found(golf, path):
    browser, _outsider, _course, _lesson, version = golf
    assert browser.get(f"/learn/scorm/{version.id}/content/{path}").status_code == 404


def test_only_learners_and_editors_get_the_files_and_never_for_another_site(golf):
    browser, outsider, _course, _lesson, version = golf
    url = f"/learn/scorm/{version.id}/content/shared/launchpage.html"
    assert outsider.get(url).status_code == 403  # not enrolled
    assert browser.get(url, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert browser.get(url, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200


def test_the_player_page_frames_the_sco_and_hands_the_api_its_data(golf):
    browser, outsider, course, lesson, version = golf
    lesson_page = browser.get(f"/learn/courses/{course.id}/lessons/{lesson.id}").get_data(as_text=True)
    assert f"/learn/courses/{course.id}/lessons/{lesson.id}/play" in lesson_page
    response = browser.get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["X-Frame-Options"] == "DENY"
    frame = re.search(r"<iframe[^>]*>", page).group(0)
    assert 'sandbox="allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads"' in frame
    assert f'data-src="/learn/scorm/{version.id}/content/shared/launchpage.html"' in frame
    assert 'title="Golf Explained"' in frame
    config = json.loads(re.search(r'<script type="application/json" id="scorm-config">(.*?)</script>', page,
                                  re.S).group(1))
    assert config["values"]["cmi.core.entry"] == "ab-initio" and config["values"]["cmi.core.credit"] == "credit"
    assert config["commitUrl"].startswith("/learn/scorm/attempts/")
    assert config["model"]["elements"]["cmi.core.exit"] == ["w", "exit"]
    assert outsider.get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play").status_code == 403
    script = browser.get("/learn/scorm/api.js")
    assert script.status_code == 200 and b"window.API = {" in script.data
