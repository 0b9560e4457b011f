"""xAPI: index on statement references by (kind, value, seq) for the related_agents/related_activities filters

Revision ID: xapi_0002
Revises: cyc_0001
Create Date: 2026-12-06 07:00:00

``ix_xapi_ref_lookup`` (kind, value, direct, seq) serves the plain ``agent``/``activity`` filters, which ask for
direct references only. With ``related_activities=true`` (or ``related_agents``) both direct and related
references count, so that index yields them in two runs and PostgreSQL walked the statements' sequence index
instead, filtering every reference it passed (a course's statements, newest first: 220-1,100 ms at a million
statements). This one yields a value's references in sequence order whatever their ``direct``.
"""

from alembic import op

revision = "xapi_0002"
down_revision = "cyc_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_xapi_ref_related", "xapi_statement_ref", ["kind", "value", "seq"])


def downgrade():
    op.drop_index("ix_xapi_ref_related", table_name="xapi_statement_ref")
