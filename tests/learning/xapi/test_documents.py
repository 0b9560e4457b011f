"""The document resources (Communication §2.2–2.6): State, Activity Profile and Agent Profile, their ETag
concurrency (If-Match / If-None-Match, 409 and 412), JSON merging on POST, and the Activities and Agents
resources. Also the Python interface cmi5 will use (``read_state``/``write_state``)."""

from __future__ import annotations

import json
from urllib.parse import quote

from learning.xapi.operations import read_state, write_state
from tests.learning.xapi.conftest import new_id, statement

AGENT = {"objectType": "Agent", "mbox": "mailto:nino@example.gov.ge"}
ACTIVITY = "http://example.gov.ge/courses/ethics"
STATE = f"/activities/state?activityId={quote(ACTIVITY)}&agent={quote(json.dumps(AGENT))}"
PROFILE = f"/activities/profile?activityId={quote(ACTIVITY)}"
AGENT_PROFILE = f"/agents/profile?agent={quote(json.dumps(AGENT))}"


def test_state_put_get_and_delete_round_trip_with_an_etag(lrs):
    assert lrs.open("PUT", STATE + "&stateId=bookmark", data=b"page 4", content_type="text/plain").status_code == 204
    response = lrs.get(STATE + "&stateId=bookmark")
    assert response.data == b"page 4" and response.content_type.startswith("text/plain")
    assert response.headers["ETag"].strip('"')
    assert lrs.get(STATE).get_json() == ["bookmark"]  # without stateId: the ids
    assert lrs.open("DELETE", STATE + "&stateId=bookmark").status_code == 204
    assert lrs.get(STATE + "&stateId=bookmark").status_code == 404


def test_state_is_kept_per_registration(lrs):
    registration = new_id()
    lrs.open("PUT", STATE + f"&stateId=s&registration={registration}", json_body={"a": 1})
    assert lrs.get(STATE + "&stateId=s").status_code == 404
    assert lrs.get(STATE + f"&stateId=s&registration={registration}").get_json() == {"a": 1}


def test_post_merges_json_objects_and_refuses_to_merge_anything_else(lrs):
    lrs.open("PUT", STATE + "&stateId=s", json_body={"a": 1, "b": 1})
    assert lrs.open("POST", STATE + "&stateId=s", json_body={"b": 2, "c": 3}).status_code == 204
    assert lrs.get(STATE + "&stateId=s").get_json() == {"a": 1, "b": 2, "c": 3}
    lrs.open("PUT", STATE + "&stateId=t", data=b"plain", content_type="text/plain")
    assert lrs.open("POST", STATE + "&stateId=t", json_body={"a": 1}).status_code == 400


def test_delete_without_state_id_removes_every_state_of_the_agent_and_activity(lrs):
    for name in ("one", "two"):
        lrs.open("PUT", STATE + f"&stateId={name}", json_body={})
    assert lrs.open("DELETE", STATE).status_code == 204
    assert lrs.get(STATE).get_json() == []


def test_profile_overwrite_without_a_precondition_is_409(lrs):
    assert lrs.open("PUT", PROFILE + "&profileId=p", json_body={"v": 1}).status_code == 204  # new: allowed
    assert lrs.open("PUT", PROFILE + "&profileId=p", json_body={"v": 2}).status_code == 409
    assert lrs.get(PROFILE + "&profileId=p").get_json() == {"v": 1}


def test_if_match_with_the_current_etag_succeeds_and_with_a_stale_one_is_412(lrs):
    lrs.open("PUT", AGENT_PROFILE + "&profileId=p", json_body={"v": 1})
    etag = lrs.get(AGENT_PROFILE + "&profileId=p").headers["ETag"]
    assert lrs.open("PUT", AGENT_PROFILE + "&profileId=p", json_body={"v": 2},
                    headers={"If-Match": etag}).status_code == 204
    # A second writer who read version 1 loses: nothing is overwritten.
    assert lrs.open("PUT", AGENT_PROFILE + "&profileId=p", json_body={"v": 3},
                    headers={"If-Match": etag}).status_code == 412
    assert lrs.get(AGENT_PROFILE + "&profileId=p").get_json() == {"v": 2}


def test_if_none_match_star_creates_only_when_absent(lrs):
    headers = {"If-None-Match": "*"}
    assert lrs.open("PUT", PROFILE + "&profileId=q", json_body={}, headers=headers).status_code == 204
    assert lrs.open("PUT", PROFILE + "&profileId=q", json_body={"x": 1}, headers=headers).status_code == 412


def test_if_match_on_a_missing_document_is_412(lrs):
    assert lrs.open("PUT", PROFILE + "&profileId=none", json_body={}, headers={"If-Match": '"abc"'}).status_code == 412


def test_document_requests_missing_required_parameters_are_400(lrs):
    assert lrs.get("/activities/state?stateId=s").status_code == 400
    assert lrs.open("PUT", STATE, json_body={}).status_code == 400
    assert lrs.get(STATE + "&registration=nope").status_code == 400
    assert lrs.get("/agents/profile?agent=notjson").status_code == 400


def test_activities_resource_returns_the_definition_stored_by_a_define_client(lrs):
    lrs.post(statement())
    found = lrs.get(f"/activities?activityId={quote(ACTIVITY)}").get_json()
    assert found["id"] == ACTIVITY and found["definition"]["name"] == {"en-US": "Ethics"}


def test_agents_resource_returns_a_person(lrs):
    person = lrs.get(f"/agents?agent={quote(json.dumps({'name': 'Nino', **AGENT}))}").get_json()
    assert person == {"objectType": "Person", "name": ["Nino"], "mbox": ["mailto:nino@example.gov.ge"]}


def test_state_from_python_is_what_the_http_resource_reads(lrs, db):
    """cmi5 will write LMS.LaunchData this way, and the AU reads it over HTTP."""
    registration = new_id()
    write_state(ACTIVITY, AGENT, "LMS.LaunchData", {"launchMode": "Normal"}, registration=registration)
    db.session.commit()
    assert lrs.get(STATE + f"&stateId=LMS.LaunchData&registration={registration}").get_json() == {
        "launchMode": "Normal"}
    assert read_state(ACTIVITY, AGENT, "LMS.LaunchData", registration=registration) == {"launchMode": "Normal"}


def test_head_answers_like_get_without_a_body(lrs):
    lrs.open("PUT", STATE + "&stateId=s", json_body={"a": 1})
    response = lrs.open("HEAD", STATE + "&stateId=s")
    assert response.status_code == 200 and response.data == b"" and response.headers["ETag"]
