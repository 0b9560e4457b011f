"""Serving a package from the content origin: every file by its exact path (the golf package's four questions.js
each from its own folder), only to the attempt's token, with our content type and a policy that keeps the content
in its folder; the application's host serves no package file and the content host no application page."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from learning import operations as ops
from tests.factories import PASSWORD
from tests.learning.hostile_packages import CONTENT_HOST, file_url, grant_of, token_of, wrapper_url
from tests.learning.scorm_support import GOLF, fixture, scorm_course


@pytest.fixture()
def golf(db, factory, login_as, app):
    unit = factory.unit("MOF")
    learner = factory.user(employee=factory.employee(unit))
    outsider = factory.user(employee=factory.employee(unit))
    course, lesson, version = scorm_course(fixture(GOLF))
    ops.enrol(learner.employee, course)
    db.session.commit()
    browser = login_as(learner)
    wrapper = wrapper_url(browser.get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play").get_data(as_text=True))
    return browser, login_as(outsider), course, lesson, version, token_of(wrapper), app.test_client()


def test_the_four_questions_js_are_each_served_from_their_own_folder(golf):
    _browser, _outsider, _course, _lesson, _version, token, content = golf
    with zipfile.ZipFile(io.BytesIO(fixture(GOLF))) as archive:
        originals = {folder: archive.read(f"{folder}/questions.js")
                     for folder in ("Playing", "Etiquette", "Handicapping", "HavingFun")}
    assert len(set(originals.values())) == 4  # four different files of the same name
    for folder, original in originals.items():
        response = content.get(file_url(token, f"{folder}/questions.js"))
        assert response.status_code == 200
        assert response.data == original, f"{folder}/questions.js was served another folder's file"
        assert response.headers["Content-Type"] == "text/javascript"
    # Exactly that path: another case, or a name without its folder, is not found.
    assert content.get(file_url(token, "playing/questions.js")).status_code == 404
    assert content.get(file_url(token, "questions.js")).status_code == 404


def test_content_types_and_a_policy_that_keeps_the_content_in_its_folder(golf):
    browser, _outsider, _course, _lesson, _version, token, content = golf
    for path, kind in (("shared/launchpage.html", "text/html"), ("shared/style.css", "text/css"),
                       ("Playing/picture.jpg", "image/jpeg"), ("shared/cclicense.png", "image/png"),
                       ("imsmanifest.xml", "application/xml")):
        response = content.get(file_url(token, path))
        assert (response.status_code, response.headers["Content-Type"]) == (200, kind), path
    response = content.get(file_url(token, "shared/launchpage.html"))
    policy = response.headers["Content-Security-Policy"]
    own = f"{CONTENT_HOST}/learn/scorm/c/{token}/"
    assert f"connect-src {own};" in policy and f"default-src {own};" in policy
    assert f"script-src {own} 'unsafe-inline' 'unsafe-eval' blob:;" in policy
    # What authoring tools' packages need, from their own folder: fonts, media, workers.
    assert f"font-src {own} data:;" in policy and f"media-src {own} data: blob:;" in policy
    assert f"worker-src {own} blob:;" in policy
    # Framed only by its wrapper inside the application's lesson page; never connects to the application.
    assert "frame-ancestors 'self' http://localhost;" in policy and "object-src 'none'" in policy
    assert "localhost" not in policy.split("connect-src")[1].split(";")[0]
    assert "X-Frame-Options" not in response.headers  # frame-ancestors decides (it can name the application)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response.headers
    # Pages of the application itself still refuse to be framed.
    assert browser.get("/learn/").headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["shared/../imsmanifest.xml", "shared/..%2Fimsmanifest.xml", "%2e%2e/x",
                                  "shared//style.css", "shared/./style.css", "shared\\style.css", "nothing.html"])
def test_paths_outside_the_package_or_not_exact_are_not_found(golf, path):
    _browser, _outsider, _course, _lesson, _version, token, content = golf
    assert content.get(file_url(token, path)).status_code == 404


def test_files_only_with_a_token_only_on_the_content_host(golf, app, factory, db):
    browser, outsider, _course, _lesson, version, token, content = golf
    url = file_url(token, "shared/launchpage.html")
    assert content.get(url).status_code == 200
    assert content.get(url.replace(token, token[:-3] + "abc")).status_code == 404  # forged
    assert content.get(f"{CONTENT_HOST}/learn/scorm/c/{version.id}/shared/launchpage.html").status_code == 404
    # The application's host serves no package file, whoever asks; the content host no application page.
    assert browser.get(url.replace(CONTENT_HOST, "")).status_code == 404
    assert outsider.get(url.replace(CONTENT_HOST, "")).status_code == 404
    for path in ("/", "/hr/", "/learn/", "/directory/employees/export.csv", "/auth/login", "/static/app.css"):
        assert content.get(CONTENT_HOST + path).status_code == 404, path
    # The session cookie is host-only: no Domain attribute, so it never reaches the content host.
    user = factory.user(email="cookie@test.gov.ge")
    db.session.commit()
    response = app.test_client().post("/auth/login", data={"email": user.email, "password": PASSWORD})
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("suite_session=") for c in cookies), cookies
    assert cookies and not any("domain=" in c.lower() for c in cookies)


def test_an_expired_token_opens_no_file(golf, app, monkeypatch):
    from datetime import timedelta

    _browser, _outsider, _course, _lesson, _version, token, content = golf
    monkeypatch.setitem(app.config, "PERMANENT_SESSION_LIFETIME", timedelta(seconds=-1))
    assert content.get(file_url(token, "shared/launchpage.html")).status_code == 404


def test_another_site_cannot_fetch_from_the_application(golf):
    browser = golf[0]
    assert browser.get("/learn/", headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors"}).status_code \
        == 403
    assert browser.get("/learn/", headers={"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "no-cors"}).status_code \
        == 403
    assert browser.get("/learn/", headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}).status_code \
        == 200  # a link from elsewhere still opens the page


def test_the_player_page_frames_the_wrapper_which_frames_the_sco(golf):
    browser, outsider, course, lesson, version, token, content = golf
    lesson_page = browser.get(f"/learn/courses/{course.id}/lessons/{lesson.id}").get_data(as_text=True)
    assert f"/learn/courses/{course.id}/lessons/{lesson.id}/play" in lesson_page
    response = browser.get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Content-Security-Policy"].endswith(f"; frame-src {CONTENT_HOST}")
    frame = re.search(r'<iframe id="scorm-frame"[^>]*>', page).group(0)
    assert f'src="{CONTENT_HOST}/learn/scorm/w/' in frame and 'title="Golf Explained"' in frame
    grant = grant_of(wrapper_url(page))
    assert (grant.version_id, grant.app_origin) == (version.id, "http://localhost") and grant.attempt_id
    # The run-time API lives in the wrapper on the content origin, never on the app's page (whose header has an
    # "API tokens" link, so the check names the API object and its script).
    assert "window.API" not in page and "scorm_api" not in page
    assert "csrf" not in page.split('id="scorm-frame"')[1].split("</article>")[0]

    wrapper = content.get(f"{CONTENT_HOST}/learn/scorm/w/{token}")
    html = wrapper.get_data(as_text=True)
    policy = wrapper.headers["Content-Security-Policy"]
    assert "frame-ancestors http://localhost;" in policy
    assert f"connect-src {CONTENT_HOST}/learn/scorm/w/;" in policy  # journal endpoints only, each with its token
    sco = re.search(r'<iframe id="sco-frame"[^>]*>', html).group(0)
    assert f'data-src="/learn/scorm/c/{token}/shared/launchpage.html"' in sco
    assert 'sandbox="allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads"' in sco
    config = json.loads(re.search(r'<script type="application/json" id="scorm-config">(.*?)</script>', html,
                                  re.S).group(1))
    assert config["values"]["cmi.core.entry"] == "ab-initio" and config["values"]["cmi.core.credit"] == "credit"
    assert config["commitUrl"] == f"/learn/scorm/w/{token}/commit" and config["appOrigin"] == "http://localhost"
    assert config["model"]["elements"]["cmi.core.exit"] == ["w", "exit"]
    assert outsider.get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play").status_code == 403
    script = content.get(f"{CONTENT_HOST}/learn/scorm/api.js")
    assert script.status_code == 200 and b"window.API = api12" in script.data
    assert browser.get("/learn/scorm/api.js").status_code == 404  # the API lives on the content origin only
    assert browser.get("/learn/scorm/lesson.js").status_code == 200


def test_without_a_content_origin_no_package_is_played(golf, app, monkeypatch):
    browser, _outsider, course, lesson, _version, token, content = golf
    monkeypatch.setitem(app.config, "CONTENT_ORIGIN", "")
    page = browser.get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play").get_data(as_text=True)
    assert "CONTENT_ORIGIN" in page and "scorm-frame" not in page
    assert content.get(file_url(token, "shared/launchpage.html")).status_code == 404


def test_make_run_serves_content_from_its_own_origin_with_no_extra_step(monkeypatch):
    """``make run`` runs in development with no CONTENT_ORIGIN set: the suite on localhost, content on 127.0.0.1
    (same port, same server). Production has no default: packages wait for the setting."""
    from pathlib import Path

    from common.config import load_config

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "SUITE_ENV=$${SUITE_ENV:-development}" in makefile and "CONTENT_ORIGIN=" not in makefile
    for name in ("CONTENT_ORIGIN", "BASE_URL", "SUITE_ENV", "FLASK_ENV"):
        monkeypatch.delenv(name, raising=False)
    development = load_config({"SUITE_ENV": "development"})
    assert development["CONTENT_ORIGIN"] == "http://127.0.0.1"
    assert development["BASE_URL"] == "http://localhost:5000"
    assert development["SESSION_COOKIE_DOMAIN"] is None
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    assert load_config({"SUITE_ENV": "production"})["CONTENT_ORIGIN"] == ""
    monkeypatch.setenv("BASE_URL", "https://suite.example.gov.ge")
    monkeypatch.setenv("CONTENT_ORIGIN", "https://suite.example.gov.ge:8443")
    with pytest.raises(RuntimeError, match="CONTENT_ORIGIN must be another host"):
        load_config({"SUITE_ENV": "production"})
