"""hrms: index on (cycle, state) behind the cycle overview's overdue list

Revision ID: hrms_0003
Revises: directory_0001
Create Date: 2026-11-27 00:30:00

A phase deadline depends only on the cycle and the state, so the overdue appraisals of a cycle
are those in a few states: with an index on (cycle_id, state) PostgreSQL reads just them instead
of every appraisal of the cycle. It replaces the index on cycle_id alone, which it starts with
(the unique constraint on (cycle_id, employee_id) serves lookups by cycle as well).
"""

from alembic import op

revision = 'hrms_0003'
down_revision = 'directory_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_hr_appraisal_cycle_state", "hr_appraisal", ["cycle_id", "state"])
    op.drop_index("ix_hr_appraisal_cycle_id", table_name="hr_appraisal")


def downgrade():
    op.create_index("ix_hr_appraisal_cycle_id", "hr_appraisal", ["cycle_id"])
    op.drop_index("ix_hr_appraisal_cycle_state", table_name="hr_appraisal")
