"""monitoring: groups awaiting approval (me_submitted_group), filled from the submitted values

Revision ID: queue_0001
Revises: auditpage_0001
Create Date: 2026-12-06 23:30:00

A summary table for the approval queue (kept by ``monitoring.submitted``); the backfill is the same grouped
count as ``flask monitoring rebuild-queue``, so an upgraded database shows the same queue as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "queue_0001"
down_revision = "auditpage_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "me_submitted_group",
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("value_count", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("indicator_id", "period", "org_unit_id", name="pk_me_submitted_group"),
    )
    op.create_index("ix_me_submitted_group_order", "me_submitted_group",
                    ["submitted_at", "indicator_id", "period", "org_unit_id"])
    op.execute(
        "INSERT INTO me_submitted_group (indicator_id, period, org_unit_id, value_count, submitted_at) "
        "SELECT indicator_id, period, org_unit_id, count(*), max(updated_at) FROM me_value "
        "WHERE status = 'submitted' GROUP BY indicator_id, period, org_unit_id")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE me_submitted_group")  # the queue's first pages are planned on its real size


def downgrade():
    op.drop_table("me_submitted_group")
