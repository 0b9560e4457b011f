"""Statement validation as xAPI 1.0.3 (Data §2.2–2.4) requires: a statement the spec forbids is refused with 400
and a message naming what is wrong, so a content vendor can fix their player. Nothing is normalised here: the LRS
stores what was sent.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version",
                  "attachments", "objectType"}
SUB_STATEMENT_KEYS = {"actor", "verb", "object", "result", "context", "timestamp", "attachments", "objectType"}
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_SHA1 = re.compile(r"^[0-9a-fA-F]{40}$")
_DURATION = re.compile(r"^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
                       r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$")
_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$")
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


class Invalid(ValueError):
    """A statement or parameter the specification forbids (answered 400 with this message)."""


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(f"{where} must be a JSON object")
    return value


def _only(value: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(value) - allowed)
    if extra:
        raise Invalid(f"{where} has properties the specification does not allow: {', '.join(extra)}")


def is_uuid(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def iri(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _IRI.match(value):
        raise Invalid(f"{where} must be an IRI")
    return value


def language_map(value: Any, where: str) -> None:
    value = _object(value, where)
    for tag, text in value.items():
        if not _LANG.match(tag) or not isinstance(text, str):
            raise Invalid(f"{where} must map language tags to strings")


def timestamp(value: Any, where: str) -> datetime:
    if not isinstance(value, str) or not _TIMESTAMP.match(value):
        raise Invalid(f"{where} must be an ISO 8601 timestamp")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise Invalid(f"{where} must be an ISO 8601 timestamp") from error


def agent(value: Any, where: str = "actor", *, group_allowed: bool = True) -> None:
    """An Agent or Group (Data §2.4.2): exactly one inverse functional identifier, anonymous groups list members."""
    value = _object(value, where)
    kind = value.get("objectType", "Agent")
    if kind not in ("Agent", "Group") or (kind == "Group" and not group_allowed):
        raise Invalid(f"{where}.objectType must be Agent" + (" or Group" if group_allowed else ""))
    allowed = {"objectType", "name", *IFIS} | ({"member"} if kind == "Group" else set())
    _only(value, allowed, where)
    ifis = [k for k in IFIS if k in value]
    if len(ifis) > 1 or (not ifis and kind == "Agent"):
        raise Invalid(f"{where} must have exactly one inverse functional identifier")
    if "name" in value and not isinstance(value["name"], str):
        raise Invalid(f"{where}.name must be a string")
    if "mbox" in value and not (isinstance(value["mbox"], str) and value["mbox"].startswith("mailto:")):
        raise Invalid(f"{where}.mbox must be a mailto: IRI")
    if "mbox_sha1sum" in value and not (isinstance(value["mbox_sha1sum"], str) and _SHA1.match(value["mbox_sha1sum"])):
        raise Invalid(f"{where}.mbox_sha1sum must be a SHA-1 in hexadecimal")
    if "openid" in value:
        iri(value["openid"], f"{where}.openid")
    if "account" in value:
        account = _object(value["account"], f"{where}.account")
        _only(account, {"homePage", "name"}, f"{where}.account")
        iri(account.get("homePage"), f"{where}.account.homePage")
        if not isinstance(account.get("name"), str):
            raise Invalid(f"{where}.account.name must be a string")
    if kind == "Group":
        members = value.get("member", [] if ifis else None)
        if not isinstance(members, list) or (not ifis and not members):
            raise Invalid(f"{where}.member must list the anonymous group's agents")
        for i, member in enumerate(members):
            agent(member, f"{where}.member[{i}]", group_allowed=False)


def agent_key(value: dict[str, Any]) -> str:
    """An agent's identity as one string (its inverse functional identifier), for indexes and document keys."""
    if "mbox" in value:
        return "mbox:" + value["mbox"]
    if "mbox_sha1sum" in value:
        return "sha1:" + value["mbox_sha1sum"].lower()
    if "openid" in value:
        return "openid:" + value["openid"]
    if "account" in value:
        return f"account:{value['account']['homePage']}|{value['account']['name']}"
    raise Invalid("agent must have an inverse functional identifier")


def verb(value: Any) -> None:
    value = _object(value, "verb")
    _only(value, {"id", "display"}, "verb")
    iri(value.get("id"), "verb.id")
    if "display" in value:
        language_map(value["display"], "verb.display")


def activity(value: Any, where: str) -> None:
    value = _object(value, where)
    if value.get("objectType", "Activity") != "Activity":
        raise Invalid(f"{where}.objectType must be Activity")
    _only(value, {"objectType", "id", "definition"}, where)
    iri(value.get("id"), f"{where}.id")
    if "definition" in value:
        definition = _object(value["definition"], f"{where}.definition")
        for key in ("name", "description"):
            if key in definition:
                language_map(definition[key], f"{where}.definition.{key}")
        for key in ("type", "moreInfo"):
            if key in definition:
                iri(definition[key], f"{where}.definition.{key}")
        if "extensions" in definition:
            extensions(definition["extensions"], f"{where}.definition.extensions")


def extensions(value: Any, where: str) -> None:
    for key in _object(value, where):
        iri(key, f"{where} key")


def statement_object(value: Any, *, sub: bool) -> str:
    value = _object(value, "object")
    kind = value.get("objectType", "Activity")
    if kind == "Activity":
        activity(value, "object")
    elif kind in ("Agent", "Group"):
        agent(value, "object")
    elif kind == "StatementRef":
        _only(value, {"objectType", "id"}, "object")
        if not is_uuid(value.get("id")):
            raise Invalid("object.id of a StatementRef must be a UUID")
    elif kind == "SubStatement" and not sub:
        statement(value, sub=True)
    else:
        raise Invalid(f"object.objectType {kind!r} is not allowed here")
    return kind


def result(value: Any) -> None:
    value = _object(value, "result")
    _only(value, {"score", "success", "completion", "response", "duration", "extensions"}, "result")
    for key in ("success", "completion"):
        if key in value and not isinstance(value[key], bool):
            raise Invalid(f"result.{key} must be true or false")
    if "response" in value and not isinstance(value["response"], str):
        raise Invalid("result.response must be a string")
    if "duration" in value and not (isinstance(value["duration"], str) and _DURATION.match(value["duration"])):
        raise Invalid("result.duration must be an ISO 8601 duration")
    if "extensions" in value:
        extensions(value["extensions"], "result.extensions")
    if "score" in value:
        score = _object(value["score"], "result.score")
        _only(score, {"scaled", "raw", "min", "max"}, "result.score")
        if any(not isinstance(v, (int, float)) or isinstance(v, bool) for v in score.values()):
            raise Invalid("result.score values must be numbers")
        if "scaled" in score and not -1 <= score["scaled"] <= 1:
            raise Invalid("result.score.scaled must be between -1 and 1")
        low, high = score.get("min"), score.get("max")
        if low is not None and high is not None and low >= high:
            raise Invalid("result.score.min must be less than max")
        raw = score.get("raw")
        if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
            raise Invalid("result.score.raw must lie between min and max")


def context(value: Any, object_kind: str) -> None:
    value = _object(value, "context")
    _only(value, {"registration", "instructor", "team", "contextActivities", "revision", "platform", "language",
                  "statement", "extensions"}, "context")
    if "registration" in value and not is_uuid(value["registration"]):
        raise Invalid("context.registration must be a UUID")
    if "instructor" in value:
        agent(value["instructor"], "context.instructor")
    if "team" in value:
        agent(value["team"], "context.team")
        if value["team"].get("objectType") != "Group":
            raise Invalid("context.team must be a Group")
    if ("revision" in value or "platform" in value) and object_kind != "Activity":
        raise Invalid("context.revision and context.platform are only allowed when the object is an Activity")
    for key in ("revision", "platform", "language"):
        if key in value and not isinstance(value[key], str):
            raise Invalid(f"context.{key} must be a string")
    if "statement" in value:
        ref = _object(value["statement"], "context.statement")
        if ref.get("objectType") != "StatementRef" or not is_uuid(ref.get("id")):
            raise Invalid("context.statement must be a StatementRef")
    if "extensions" in value:
        extensions(value["extensions"], "context.extensions")
    if "contextActivities" in value:
        activities = _object(value["contextActivities"], "context.contextActivities")
        _only(activities, {"parent", "grouping", "category", "other"}, "context.contextActivities")
        for key, items in activities.items():
            for i, item in enumerate(items if isinstance(items, list) else [items]):
                activity(item, f"context.contextActivities.{key}[{i}]")


def attachments(value: Any) -> None:
    if not isinstance(value, list):
        raise Invalid("attachments must be an array")
    for i, item in enumerate(value):
        where = f"attachments[{i}]"
        item = _object(item, where)
        _only(item, {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"}, where)
        iri(item.get("usageType"), f"{where}.usageType")
        language_map(item.get("display"), f"{where}.display")
        if not isinstance(item.get("contentType"), str) or not isinstance(item.get("length"), int) \
                or not isinstance(item.get("sha2"), str):
            raise Invalid(f"{where} needs contentType, length (an integer) and sha2")


def statement(value: Any, *, sub: bool = False) -> None:
    """Raise ``Invalid`` unless ``value`` is a statement (or a SubStatement) the specification allows."""
    value = _object(value, "statement")
    _only(value, SUB_STATEMENT_KEYS if sub else STATEMENT_KEYS, "SubStatement" if sub else "statement")
    if not sub and "objectType" in value:
        raise Invalid("a statement has no objectType")
    if "id" in value and not is_uuid(value["id"]):
        raise Invalid("id must be a UUID")
    for key in ("actor", "verb", "object"):
        if key not in value:
            raise Invalid(f"{key} is required")
    agent(value["actor"], "actor")
    verb(value["verb"])
    kind = statement_object(value["object"], sub=sub)
    if value["verb"]["id"] == VOIDED and kind != "StatementRef":
        raise Invalid("a voiding statement's object must be a StatementRef")
    if "result" in value:
        result(value["result"])
    if "context" in value:
        context(value["context"], kind)
    if "timestamp" in value:
        timestamp(value["timestamp"], "timestamp")
    if "stored" in value:
        timestamp(value["stored"], "stored")
    if "authority" in value:
        agent(value["authority"], "authority")
    if "version" in value and not (isinstance(value["version"], str) and re.match(r"^1\.0(\.\d+)?$", value["version"])):
        raise Invalid("version must be 1.0.x")
    if "attachments" in value:
        attachments(value["attachments"])
