"""learning: the xAPI 1.0.3 learning record store (credentials, statements and their index rows, attachments,
documents, activity definitions)

Revision ID: xapi_0001
Revises: hrlists_0001
Create Date: 2026-12-05 08:30:00

New tables only; no existing row is touched. The statement JSON is JSONB on PostgreSQL.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "xapi_0001"
down_revision = "hrlists_0001"
branch_labels = None
depends_on = None

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    op.create_table(
        "xapi_client",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("secret_hash", sa.String(255), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), sa.ForeignKey("org_unit.id", name="fk_xapi_client_org_unit_id_org_unit"),
                  nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("key", name="uq_xapi_client_key"),
    )
    op.create_table(
        "xapi_statement",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("body", JSON_DOC, nullable=False),
        sa.Column("stored", sa.DateTime(), nullable=False),
        sa.Column("verb_id", sa.String(512), nullable=False),
        sa.Column("registration", sa.String(36), nullable=True),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("voiding_target", sa.String(36), nullable=True),
        sa.Column("client_id", sa.Integer(), sa.ForeignKey("xapi_client.id",
                                                           name="fk_xapi_statement_client_id_xapi_client"),
                  nullable=True),
        sa.Column("employee_id", sa.Integer(), sa.ForeignKey("employee.id",
                                                             name="fk_xapi_statement_employee_id_employee"),
                  nullable=True),
        sa.Column("has_attachments", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("id", name="uq_xapi_statement_id"),
    )
    for column in ("stored", "registration", "voiding_target", "client_id", "employee_id"):
        op.create_index(f"ix_xapi_statement_{column}", "xapi_statement", [column])
    op.create_index("ix_xapi_statement_verb_seq", "xapi_statement", ["verb_id", "seq"])
    op.create_index("ix_xapi_statement_voided_seq", "xapi_statement", ["voided", "seq"])
    op.create_table(
        "xapi_statement_ref",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  sa.ForeignKey("xapi_statement.seq", name="fk_xapi_statement_ref_seq_xapi_statement",
                                ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("value", sa.String(512), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_xapi_statement_ref_seq", "xapi_statement_ref", ["seq"])
    op.create_index("ix_xapi_ref_lookup", "xapi_statement_ref", ["kind", "value", "direct", "seq"])
    op.create_table(
        "xapi_attachment",
        sa.Column("sha2", sa.String(128), primary_key=True),
        sa.Column("content_type", sa.String(255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "xapi_document",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("activity_id", sa.String(512), nullable=False),
        sa.Column("agent", sa.String(512), nullable=False),
        sa.Column("registration", sa.String(36), nullable=False),
        sa.Column("doc_id", sa.String(512), nullable=False),
        sa.Column("content_type", sa.String(255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("etag", sa.String(64), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_xapi_document_key", "xapi_document",
                    ["kind", "activity_id", "agent", "registration", "doc_id"], unique=True)
    op.create_index("ix_xapi_document_updated", "xapi_document", ["updated"])
    op.create_table(
        "xapi_activity",
        sa.Column("id", sa.String(512), primary_key=True),
        sa.Column("definition", JSON_DOC, nullable=False),
    )


def downgrade():
    op.drop_table("xapi_activity")
    op.drop_table("xapi_document")
    op.drop_table("xapi_attachment")
    op.drop_table("xapi_statement_ref")
    op.drop_table("xapi_statement")
    op.drop_table("xapi_client")
