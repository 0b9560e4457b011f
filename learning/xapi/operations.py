"""Writes of the learning record store: statements (validated, completed, never changed), voiding, and the
documents of the State, Activity Profile and Agent Profile resources with their ETag preconditions.

These functions are also the LRS's Python interface for the rest of the suite: ``store_statement`` (native
courses, later cmi5's "satisfied" statement) and ``read_state``/``write_state`` (cmi5's LMS.LaunchData).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from common.extensions import db
from common.models.base import utcnow
from common.models.directory import Employee
from learning.xapi import validation as v
from learning.xapi.models import (
    XapiActivity,
    XapiAttachment,
    XapiClient,
    XapiDocument,
    XapiStatement,
    XapiStatementRef,
)

VERSION = "1.0.3"


class Conflict(Exception):
    """409: a statement id already stored with other content, or a document written without a precondition."""


class PreconditionFailed(Exception):
    """412: the ETag given in If-Match / If-None-Match does not hold."""


def _iso(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def authority_of(client: XapiClient | None) -> dict[str, Any]:
    home = current_app.config.get("BASE_URL", "http://localhost")
    name = client.key if client is not None else "suite"
    return {"objectType": "Agent", "name": client.name if client else "Suite",
            "account": {"homePage": home, "name": name}}


def _employee_of(actor: dict[str, Any]) -> int | None:
    """The suite's person a statement's actor is: an account on the suite's own home page (personal number), or
    an e-mail address held by exactly one employee."""
    if "account" in actor and actor["account"].get("homePage") == current_app.config.get("BASE_URL"):
        number = actor["account"].get("name")
        return db.session.execute(select(Employee.id).where(Employee.personal_number == number)).scalar()
    if "mbox" in actor:
        ids = db.session.execute(select(Employee.id).where(Employee.email == actor["mbox"][7:]).limit(2)).scalars()
        ids = list(ids)
        return ids[0] if len(ids) == 1 else None
    return None


def _refs(statement: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(kind, value, direct) for every agent and activity the statement mentions (``related_*`` read them all)."""
    found: list[tuple[str, str, bool]] = []

    def agents(value: Any, direct: bool) -> None:
        if isinstance(value, dict):
            if any(k in value for k in v.IFIS):
                found.append(("agent", v.agent_key(value), direct))
            for member in value.get("member", []):
                found.append(("agent", v.agent_key(member), False))

    def walk(part: dict[str, Any], top: bool) -> None:
        agents(part.get("actor"), top)
        target = part.get("object", {})
        kind = target.get("objectType", "Activity")
        if kind == "Activity":
            found.append(("activity", target["id"], top))
        elif kind in ("Agent", "Group"):
            agents(target, top)
        elif kind == "SubStatement":
            walk(target, False)
        context = part.get("context", {})
        agents(context.get("instructor"), False)
        agents(context.get("team"), False)
        for items in context.get("contextActivities", {}).values():
            for item in items if isinstance(items, list) else [items]:
                found.append(("activity", item["id"], False))
        agents(part.get("authority"), False)

    walk(statement, True)
    return list(dict.fromkeys(found))


def _same(stored: dict[str, Any], sent: dict[str, Any]) -> bool:
    ignore = {"stored", "authority", "version", "id"} | ({"timestamp"} if "timestamp" not in sent else set())
    return {k: x for k, x in stored.items() if k not in ignore} == {k: x for k, x in sent.items() if k not in ignore}


def store_statements(statements: list[dict[str, Any]], *, client: XapiClient | None,
                     attachments: dict[str, tuple[str, bytes]] | None = None,
                     define: bool = False) -> list[str]:
    """Validate and store a batch (all or nothing) and return the ids in order. A statement whose id is already
    stored with the same content is not stored twice; with different content it is a ``Conflict``. Voiding
    statements void their target, which must not itself be a voiding statement."""
    attachments = attachments or {}
    ids: list[str] = []
    seen: set[str] = set()
    for statement in statements:
        v.statement(statement)
        if "id" in statement:
            if statement["id"] in seen:
                raise v.Invalid(f"the batch holds statement {statement['id']} twice")
            seen.add(statement["id"])
        for item in statement.get("attachments", []):
            if "fileUrl" not in item and item["sha2"] not in attachments:
                raise v.Invalid(f"attachment {item['sha2']} is declared but was not sent")
    existing = {row.id: row for row in db.session.execute(
        select(XapiStatement).where(XapiStatement.id.in_(list(seen)))).scalars()} if seen else {}
    now = utcnow()
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # ``stored`` as returned: milliseconds
    for sha2, (content_type, content) in attachments.items():
        if db.session.get(XapiAttachment, sha2) is None:
            db.session.add(XapiAttachment(sha2=sha2, content_type=content_type, content=content))
    added: list[XapiStatement] = []
    people: dict[str, int | None] = {}  # the actor's employee, looked up once per agent and batch
    for statement in statements:
        known = existing.get(statement.get("id", ""))
        if known is not None:
            if not _same(known.body, statement):
                raise Conflict(f"statement {known.id} is already stored with other content")
            ids.append(known.id)
            continue
        row = _store_one(statement, client, now, define, people)
        added.append(row)
        ids.append(row.id)
    db.session.flush()  # one multi-row INSERT for the batch; the index rows then need each statement's seq
    refs = [{"seq": row.seq, "kind": k, "value": value[:512], "direct": d} for row in added
            for k, value, d in _refs(row.body)]
    if refs:
        db.session.execute(XapiStatementRef.__table__.insert(), refs)
    return ids


def _store_one(sent: dict[str, Any], client: XapiClient | None, now: datetime, define: bool,
               people: dict[str, int | None]) -> XapiStatement:
    body = dict(sent)
    body.setdefault("id", str(uuid.uuid4()))
    body["stored"] = _iso(now)
    body.setdefault("timestamp", body["stored"])
    body["authority"] = authority_of(client)
    body["version"] = sent.get("version", VERSION)
    target = None
    if body["verb"]["id"] == v.VOIDED:
        target = body["object"]["id"]
        db.session.flush()  # a target sent earlier in the same batch is voided too
        voided = db.session.execute(select(XapiStatement).where(XapiStatement.id == target)).scalar()
        if voided is not None and voided.verb_id == v.VOIDED:
            raise v.Invalid("a voiding statement cannot be voided")
        db.session.execute(update(XapiStatement).where(XapiStatement.id == target).values(voided=True))
    who = v.agent_key(body["actor"]) if any(k in body["actor"] for k in v.IFIS) else ""
    if who not in people:
        people[who] = _employee_of(body["actor"]) if who else None
    row = XapiStatement(id=body["id"], body=body, stored=now, verb_id=body["verb"]["id"],
                        registration=body.get("context", {}).get("registration"), voiding_target=target,
                        client_id=client.id if client is not None else None, voided=False,
                        employee_id=people[who], has_attachments=bool(body.get("attachments")))
    db.session.add(row)
    if define and body["object"].get("objectType", "Activity") == "Activity" and "definition" in body["object"]:
        activity = db.session.get(XapiActivity, body["object"]["id"]) or XapiActivity(id=body["object"]["id"])
        activity.definition = body["object"]["definition"]
        db.session.add(activity)
    return row


def store_statement(statement: dict[str, Any], *, client: XapiClient | None = None) -> str:
    """Store one statement from the suite itself (no HTTP): validated like any other; returns its id."""
    return store_statements([statement], client=client, define=True)[0]


# Documents ---------------------------------------------------------------------------------------------------

def document_key(kind: str, *, activity_id: str = "", agent: dict[str, Any] | None = None,
                 registration: str | None = None, doc_id: str) -> dict[str, str]:
    return {"kind": kind, "activity_id": activity_id, "agent": v.agent_key(agent) if agent else "",
            "registration": registration or "", "doc_id": doc_id}


def find_document(key: dict[str, str], *, lock: bool = False) -> XapiDocument | None:
    """The document at ``key``; ``lock`` holds its row until the request commits (PostgreSQL), so two writers
    holding the same ETag cannot both pass If-Match."""
    query = select(XapiDocument).filter_by(**key)
    return db.session.execute(query.with_for_update() if lock else query).scalar_one_or_none()


def _check_preconditions(existing: XapiDocument | None, if_match: str | None, if_none_match: str | None,
                         *, required: bool) -> None:
    if if_match is not None:
        tags = {t.strip().strip('"') for t in if_match.split(",")}
        if existing is None or ("*" not in tags and existing.etag not in tags):
            raise PreconditionFailed("the document changed since you read it (If-Match)")
    if if_none_match is not None:
        tags = {t.strip().strip('"') for t in if_none_match.split(",")}
        if existing is not None and ("*" in tags or existing.etag in tags):
            raise PreconditionFailed("the document already exists (If-None-Match)")
    if required and existing is not None and if_match is None and if_none_match is None:
        raise Conflict("this document exists: send If-Match with its ETag, or If-None-Match: *")


def write_document(key: dict[str, str], content: bytes, content_type: str, *, merge: bool,
                   if_match: str | None = None, if_none_match: str | None = None,
                   require_precondition: bool = False) -> XapiDocument:
    """PUT (replace) or POST (merge JSON objects, Communication §2.2.6.3). Profiles require a precondition to
    overwrite (``require_precondition``); a merge where either side is not a JSON object is refused (400)."""
    existing = find_document(key, lock=True)
    _check_preconditions(existing, if_match, if_none_match, required=require_precondition and not merge)
    if merge and existing is not None:
        try:
            old, new = json.loads(existing.content), json.loads(content)
        except ValueError as error:
            raise v.Invalid("POST merges JSON documents only") from error
        if not isinstance(old, dict) or not isinstance(new, dict) or "json" not in existing.content_type \
                or "json" not in content_type:
            raise v.Invalid("POST merges JSON objects only")
        content, content_type = json.dumps({**old, **new}).encode(), "application/json"
    elif merge:
        try:
            if not isinstance(json.loads(content), dict):
                raise ValueError
        except ValueError as error:
            raise v.Invalid("POST merges JSON objects only") from error
    document = existing or XapiDocument(**key)
    document.content, document.content_type = content, content_type
    document.etag = hashlib.sha1(content).hexdigest()
    document.updated = utcnow()
    db.session.add(document)
    db.session.flush()
    return document


def delete_documents(key: dict[str, str], *, all_ids: bool, if_match: str | None = None) -> None:
    if all_ids:
        criteria = {k: x for k, x in key.items() if k != "doc_id"}
        for document in db.session.execute(select(XapiDocument).filter_by(**criteria)).scalars():
            db.session.delete(document)
    else:
        existing = find_document(key)
        _check_preconditions(existing, if_match, None, required=False)
        if existing is not None:
            db.session.delete(existing)
    db.session.flush()


def write_state(activity_id: str, agent: dict[str, Any], state_id: str, value: Any, *,
                registration: str | None = None) -> XapiDocument:
    """Write a JSON State document from Python (cmi5's LMS.LaunchData)."""
    key = document_key("state", activity_id=activity_id, agent=agent, registration=registration, doc_id=state_id)
    return write_document(key, json.dumps(value).encode(), "application/json", merge=False)


def read_state(activity_id: str, agent: dict[str, Any], state_id: str, *, registration: str | None = None) -> Any:
    """A JSON State document's value, or None."""
    key = document_key("state", activity_id=activity_id, agent=agent, registration=registration, doc_id=state_id)
    document = find_document(key)
    return json.loads(document.content) if document is not None else None
