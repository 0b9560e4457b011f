"""hrms: a cycle can be cancelled before release (when, why), and one run beside an overlapping cycle says why

Revision ID: hrlists_0001
Revises: hrcalib_0001
Create Date: 2026-12-05 07:20:00

Three nullable columns on ``hr_cycle``; existing cycles keep their status and get none of them.
"""

import sqlalchemy as sa
from alembic import op

revision = 'hrlists_0001'
down_revision = "hrcalib_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hr_cycle') as batch:
        batch.add_column(sa.Column('cancelled_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('cancel_reason', sa.Text(), nullable=True))
        batch.add_column(sa.Column('overlap_reason', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('hr_cycle') as batch:
        batch.drop_column('overlap_reason')
        batch.drop_column('cancel_reason')
        batch.drop_column('cancelled_at')
