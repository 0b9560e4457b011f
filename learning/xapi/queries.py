"""Reads of the learning record store: the Statements GET (filters, ``more`` paging, formats), documents, and the
Activities and Agents resources. Every statement returned is "about" its actor: the employees behind them are
passed to ``common.reads.shows`` by the caller, so reads of people's records are logged like any learning record.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select

from common.extensions import db
from common.models.directory import Employee, OrgUnit
from common.permissions import xapi_reads_only_its_own
from learning.xapi import validation as v
from learning.xapi.models import XapiActivity, XapiClient, XapiDocument, XapiStatement, XapiStatementRef

MAX_LIMIT = 500
FILTERS = {"agent", "verb", "activity", "registration", "related_activities", "related_agents", "since", "until",
           "limit", "format", "attachments", "ascending"}
SINGLE = {"statementId", "voidedStatementId", "format", "attachments"}


def _bool(value: str | None, name: str) -> bool:
    if value in (None, "false"):
        return False
    if value == "true":
        return True
    raise v.Invalid(f"{name} must be true or false")


def _moment(value: str, name: str) -> datetime:
    moment = v.timestamp(value, name)
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def scope_filter(client: XapiClient) -> Any:
    """The statements this credential may read: its own only (``statements/read/mine``), else those about people
    of its unit's subtree plus its own (a credential with a unit), else all."""
    if xapi_reads_only_its_own(client):
        return XapiStatement.client_id == client.id
    if client.org_unit_id is None:
        return None
    path = select(OrgUnit.path).where(OrgUnit.id == client.org_unit_id).scalar_subquery()
    in_unit = select(Employee.id).join(OrgUnit, Employee.org_unit_id == OrgUnit.id).where(
        OrgUnit.path.startswith(path))
    return or_(XapiStatement.client_id == client.id, XapiStatement.employee_id.in_(in_unit))


def _ref(kind: str, value: str, direct_only: bool) -> Any:
    conditions = [XapiStatementRef.seq == XapiStatement.seq, XapiStatementRef.kind == kind,
                  XapiStatementRef.value == value]
    if direct_only:
        conditions.append(XapiStatementRef.direct.is_(True))
    return exists().where(and_(*conditions))


def one_statement(params: dict[str, str], client: XapiClient) -> XapiStatement | None:
    """GET with ``statementId`` (not voided) or ``voidedStatementId`` (voided only)."""
    extra = set(params) - SINGLE
    if extra or ("statementId" in params and "voidedStatementId" in params):
        raise v.Invalid("statementId and voidedStatementId go only with format and attachments")
    wanted = params.get("statementId") or params.get("voidedStatementId")
    if not v.is_uuid(wanted):
        raise v.Invalid("the statement id must be a UUID")
    query = select(XapiStatement).where(XapiStatement.id == wanted,
                                        XapiStatement.voided.is_("voidedStatementId" in params))
    scope = scope_filter(client)
    if scope is not None:
        query = query.where(scope)
    return db.session.execute(query).scalar_one_or_none()


def statement_page(params: dict[str, str], client: XapiClient) -> tuple[list[XapiStatement], str | None, str]:
    """One page of the statements matching the filters, and the ``more`` token for the next (or None). A ``more``
    token carries the filters and where the page ended, and the newest statement at the first page, so paging
    neither repeats nor skips statements stored meanwhile."""
    if "more" in params:
        try:
            state = json.loads(base64.urlsafe_b64decode(params["more"].encode()))
            params, after, ceiling = dict(state["p"]), int(state["after"]), int(state["max"])
        except (ValueError, TypeError, KeyError) as error:
            raise v.Invalid("this more link is not one the LRS gave") from error
        if not all(isinstance(x, str) for x in params.values()):
            raise v.Invalid("this more link is not one the LRS gave")
    else:
        after, ceiling = None, db.session.execute(select(func.max(XapiStatement.seq))).scalar() or 0
    unknown = set(params) - FILTERS
    if unknown:
        raise v.Invalid(f"unknown parameters: {', '.join(sorted(unknown))}")
    query = _filtered(params, client).where(XapiStatement.seq <= ceiling)
    ascending = _bool(params.get("ascending"), "ascending")
    if after is not None:
        query = query.where(XapiStatement.seq > after if ascending else XapiStatement.seq < after)
    limit = params.get("limit", "0")
    if not limit.isdigit():
        raise v.Invalid("limit must be a non-negative integer")
    limit_n = min(int(limit) or MAX_LIMIT, MAX_LIMIT)
    order = XapiStatement.seq.asc() if ascending else XapiStatement.seq.desc()
    rows = list(db.session.execute(query.order_by(order).limit(limit_n + 1)).scalars())
    more = None
    if len(rows) > limit_n:
        rows = rows[:limit_n]
        token = json.dumps({"p": params, "after": rows[-1].seq, "max": ceiling})
        more = base64.urlsafe_b64encode(token.encode()).decode()
    return rows, more, params.get("format", "exact")


def _filtered(params: dict[str, str], client: XapiClient) -> Select[tuple[XapiStatement]]:
    query = select(XapiStatement).where(XapiStatement.voided.is_(False))
    scope = scope_filter(client)
    if scope is not None:
        query = query.where(scope)
    if params.get("format", "exact") not in ("exact", "ids", "canonical"):
        raise v.Invalid("format must be exact, ids or canonical")
    _bool(params.get("attachments"), "attachments")
    if "agent" in params:
        try:
            agent = json.loads(params["agent"])
        except ValueError as error:
            raise v.Invalid("agent must be an Agent or Group as JSON") from error
        v.agent(agent, "agent")
        query = query.where(_ref("agent", v.agent_key(agent), not _bool(params.get("related_agents"),
                                                                           "related_agents")))
    if "verb" in params:
        query = query.where(XapiStatement.verb_id == v.iri(params["verb"], "verb"))
    if "activity" in params:
        query = query.where(_ref("activity", v.iri(params["activity"], "activity"),
                                 not _bool(params.get("related_activities"), "related_activities")))
    if "registration" in params:
        if not v.is_uuid(params["registration"]):
            raise v.Invalid("registration must be a UUID")
        query = query.where(XapiStatement.registration == params["registration"])
    if "since" in params:
        query = query.where(XapiStatement.stored > _moment(params["since"], "since"))
    if "until" in params:
        query = query.where(XapiStatement.stored <= _moment(params["until"], "until"))
    return query


def formatted(body: dict[str, Any], fmt: str, languages: list[str]) -> dict[str, Any]:
    """``ids``: agents and activities reduced to their identifiers; ``canonical``: each language map reduced to
    the reader's language (Accept-Language), else its first entry; ``exact``: as stored."""
    if fmt == "exact":
        return body

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, list):
            return [walk(item) for item in value]
        if not isinstance(value, dict):
            return value
        if fmt == "ids" and any(k in value for k in v.IFIS) and value.get("objectType", "Agent") in ("Agent", "Group"):
            return {k: value[k] for k in ("objectType", *v.IFIS) if k in value}
        if fmt == "ids" and value.get("objectType", "Activity") == "Activity" and "id" in value and key in (
                "object", "parent", "grouping", "category", "other"):
            return {"objectType": "Activity", "id": value["id"]}
        if fmt == "canonical" and key in ("display", "name", "description") and all(
                isinstance(x, str) for x in value.values()):
            chosen = next((lang for lang in languages if lang in value), next(iter(value), None))
            return {chosen: value[chosen]} if chosen else {}
        return {k: walk(x, k) for k, x in value.items()}

    return walk(body)


def consistent_through() -> str:
    latest = db.session.execute(select(func.max(XapiStatement.stored))).scalar()
    moment = latest or datetime(1970, 1, 1)
    return moment.replace(tzinfo=UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def document_ids(kind: str, criteria: dict[str, str], since: datetime | None) -> list[str]:
    query = select(XapiDocument.doc_id).filter_by(kind=kind, **criteria)
    if since is not None:
        query = query.where(XapiDocument.updated > since)
    return list(db.session.execute(query.order_by(XapiDocument.doc_id)).scalars())


def activity_definition(activity_id: str) -> dict[str, Any]:
    """The Activities resource: the canonical definition the LRS holds (just the id when it holds none)."""
    activity = db.session.get(XapiActivity, activity_id)
    found = {"objectType": "Activity", "id": activity_id}
    if activity is not None and activity.definition:
        found["definition"] = activity.definition
    return found


def person(agent: dict[str, Any]) -> dict[str, Any]:
    """The Agents resource: a Person object combining what the LRS knows of the agent (its identifiers)."""
    found: dict[str, Any] = {"objectType": "Person"}
    if "name" in agent:
        found["name"] = [agent["name"]]
    for key in v.IFIS:
        if key in agent:
            found[key] = [agent[key]]
    return found


def moment_param(value: str | None, name: str) -> datetime | None:
    return _moment(value, name) if value else None
