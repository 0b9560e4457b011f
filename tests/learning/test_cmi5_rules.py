"""The cmi5 statement rules and moveOn as pure functions (``learning.cmi5.rules``): no HTTP, no database."""

from __future__ import annotations

from typing import Any

import pytest

from learning.cmi5.rules import RuleBroken, SessionState, au_satisfied, check

ACTOR = {"objectType": "Agent", "account": {"homePage": "http://localhost", "name": "01001000001"}}
ACTIVITY = "http://localhost/learn/cmi5/aus/1"
REGISTRATION = "6b0a5b5e-1d7e-4c2b-9b8f-4b8d5c7e8f90"
SESSION = "0b7a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
BASE = "http://adlnet.gov/expapi/verbs/"


def state(**changes: Any) -> SessionState:
    values = {"agent": "account:http://localhost|01001000001", "activity_id": ACTIVITY, "registration": REGISTRATION,
              "session_id": SESSION, "mastery_score": 0.8, **changes}
    return SessionState(**values)


def statement(verb: str, result: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "actor": ACTOR, "verb": {"id": verb if "/" in verb else BASE + verb},
        "object": {"id": ACTIVITY},
        "context": {"registration": REGISTRATION, "contextActivities": {"category": [{"id": CMI5}]},
                    "extensions": {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": SESSION}}}
    if result is not None:
        body["result"] = result
    return body


def test_a_normal_session_passes_in_order():
    now = state()
    for verb, result in (("initialized", None), ("passed", {"success": True, "score": {"scaled": 0.8}}),
                         ("completed", {"completion": True}), ("terminated", None)):
        assert check(statement(verb, result), now) == verb
    assert now.passed and now.completed and now.terminated


@pytest.mark.parametrize("before, verb, result, words", [
    ({}, "passed", {"success": True, "score": {"scaled": 0.9}}, "before initialized"),
    ({"initialized": True}, "initialized", None, "once per session"),
    ({"initialized": True}, "passed", {"success": True, "score": {"scaled": 0.79}}, "below the masteryScore"),
    ({"initialized": True}, "passed", {"success": True}, "needs result.score.scaled"),
    ({"initialized": True}, "passed", {"success": False, "score": {"scaled": 0.9}}, "success true"),
    ({"initialized": True, "passed": True}, "passed", {"success": True, "score": {"scaled": 0.9}}, "once per"),
    ({"initialized": True}, "failed", {"success": False, "score": {"scaled": 0.9}}, "at or above"),
    ({"initialized": True, "passed": True}, "failed", {"success": False}, "after passed"),
    ({"initialized": True, "completed": True}, "completed", {"completion": True}, "once per registration"),
    ({"initialized": True}, "completed", {}, "completion true"),
    ({"initialized": True, "launch_mode": "Browse"}, "completed", {"completion": True}, "Browse mode"),
    ({"initialized": True, "terminated": True}, "experienced", None, "after terminated"),
    ({"initialized": True}, "https://w3id.org/xapi/adl/verbs/satisfied", None, "only the LMS"),
    ({"initialized": True}, "https://w3id.org/xapi/adl/verbs/abandoned", None, "only the LMS"),
    ({"initialized": True}, "launched", None, "only the LMS"),
], ids=["before initialized", "initialized twice", "below mastery", "no score", "passed unsuccessful",
        "passed twice", "failed above mastery", "failed after passed", "completed twice", "no completion",
        "browse mode", "after terminated", "satisfied", "abandoned", "launched"])
def test_each_rule(before, verb, result, words):
    with pytest.raises(RuleBroken, match=words):
        check(statement(verb, result), state(**before))


@pytest.mark.parametrize("part, value, words", [
    ("object", {"id": "http://elsewhere/x"}, "activityId"),
    ("context", {"registration": REGISTRATION, "contextActivities": {"category": [{"id": CMI5}]}}, "session id"),
    ("context", {"registration": REGISTRATION, "extensions": {
        "https://w3id.org/xapi/cmi5/context/extensions/sessionid": SESSION}}, "cmi5 category"),
    ("context", {}, "registration"),
    ("actor", {"mbox": "mailto:other@x.ge"}, "actor"),
])
def test_the_context_template_actor_and_object_are_required(part, value, words):
    sent = statement("initialized")
    sent[part] = value
    with pytest.raises(RuleBroken, match=words):
        check(sent, state())


def test_plain_xapi_statements_are_accepted_but_not_after_terminated():
    now = state(initialized=True)
    assert check(statement("experienced"), now) is None
    assert check({**statement("answered"), "object": {"id": "http://localhost/question/1"}}, now) is None
    assert check(statement("failed", {"success": False, "score": {"scaled": 0.2}}), now) == "failed"


@pytest.mark.parametrize("move_on, completed, passed, expected", [
    ("Passed", False, True, True), ("Passed", True, False, False),
    ("Completed", True, False, True), ("Completed", False, True, False),
    ("CompletedAndPassed", True, False, False), ("CompletedAndPassed", True, True, True),
    ("CompletedOrPassed", False, True, True), ("CompletedOrPassed", True, False, True),
    ("CompletedOrPassed", False, False, False), ("NotApplicable", False, False, True),
])
def test_move_on(move_on, completed, passed, expected):
    assert au_satisfied(move_on, completed=completed, passed=passed) is expected
    assert au_satisfied(move_on, completed=False, passed=False, waived=True)
