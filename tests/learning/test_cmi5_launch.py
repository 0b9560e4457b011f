"""cmi5 launch and the LRS as an AU meets them, over HTTP on the content origin: the launch URL's parameters,
LMS.LaunchData and the ``launched`` statement, the fetch URL used once, the session credential's limits, the
statement rules (400), and moveOn up to the course's ``satisfied`` statement, the certificate and the hours."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from learning import operations as ops
from learning.cmi5 import launch as cmi5_launch
from learning.cmi5.models import Cmi5AuStatus, Cmi5Registration, Cmi5Session
from learning.models import Certificate, LessonProgress
from learning.xapi.models import XapiStatement
from tests.learning.cmi5_packages import BLOCK_ID, CMI5_CATEGORY, QUIZ, READING, VERBS, cmi5_course, two_au_course

CONTENT = "http://127.0.0.1"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"


class Au:
    """An AU as the LRS sees it: what its launch URL said, and requests with its auth token."""

    def __init__(self, client: Any, url: str) -> None:
        self.client, self.url = client, url
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        self.query = query
        self.endpoint, self.fetch_url = query["endpoint"], query["fetch"]
        self.registration, self.activity_id = query["registration"], query["activityId"]
        self.actor = json.loads(query["actor"])
        self.token: str | None = None

    def fetch(self) -> Any:
        return self.client.post(self.fetch_url)

    def headers(self) -> dict[str, str]:
        return {"X-Experience-API-Version": "1.0.3", "Authorization": f"Basic {self.token}"}

    def launch_data(self) -> dict[str, Any]:
        response = self.client.get(f"{self.endpoint}activities/state", headers=self.headers(), query_string={
            "stateId": "LMS.LaunchData", "activityId": self.activity_id, "agent": json.dumps(self.actor),
            "registration": self.registration})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.json

    def statement(self, verb: str, result: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
        context = {"registration": self.registration,
                   "contextActivities": {"category": [{"id": CMI5_CATEGORY}]},
                   "extensions": {SESSION_ID: self.session_id}}
        body = {"actor": self.actor, "verb": {"id": VERBS.get(verb, verb)},
                "object": {"objectType": "Activity", "id": self.activity_id}, "context": context}
        if result is not None:
            body["result"] = result
        body.update(changes)
        return body

    def send(self, *statements: dict[str, Any]) -> Any:
        return self.client.post(f"{self.endpoint}statements", headers=self.headers(),
                                data=json.dumps(list(statements)), content_type="application/json")


@pytest.fixture()
def world(factory, db, app):
    unit = factory.unit("MOF")
    learner = factory.employee(unit, first_name_en="Nino", last_name_en="Kapanadze")
    course, lesson, version = cmi5_course(two_au_course())
    enrolment = ops.enrol(learner, course)
    db.session.commit()
    return course, lesson, version, enrolment


def launch(app: Any, version: Any, enrolment: Any, au_index: int) -> Au:
    au = version.aus[au_index]
    started = cmi5_launch.launch(au, enrolment, content_origin=CONTENT,
                                 content_path=f"{CONTENT}/learn/cmi5/c/t/{au.url}",
                                 return_url="http://localhost/learn/back")
    from common.extensions import db
    db.session.commit()
    runner = Au(app.test_client(), started.url)
    runner.session_id = started.session.session_id
    return runner


def test_the_launch_url_launch_data_and_launched_statement(app, world, db):
    _course, _lesson, version, enrolment = world
    au = launch(app, version, enrolment, 0)
    assert au.url.startswith(f"{CONTENT}/learn/cmi5/c/t/quiz/index.html?")
    assert au.endpoint == f"{CONTENT}/xapi/" and au.fetch_url.startswith(f"{CONTENT}/learn/cmi5/fetch/")
    assert au.actor["account"]["name"] == enrolment.employee.personal_number
    token = au.fetch().json
    assert set(token) == {"auth-token"}
    au.token = token["auth-token"]
    data = au.launch_data()
    assert data["launchMode"] == "Normal" and data["moveOn"] == "Passed" and data["masteryScore"] == 0.8
    assert data["returnURL"] == "http://localhost/learn/back"
    assert data["contextTemplate"]["extensions"][SESSION_ID] == au.session_id
    assert data["contextTemplate"]["contextActivities"]["grouping"][0]["id"] == QUIZ.id
    launched = db.session.execute(select(XapiStatement).where(
        XapiStatement.verb_id == "http://adlnet.gov/expapi/verbs/launched")).scalar_one()
    assert launched.registration == au.registration and launched.body["object"]["id"] == au.activity_id
    assert CMI5_CATEGORY in [c["id"] for c in launched.body["context"]["contextActivities"]["category"]]
    # The reading's launch parameters reach it through LMS.LaunchData.
    reading = launch(app, version, enrolment, 1)
    reading.token = reading.fetch().json["auth-token"]
    assert reading.launch_data()["launchParameters"] == READING.launch_parameters
    assert reading.registration == au.registration  # one registration per enrolment


def test_the_fetch_url_gives_its_token_once(app, world):
    _course, _lesson, version, enrolment = world
    au = launch(app, version, enrolment, 0)
    first = au.fetch()
    assert first.status_code == 200 and "auth-token" in first.json
    second = au.fetch()
    assert second.json["error-code"] == "1" and "auth-token" not in second.json
    assert au.client.post(au.fetch_url + "x").json["error-code"] == "2"
    assert au.client.get(au.fetch_url).status_code in (404, 405)  # POST only
    # Only on the content host: the application's host does not know it.
    assert au.client.post(au.fetch_url.replace(CONTENT, "")).status_code == 404


def test_the_session_credential_is_limited_to_its_actor_registration_and_au(app, world, factory, db):
    _course, _lesson, version, enrolment = world
    au = launch(app, version, enrolment, 0)
    au.token = au.fetch().json["auth-token"]
    other = {"objectType": "Agent", "mbox": "mailto:someone@else.ge"}
    assert au.send(au.statement("http://adlnet.gov/expapi/verbs/experienced", actor=other)).status_code == 403
    assert au.client.get(f"{au.endpoint}activities/state", headers=au.headers(), query_string={
        "stateId": "LMS.LaunchData", "activityId": "https://elsewhere.ge/x", "agent": json.dumps(au.actor),
        "registration": au.registration}).status_code == 403
    assert au.client.put(f"{au.endpoint}activities/state", headers=au.headers(), query_string={
        "stateId": "LMS.LaunchData", "activityId": au.activity_id, "agent": json.dumps(au.actor),
        "registration": au.registration}, data="{}", content_type="application/json").status_code == 403
    assert au.client.get(f"{au.endpoint}agents", headers=au.headers(),
                         query_string={"agent": json.dumps(other)}).status_code == 403


def test_statements_that_break_cmi5_rules_are_refused(app, world, db):
    _course, _lesson, version, enrolment = world
    au = launch(app, version, enrolment, 0)
    au.token = au.fetch().json["auth-token"]
    passing = {"success": True, "completion": True, "score": {"scaled": 0.9}}
    assert au.send(au.statement("passed", passing)).status_code == 400  # before initialized
    assert au.send(au.statement("initialized")).status_code == 200
    assert au.send(au.statement("initialized")).status_code == 400  # twice in a session
    low = au.send(au.statement("passed", {"success": True, "score": {"scaled": 0.5}}))
    assert low.status_code == 400 and "masteryScore" in low.json["error"]
    no_session = au.statement("passed", passing)
    del no_session["context"]["extensions"]
    assert au.send(no_session).status_code == 400
    no_category = au.statement("passed", passing)
    no_category["context"]["contextActivities"] = {}
    assert au.send(no_category).status_code == 400
    assert au.send(au.statement(SATISFIED)).status_code == 400  # the LMS's to state
    assert au.send(au.statement("https://w3id.org/xapi/adl/verbs/waived")).status_code == 400
    assert au.send(au.statement("http://adlnet.gov/expapi/verbs/experienced")).status_code == 200  # plain xAPI
    assert au.send(au.statement("completed", {"completion": True})).status_code == 200
    assert au.send(au.statement("completed", {"completion": True})).status_code == 400  # twice in a registration
    assert au.send(au.statement("passed", passing), au.statement("terminated")).status_code == 200
    late = au.send(au.statement("http://adlnet.gov/expapi/verbs/experienced"))
    assert late.status_code == 400 and "terminated" in late.json["error"]
    verbs = [row.verb_id.rsplit("/", 1)[-1] for row in db.session.execute(
        select(XapiStatement).where(XapiStatement.registration == au.registration)
        .order_by(XapiStatement.seq)).scalars()]
    assert verbs == ["launched", "initialized", "experienced", "completed", "passed", "terminated"]


def test_a_refused_statement_in_a_batch_stores_none_of_it(app, world, db):
    _course, _lesson, version, enrolment = world
    au = launch(app, version, enrolment, 0)
    au.token = au.fetch().json["auth-token"]
    response = au.send(au.statement("initialized"), au.statement("passed", {"success": True, "score": {"scaled": .1}}))
    assert response.status_code == 400
    assert au.send(au.statement("initialized")).status_code == 200  # the first was not stored either


def test_move_on_satisfies_the_aus_the_block_and_the_course_then_the_certificate(app, world, db):
    course, _lesson, version, enrolment = world
    quiz = launch(app, version, enrolment, 0)
    quiz.token = quiz.fetch().json["auth-token"]
    assert quiz.send(quiz.statement("initialized"),
                     quiz.statement("passed", {"success": True, "score": {"scaled": 0.85}}),
                     quiz.statement("terminated")).status_code == 200
    db.session.expire_all()
    registration = db.session.execute(select(Cmi5Registration)).scalar_one()
    statuses = {s.au.publisher_id: s for s in db.session.execute(select(Cmi5AuStatus)).scalars()}
    assert statuses[QUIZ.id].satisfied_at is not None and statuses[QUIZ.id].score_scaled == 0.85
    assert registration.satisfied_at is None and not registration.satisfied_blocks
    assert db.session.execute(select(Certificate)).first() is None
    reading = launch(app, version, enrolment, 1)
    reading.token = reading.fetch().json["auth-token"]
    assert reading.send(reading.statement("initialized"), reading.statement("completed", {"completion": True}),
                        reading.statement("terminated")).status_code == 200
    db.session.expire_all()
    registration = db.session.get(Cmi5Registration, registration.id)
    assert registration.satisfied_at is not None and registration.satisfied_blocks == [BLOCK_ID]
    satisfied = [row.body for row in db.session.execute(select(XapiStatement).where(
        XapiStatement.verb_id == SATISFIED)).scalars()]
    kinds = sorted(s["object"]["definition"]["type"].rsplit("/", 1)[-1] for s in satisfied)
    assert kinds == ["block", "course"]
    assert all(s["context"]["registration"] == registration.registration for s in satisfied)
    progress = db.session.execute(select(LessonProgress)).scalar_one()
    assert progress.source == "cmi5" and progress.score_percent == 85.0
    db.session.refresh(enrolment)
    assert enrolment.state == "completed"
    certificate = db.session.execute(select(Certificate)).scalar_one()
    assert certificate.enrolment_id == enrolment.id and course.cpd_hours == 1.5
    assert db.session.execute(select(Cmi5Session)).scalars().all()[0].terminated_at is not None


def test_a_learner_cannot_mark_a_cmi5_lesson_done_by_hand(world):
    from common.errors import OperationError

    _course, lesson, _version, enrolment = world
    with pytest.raises(OperationError):
        ops.complete_lesson(enrolment, lesson)


def test_a_new_launch_abandons_the_open_session_whose_credential_then_accepts_nothing(app, world, db):
    _course, _lesson, version, enrolment = world
    first = launch(app, version, enrolment, 0)
    first.token = first.fetch().json["auth-token"]
    assert first.send(first.statement("initialized")).status_code == 200
    second = launch(app, version, enrolment, 0)  # the learner closed the window and launched again
    assert second.session_id != first.session_id and second.registration == first.registration
    abandoned = db.session.execute(select(XapiStatement).where(
        XapiStatement.verb_id == "https://w3id.org/xapi/adl/verbs/abandoned")).scalar_one()
    assert abandoned.body["context"]["extensions"][SESSION_ID] == first.session_id
    assert abandoned.body["result"]["duration"].startswith("PT")
    late = first.send(first.statement("passed", {"success": True, "score": {"scaled": 0.9}}))
    assert late.status_code == 400
    second.token = second.fetch().json["auth-token"]
    assert second.send(second.statement("initialized")).status_code == 200


def test_a_waived_au_counts_as_satisfied_and_can_satisfy_the_course(app, world, db):
    from learning.cmi5 import operations as cmi5_ops

    _course, _lesson, version, enrolment = world
    reading = launch(app, version, enrolment, 1)
    reading.token = reading.fetch().json["auth-token"]
    assert reading.send(reading.statement("initialized"), reading.statement("completed", {"completion": True}),
                        reading.statement("terminated")).status_code == 200
    registration = db.session.execute(select(Cmi5Registration)).scalar_one()
    with pytest.raises(Exception, match="why"):
        cmi5_ops.waive(registration, version.aus[0], "Because", actor=None)
    cmi5_ops.waive(registration, version.aus[0], "Tested Out", actor=None)
    db.session.commit()
    waived = db.session.execute(select(XapiStatement).where(
        XapiStatement.verb_id == "https://w3id.org/xapi/adl/verbs/waived")).scalar_one()
    assert waived.body["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/reason"] == \
        "Tested Out"
    assert registration.satisfied_at is not None
    assert db.session.execute(select(Certificate)).scalar_one().enrolment_id == enrolment.id


def test_not_applicable_aus_are_satisfied_at_launch(app, factory, db):
    from tests.learning.cmi5_packages import Au as AuSpec
    from tests.learning.cmi5_packages import course_zip

    learner = factory.employee(factory.unit("MOF"))
    course, _lesson, version = cmi5_course(course_zip(
        [AuSpec("urn:x:intro", "Introduction", "index.html", move_on="NotApplicable")]), code="CMI-NA")
    enrolment = ops.enrol(learner, course)
    db.session.commit()
    launch(app, version, enrolment, 0)
    db.session.expire_all()
    assert db.session.execute(select(Cmi5Registration)).scalar_one().satisfied_at is not None
    assert db.session.execute(select(XapiStatement).where(XapiStatement.verb_id == SATISFIED)).scalar_one()
    assert db.session.get(type(enrolment), enrolment.id).state == "completed"


def test_learner_preferences_are_there_for_the_au(app, world):
    _course, _lesson, version, enrolment = world
    au = launch(app, version, enrolment, 0)
    au.token = au.fetch().json["auth-token"]
    response = au.client.get(f"{au.endpoint}agents/profile", headers=au.headers(), query_string={
        "profileId": "cmi5LearnerPreferences", "agent": json.dumps(au.actor)})
    assert response.status_code == 200
    assert sorted(response.json["languagePreference"].split(",")) == ["en-US", "ka-GE"]


def test_only_allowed_remote_sites_may_read_the_lrs_across_origins(app, world):
    _course, _lesson, version, enrolment = world
    au = launch(app, version, enrolment, 0)
    vendor, stranger = "https://content.vendor.example", "https://evil.example"
    app.config["CMI5_REMOTE_HOSTS"] = ["content.vendor.example"]
    try:
        preflight = au.client.options(f"{au.endpoint}statements", headers={
            "Origin": vendor, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type,x-experience-api-version"})
        assert preflight.status_code == 200
        assert preflight.headers["Access-Control-Allow-Origin"] == vendor
        assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
        fetched = au.client.post(au.fetch_url, headers={"Origin": vendor})
        assert fetched.headers["Access-Control-Allow-Origin"] == vendor and "auth-token" in fetched.json
        au.token = fetched.json["auth-token"]
        read = au.client.get(f"{au.endpoint}statements", headers={**au.headers(), "Origin": stranger})
        assert read.status_code == 200 and "Access-Control-Allow-Origin" not in read.headers
        assert "Access-Control-Allow-Origin" not in au.client.options(
            f"{au.endpoint}statements", headers={"Origin": stranger}).headers
    finally:
        app.config["CMI5_REMOTE_HOSTS"] = []


def test_the_lesson_page_in_georgian_lists_the_units_and_launches_onto_the_content_origin(app, factory, db,
                                                                                        login_as):
    unit = factory.unit("MOF")
    user = factory.user(employee=factory.employee(unit))
    course, lesson, version = cmi5_course(two_au_course())
    ops.enrol(user.employee, course)
    db.session.commit()
    client = login_as(user)
    with client.session_transaction() as session:
        session["lang"] = "ka"
    page = client.get(f"/learn/courses/{course.id}/lessons/{lesson.id}/cmi5").get_data(as_text=True)
    assert "ამ გაკვეთილის სასწავლო ერთეულები" in page and "დასრულების პირობა" in page
    assert "Units of this lesson" not in page and QUIZ.title in page
    response = client.get(f"/learn/courses/{course.id}/lessons/{lesson.id}/cmi5/aus/{version.aus[0].id}/launch")
    assert response.status_code == 303
    target = urlsplit(response.headers["Location"])
    assert f"{target.scheme}://{target.netloc}" == CONTENT and target.path.endswith("/quiz/index.html")
    assert set(parse_qs(target.query)) == {"endpoint", "fetch", "registration", "activityId", "actor"}
    # The AU's file is served there with its token, never on the application's host.
    assert app.test_client().get(f"{CONTENT}{target.path}").status_code == 200
    assert client.get(target.path).status_code == 404
