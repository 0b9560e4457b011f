"""monitoring: covering and partial indexes on me_value behind the overview, queue and pending count

Revision ID: monitoring_0002
Revises: hrms_0003
Create Date: 2026-11-27 00:55:00

Progress sums the approved values of a document's indicators grouped by period, unit, cell depth and
component: with those columns (and the value) in one index starting with (indicator_id, status),
PostgreSQL answers from the index alone instead of visiting ~250,000 table rows of a national strategy.
The approval queue and the "awaiting approval" count only ever read submitted values, a few per cent of
the table: a partial index holds just those, already grouped by indicator × period × unit.
"""

import sqlalchemy as sa
from alembic import op

revision = 'monitoring_0002'
down_revision = 'hrms_0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_me_value_cells", "me_value",
                    ["indicator_id", "status", "period", "org_unit_id", "cell_depth", "component"],
                    postgresql_include=["value"])
    op.create_index("ix_me_value_submitted", "me_value", ["indicator_id", "period", "org_unit_id"],
                    postgresql_include=["updated_at"], postgresql_where=sa.text("status = 'submitted'"),
                    sqlite_where=sa.text("status = 'submitted'"))


def downgrade():
    op.drop_index("ix_me_value_submitted", table_name="me_value")
    op.drop_index("ix_me_value_cells", table_name="me_value")
