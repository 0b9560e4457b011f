"""The Statements resource against xAPI 1.0.3's requirements (Data §2, Communication §2.1, §1.2 version header).
Each test is named after the requirement it checks."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

import pytest

from tests.learning.xapi.conftest import new_id, statement

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def ids(response: Any) -> list[str]:
    return [s["id"] for s in response.get_json()["statements"]]


# Version header (Communication §3.3) ----------------------------------------------------------------------------

def test_every_request_without_the_version_header_is_refused_with_400(lrs):
    response = lrs.client.post("/xapi/statements", json=statement(), headers={
        "Authorization": lrs.headers()["Authorization"]})
    assert response.status_code == 400
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    bad = lrs.post(statement(), headers={"X-Experience-API-Version": "0.95"})
    assert bad.status_code == 400


def test_every_response_carries_the_version_header_and_about_lists_1_0_3(client):
    response = client.get("/xapi/about")
    assert response.status_code == 200
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    assert "1.0.3" in response.get_json()["version"]


# Storing ---------------------------------------------------------------------------------------------------------

def test_post_stores_a_batch_and_returns_the_ids_in_order(lrs):
    given = new_id()
    response = lrs.post([statement(id=given), statement()])
    assert response.status_code == 200
    returned = response.get_json()
    assert returned[0] == given and len(returned) == 2


def test_put_stores_under_the_statement_id_and_answers_204(lrs):
    sid = new_id()
    response = lrs.open("PUT", f"/statements?statementId={sid}", json_body=statement())
    assert response.status_code == 204
    assert lrs.get(f"/statements?statementId={sid}").get_json()["id"] == sid


def test_put_without_statement_id_or_with_a_different_id_is_400(lrs):
    assert lrs.open("PUT", "/statements", json_body=statement()).status_code == 400
    assert lrs.open("PUT", f"/statements?statementId={new_id()}", json_body=statement(id=new_id())).status_code == 400


def test_a_statement_is_stored_as_sent_and_completed_with_id_stored_authority_and_version(lrs):
    sent = statement(result={"score": {"scaled": 0.9}, "success": True}, timestamp="2026-01-02T03:04:05.678+04:00")
    sid = lrs.post(sent).get_json()[0]
    stored = lrs.get(f"/statements?statementId={sid}").get_json()
    assert {k: stored[k] for k in sent} == sent  # nothing the client sent is changed
    assert stored["id"] == sid and stored["version"] == "1.0.3" and stored["stored"].endswith("Z")
    assert stored["authority"]["account"]["name"] == lrs.key


def test_the_same_id_with_the_same_content_is_accepted_and_not_stored_twice(lrs):
    sid = new_id()
    assert lrs.post(statement(id=sid)).status_code == 200
    assert lrs.open("PUT", f"/statements?statementId={sid}", json_body=statement()).status_code == 204
    assert ids(lrs.get()) == [sid]


def test_the_same_id_with_other_content_is_a_409_conflict_and_the_first_statement_stays(lrs):
    sid = new_id()
    lrs.post(statement(id=sid))
    response = lrs.post(statement(id=sid, verb={"id": "http://adlnet.gov/expapi/verbs/attempted"}))
    assert response.status_code == 409
    assert lrs.get(f"/statements?statementId={sid}").get_json()["verb"]["id"].endswith("completed")


def test_a_batch_with_one_invalid_statement_stores_none(lrs):
    response = lrs.post([statement(), statement(verb={"display": {"en-US": "no id"}})])
    assert response.status_code == 400
    assert ids(lrs.get()) == []


# Validation (Data §2.2–2.4): each of these is a 400 -------------------------------------------------------------

INVALID = {
    "missing actor": lambda s: s.pop("actor"),
    "missing verb": lambda s: s.pop("verb"),
    "missing object": lambda s: s.pop("object"),
    "unknown property": lambda s: s.update(colour="red"),
    "id not a UUID": lambda s: s.update(id="not-a-uuid"),
    "agent with two identifiers": lambda s: s["actor"].update(openid="http://example.gov.ge/nino"),
    "agent without identifier": lambda s: s["actor"].pop("mbox"),
    "mbox not mailto": lambda s: s["actor"].update(mbox="nino@example.gov.ge"),
    "mbox_sha1sum not SHA-1": lambda s: s.update(actor={"mbox_sha1sum": "xyz"}),
    "account without homePage": lambda s: s.update(actor={"account": {"name": "n"}}),
    "anonymous group without members": lambda s: s.update(actor={"objectType": "Group"}),
    "group member that is a group": lambda s: s.update(actor={"objectType": "Group", "member": [
        {"objectType": "Group", "mbox": "mailto:g@example.gov.ge"}]}),
    "verb id not an IRI": lambda s: s["verb"].update(id="completed"),
    "verb display not a language map": lambda s: s["verb"].update(display={"not a tag!": "x"}),
    "activity id missing": lambda s: s["object"].pop("id"),
    "unknown objectType": lambda s: s["object"].update(objectType="Thing"),
    "StatementRef id not UUID": lambda s: s.update(object={"objectType": "StatementRef", "id": "1"}),
    "nested SubStatement": lambda s: s.update(object={"objectType": "SubStatement", **statement(object={
        "objectType": "SubStatement", **statement()})}),
    "SubStatement with an id": lambda s: s.update(object={"objectType": "SubStatement", "id": new_id(),
                                                          **statement()}),
    "score scaled above 1": lambda s: s.update(result={"score": {"scaled": 1.5}}),
    "score raw above max": lambda s: s.update(result={"score": {"raw": 11, "min": 0, "max": 10}}),
    "score min not below max": lambda s: s.update(result={"score": {"min": 5, "max": 5}}),
    "success not boolean": lambda s: s.update(result={"success": "yes"}),
    "duration not ISO 8601": lambda s: s.update(result={"duration": "5 minutes"}),
    "registration not UUID": lambda s: s.update(context={"registration": "abc"}),
    "revision with an agent object": lambda s: s.update(object={"mbox": "mailto:a@example.gov.ge"},
                                                        context={"revision": "1"}),
    "team not a group": lambda s: s.update(context={"team": {"mbox": "mailto:a@example.gov.ge"}}),
    "timestamp not ISO 8601": lambda s: s.update(timestamp="yesterday"),
    "extension key not an IRI": lambda s: s.update(result={"extensions": {"points": 3}}),
    "version not 1.0.x": lambda s: s.update(version="2.0.0"),
    "voiding object not a StatementRef": lambda s: s.update(verb={"id": VOIDED}),
    "attachment without sha2": lambda s: s.update(attachments=[{"usageType": "http://example.gov.ge/u",
                                                                "display": {"en": "a"}, "contentType": "text/plain",
                                                                "length": 1}]),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_a_statement_the_specification_forbids_is_refused_with_400(lrs, case):
    body = statement()
    INVALID[case](body)
    response = lrs.post(body)
    assert response.status_code == 400, case
    assert response.get_json()["error"]


def test_valid_variants_are_accepted(lrs):
    variants = [
        statement(actor={"objectType": "Group", "name": "Team", "member": [{"mbox": "mailto:a@example.gov.ge"}]}),
        statement(actor={"account": {"homePage": "https://hr.gov.ge", "name": "0101"}}),
        statement(object={"objectType": "SubStatement", **statement()}),
        statement(object={"objectType": "Agent", "mbox": "mailto:b@example.gov.ge"}),
        statement(result={"score": {"scaled": -0.5, "raw": 3, "min": 0, "max": 10}, "duration": "PT1H30M",
                          "completion": True}),
        statement(context={"registration": new_id(), "contextActivities": {
            "parent": {"id": "http://example.gov.ge/p"}, "grouping": [{"id": "http://example.gov.ge/g"}]},
            "platform": "suite", "language": "ka-GE"}),
    ]
    for body in variants:
        assert lrs.post(body).status_code == 200, body


# Voiding (Data §2.3.2) -------------------------------------------------------------------------------------------

def _void(lrs, target: str) -> Any:
    return lrs.post(statement(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target}))


def test_a_voided_statement_is_gone_from_queries_but_read_with_voided_statement_id(lrs):
    target = lrs.post(statement()).get_json()[0]
    voiding = _void(lrs, target).get_json()[0]
    assert lrs.get(f"/statements?statementId={target}").status_code == 404
    assert lrs.get(f"/statements?voidedStatementId={target}").get_json()["id"] == target
    assert ids(lrs.get()) == [voiding]  # the voiding statement itself is returned, the voided one is not


def test_voided_statement_id_does_not_return_a_statement_that_is_not_voided(lrs):
    target = lrs.post(statement()).get_json()[0]
    assert lrs.get(f"/statements?voidedStatementId={target}").status_code == 404


def test_a_voiding_statement_cannot_be_voided(lrs):
    voiding = _void(lrs, lrs.post(statement()).get_json()[0]).get_json()[0]
    assert _void(lrs, voiding).status_code == 400


def test_voiding_an_unknown_statement_is_accepted(lrs):
    assert _void(lrs, new_id()).status_code == 200


# Queries (Communication §2.1.3) ----------------------------------------------------------------------------------

def test_statement_id_with_a_filter_parameter_is_400(lrs):
    sid = lrs.post(statement()).get_json()[0]
    assert lrs.get(f"/statements?statementId={sid}&verb=http://a.b/c").status_code == 400
    assert lrs.get("/statements?colour=red").status_code == 400


def test_filters_agent_verb_activity_registration_and_related(lrs):
    registration = new_id()
    ana = {"mbox": "mailto:ana@example.gov.ge"}
    first = lrs.post(statement(actor=ana, context={"registration": registration, "instructor": {
        "mbox": "mailto:teacher@example.gov.ge"}, "contextActivities": {"parent": [
            {"id": "http://example.gov.ge/programme"}]}})).get_json()[0]
    second = lrs.post(statement(verb={"id": "http://adlnet.gov/expapi/verbs/attempted"})).get_json()[0]
    ana_query = quote('{"mbox": "mailto:ana@example.gov.ge"}')
    assert ids(lrs.get(f"/statements?agent={ana_query}")) == [first]
    assert ids(lrs.get("/statements?verb=http://adlnet.gov/expapi/verbs/attempted")) == [second]
    assert ids(lrs.get(f"/statements?registration={registration}")) == [first]
    assert ids(lrs.get("/statements?activity=http://example.gov.ge/programme")) == []
    assert ids(lrs.get("/statements?activity=http://example.gov.ge/programme&related_activities=true")) == [first]
    teacher = quote('{"mbox": "mailto:teacher@example.gov.ge"}')
    assert ids(lrs.get(f"/statements?agent={teacher}")) == []
    assert ids(lrs.get(f"/statements?agent={teacher}&related_agents=true")) == [first]
    assert sorted(ids(lrs.get("/statements?activity=http://example.gov.ge/courses/ethics"))) == sorted([first, second])


def test_since_until_and_ascending(lrs):
    first = lrs.post(statement()).get_json()[0]
    time.sleep(0.01)
    middle = lrs.get(f"/statements?statementId={first}").get_json()["stored"]
    time.sleep(0.01)
    second = lrs.post(statement()).get_json()[0]
    assert ids(lrs.get()) == [second, first]  # newest first by default
    assert ids(lrs.get("/statements?ascending=true")) == [first, second]
    assert ids(lrs.get(f"/statements?since={quote(middle)}")) == [second]
    assert ids(lrs.get(f"/statements?until={quote(middle)}")) == [first]


def test_more_pages_through_every_statement_once_and_ignores_statements_stored_meanwhile(lrs):
    stored = lrs.post([statement() for _ in range(7)]).get_json()
    seen, page = [], lrs.get("/statements?limit=3&ascending=true").get_json()
    lrs.post(statement())  # arrives after the first page: not part of this result
    while True:
        seen += [s["id"] for s in page["statements"]]
        if not page["more"]:
            break
        assert page["more"].startswith("/xapi/statements")
        page = lrs.client.get(page["more"], headers=lrs.headers()).get_json()
    assert seen == stored


def test_format_ids_reduces_agents_and_activities_to_identifiers(lrs):
    sid = lrs.post(statement()).get_json()[0]
    found = lrs.get(f"/statements?statementId={sid}&format=ids").get_json()
    assert found["actor"] == {"objectType": "Agent", "mbox": "mailto:nino@example.gov.ge"}
    assert found["object"] == {"objectType": "Activity", "id": "http://example.gov.ge/courses/ethics"}


def test_format_canonical_keeps_the_readers_language(lrs):
    sid = lrs.post(statement(verb={"id": "http://a.gov.ge/v", "display": {"en-US": "done", "ka-GE": "შესრულდა"}})
                   ).get_json()[0]
    found = lrs.get(f"/statements?statementId={sid}&format=canonical", headers={"Accept-Language": "ka-GE"})
    assert found.get_json()["verb"]["display"] == {"ka-GE": "შესრულდა"}


def test_get_answers_with_consistent_through(lrs):
    lrs.post(statement())
    assert lrs.get().headers["X-Experience-API-Consistent-Through"].endswith("Z")


def test_a_statement_voided_in_the_same_batch_is_voided(lrs):
    target = new_id()
    lrs.post([statement(id=target), statement(verb={"id": VOIDED}, object={"objectType": "StatementRef",
                                                                            "id": target})])
    assert lrs.get(f"/statements?statementId={target}").status_code == 404
    assert lrs.get(f"/statements?voidedStatementId={target}").status_code == 200


def test_a_more_link_the_lrs_did_not_give_is_400(lrs):
    assert lrs.get("/statements?more=not-base64!").status_code == 400
    assert lrs.get("/statements?more=e30=").status_code == 400  # "{}"


def test_head_on_statements_reads_and_stores_nothing(issue):
    reader = issue(("statements/read",))
    assert reader.open("HEAD", "/statements").status_code == 200
    assert reader.get().get_json()["statements"] == []
