"""hrms: appraisals per cycle, unit and state (hr_appraisal_count), filled from the existing appraisals

Revision ID: hrcycle_0001
Revises: xapi_0002
Create Date: 2026-12-06 20:40:00

A new summary table for the cycle overview (kept by ``hrms.counts``); the backfill is the same grouped
count as ``flask hr rebuild-counts``, so an upgraded database shows the same figures as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "hrcycle_0001"
down_revision = "xapi_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "hr_appraisal_count",
        sa.Column("cycle_id", sa.Integer(), sa.ForeignKey(
            "hr_cycle.id", ondelete="CASCADE", name="fk_hr_appraisal_count_cycle_id_hr_cycle"), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), sa.ForeignKey(
            "org_unit.id", ondelete="CASCADE", name="fk_hr_appraisal_count_org_unit_id_org_unit"), nullable=False),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("without_evaluator", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("cycle_id", "org_unit_id", "state", name="pk_hr_appraisal_count"),
    )
    op.execute(
        "INSERT INTO hr_appraisal_count (cycle_id, org_unit_id, state, total, without_evaluator) "
        "SELECT cycle_id, org_unit_id, state, count(*), count(*) - count(evaluator_id) FROM hr_appraisal "
        "GROUP BY cycle_id, org_unit_id, state")


def downgrade():
    op.drop_table("hr_appraisal_count")
