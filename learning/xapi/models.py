"""Tables of the learning record store.

``XapiStatement.body`` is the statement as the LRS completed it on arrival (id, stored, authority, version added,
nothing else touched) and is never updated afterwards; voiding sets the ``voided`` flag beside it. The indexed
columns beside the JSON are what the GET filters read, so a filter never scans JSON. ``XapiStatementRef`` holds one
row per agent and activity a statement mentions (as actor/object, or anywhere for ``related_*``), which is what
``agent``/``activity``/``related_agents``/``related_activities`` query.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from common.extensions import db
from common.models.base import utcnow

JSON_DOC = JSON().with_variant(JSONB(), "postgresql")  # JSONB on PostgreSQL, JSON text on SQLite

# The scopes a credential may carry (xAPI 1.0.3, Communication §4.2 "OAuth Authorization Scope").
SCOPES = ("statements/write", "statements/read/mine", "statements/read", "state", "define", "profile",
          "all/read", "all")


class XapiClient(db.Model):
    """A credential issued to one client (an authoring tool's player, an analytics tool, the suite itself).
    ``secret_hash`` is a werkzeug password hash: the secret is shown once, at creation, and never stored."""

    __tablename__ = "xapi_client"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(255))
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Reads about people are limited to this unit and its subtree (None: every person).
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A credential limited to one actor, registration and activity (a cmi5 AU's session: {"agent", "registration",
    # "activity"}); None for a client's credential. Enforced in ``common.permissions.xapi``.
    limits: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<XapiClient {self.id} {self.key} {self.scopes}>"


class XapiStatement(db.Model):
    """One statement. ``seq`` orders statements by arrival (``stored``) and makes ``more`` links stable."""

    __tablename__ = "xapi_statement"
    __table_args__ = (Index("ix_xapi_statement_verb_seq", "verb_id", "seq"),
                      Index("ix_xapi_statement_voided_seq", "voided", "seq"))

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                     autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON_DOC)
    stored: Mapped[datetime] = mapped_column(DateTime, index=True)
    verb_id: Mapped[str] = mapped_column(String(512))
    registration: Mapped[str | None] = mapped_column(String(36), index=True)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    voiding_target: Mapped[str | None] = mapped_column(String(36), index=True)  # what a voiding statement voids
    client_id: Mapped[int | None] = mapped_column(ForeignKey("xapi_client.id"), index=True)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), index=True)  # the actor, if known
    has_attachments: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<XapiStatement {self.id} {self.verb_id}>"


class XapiStatementRef(db.Model):
    """An agent (its identifier, ``mbox:…``/``account:…``…) or activity id a statement mentions. ``direct`` is true
    for the actor (or the agent object) and the activity object: the plain ``agent``/``activity`` filters."""

    __tablename__ = "xapi_statement_ref"
    # The plain filters (direct references only), then the related_* ones (any reference): xapi_0002 says why.
    __table_args__ = (Index("ix_xapi_ref_lookup", "kind", "value", "direct", "seq"),
                      Index("ix_xapi_ref_related", "kind", "value", "seq"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                     ForeignKey("xapi_statement.seq", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # "agent" or "activity"
    value: Mapped[str] = mapped_column(String(512))
    direct: Mapped[bool] = mapped_column(Boolean, default=False)


class XapiAttachment(db.Model):
    """An attachment's raw content, by its SHA-2 (one copy however many statements cite it)."""

    __tablename__ = "xapi_attachment"

    sha2: Mapped[str] = mapped_column(String(128), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class XapiDocument(db.Model):
    """A State, Activity Profile or Agent Profile document, kept as bytes with its content type and ETag."""

    __tablename__ = "xapi_document"
    __table_args__ = (Index("ix_xapi_document_key", "kind", "activity_id", "agent", "registration", "doc_id",
                            unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # state, activity_profile, agent_profile
    activity_id: Mapped[str] = mapped_column(String(512), default="")
    agent: Mapped[str] = mapped_column(String(512), default="")
    registration: Mapped[str] = mapped_column(String(36), default="")
    doc_id: Mapped[str] = mapped_column(String(512))
    content_type: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    etag: Mapped[str] = mapped_column(String(64))
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class XapiActivity(db.Model):
    """The canonical definition of an activity, as the last statement from a ``define``-scoped client gave it."""

    __tablename__ = "xapi_activity"

    id: Mapped[str] = mapped_column(String(512), primary_key=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON_DOC, default=dict)


__all__ = ["SCOPES", "XapiActivity", "XapiAttachment", "XapiClient", "XapiDocument", "XapiStatement",
           "XapiStatementRef"]
