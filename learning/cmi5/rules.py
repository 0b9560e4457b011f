"""The cmi5 rules for statements an AU sends (cmi5 quartz §9): pure functions over the statement and what the
session and registration already hold, so every rule is tested without HTTP.

A statement with a cmi5 verb (initialized, completed, passed, failed, terminated) sent for a session is "cmi5
defined" and must: be about the session's actor and AU activity, carry the registration, the session id and the
cmi5 category (the contextTemplate); come after ``initialized`` and before ``terminated``; ``completed`` at most
once per registration, ``passed``/``failed`` with a success and a score that agree with the masteryScore, none of
the three in Browse or Review mode. launched, abandoned, waived and satisfied are the LMS's to state. Nothing at
all is accepted in a session after ``terminated``; other statements (plain xAPI verbs) are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from learning.cmi5.vocabulary import CMI5_CATEGORY, LMS_VERBS, NAMES, SESSION_ID
from learning.xapi.validation import Invalid, agent_key


class RuleBroken(Invalid):
    """A statement that breaks a cmi5 rule (answered 400, with the rule named)."""


@dataclass
class SessionState:
    """What a statement is checked against; ``accept`` moves it on, so a batch is checked in order."""

    agent: str  # the actor's key (``validation.agent_key``)
    activity_id: str
    registration: str
    session_id: str
    launch_mode: str = "Normal"
    mastery_score: float | None = None
    initialized: bool = False
    terminated: bool = False
    completed: bool = False  # in this registration (any session)
    passed: bool = False  # in this registration (any session)


def verb_name(statement: dict[str, Any]) -> str | None:
    return NAMES.get(statement.get("verb", {}).get("id", ""))


def _categories(context: dict[str, Any]) -> set[str]:
    items = context.get("contextActivities", {}).get("category", [])
    return {item.get("id") for item in (items if isinstance(items, list) else [items]) if isinstance(item, dict)}


def _scaled(statement: dict[str, Any]) -> float | None:
    value = statement.get("result", {}).get("score", {}).get("scaled")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def check(statement: dict[str, Any], state: SessionState) -> str | None:
    """Raise ``RuleBroken`` if the statement breaks a rule; else record it in ``state`` and return the cmi5 verb
    it states (None for a plain xAPI statement)."""
    if state.terminated:
        raise RuleBroken("cmi5: the session is terminated; no statement is accepted after terminated")
    context = statement.get("context", {})
    if agent_key(statement.get("actor", {})) != state.agent:
        raise RuleBroken("cmi5: the actor must be the actor given at launch")
    if context.get("registration") != state.registration:
        raise RuleBroken("cmi5: context.registration must be the registration given at launch")
    verb = verb_name(statement)
    if verb is None:
        return None
    if verb in LMS_VERBS:
        raise RuleBroken(f"cmi5: only the LMS states {verb}")
    if statement.get("object", {}).get("id") != state.activity_id:
        raise RuleBroken("cmi5: the object of a cmi5 defined statement must be the activityId given at launch")
    if context.get("extensions", {}).get(SESSION_ID) != state.session_id:
        raise RuleBroken("cmi5: context.extensions must hold the session id of LMS.LaunchData's contextTemplate")
    if CMI5_CATEGORY not in _categories(context):
        raise RuleBroken("cmi5: a cmi5 defined statement must have the cmi5 category in contextActivities")
    if verb == "initialized":
        if state.initialized:
            raise RuleBroken("cmi5: initialized may be stated once per session")
        state.initialized = True
        return verb
    if not state.initialized:
        raise RuleBroken(f"cmi5: {verb} before initialized")
    if verb in ("completed", "passed", "failed") and state.launch_mode != "Normal":
        raise RuleBroken(f"cmi5: {verb} is not allowed in {state.launch_mode} mode")
    result = statement.get("result", {})
    if verb == "completed":
        if state.completed:
            raise RuleBroken("cmi5: completed may be stated once per registration")
        if result.get("completion") is not True:
            raise RuleBroken("cmi5: completed needs result.completion true")
        state.completed = True
    elif verb == "passed":
        _check_pass(result, state, _scaled(statement))
        state.passed = True
    elif verb == "failed":
        _check_fail(result, state, _scaled(statement))
    elif verb == "terminated":
        state.terminated = True
    return verb


def _check_pass(result: dict[str, Any], state: SessionState, scaled: float | None) -> None:
    if state.passed:
        raise RuleBroken("cmi5: passed may be stated once per registration")
    if result.get("success") is not True:
        raise RuleBroken("cmi5: passed needs result.success true")
    if state.mastery_score is not None:
        if scaled is None:
            raise RuleBroken("cmi5: passed needs result.score.scaled when the AU has a masteryScore")
        if scaled < state.mastery_score:
            raise RuleBroken(f"cmi5: passed with a score of {scaled:g}, below the masteryScore "
                             f"{state.mastery_score:g}")


def _check_fail(result: dict[str, Any], state: SessionState, scaled: float | None) -> None:
    if state.passed:
        raise RuleBroken("cmi5: failed after passed in the same registration")
    if result.get("success") is not False:
        raise RuleBroken("cmi5: failed needs result.success false")
    if state.mastery_score is not None and scaled is not None and scaled >= state.mastery_score:
        raise RuleBroken(f"cmi5: failed with a score of {scaled:g}, at or above the masteryScore "
                         f"{state.mastery_score:g}")


def au_satisfied(move_on: str, *, completed: bool, passed: bool, waived: bool = False) -> bool:
    """Whether an AU is satisfied by its moveOn (cmi5 §10, moveOn) given what its registration established."""
    if waived or move_on == "NotApplicable":
        return True
    return {"Passed": passed, "Completed": completed, "CompletedAndPassed": completed and passed,
            "CompletedOrPassed": completed or passed}.get(move_on, False)
