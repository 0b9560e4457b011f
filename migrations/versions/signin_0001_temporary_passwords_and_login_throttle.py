"""sign-in: temporary passwords must be changed; failed attempts throttled per address and account

Revision ID: signin_0001
Revises: monitoring_0002
Create Date: 2026-12-04 18:45:00

``user_account.must_change_password`` is set when an administrator chooses someone's password; existing
accounts keep working (false). ``login_throttle`` counts failed attempts per (address, account) and per
account, keyed by a hash, so a stranger's wrong passwords slow down only the stranger.
"""

import sqlalchemy as sa
from alembic import op

revision = 'signin_0001'
down_revision = 'monitoring_0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "login_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_throttle")),
        sa.UniqueConstraint("key", name=op.f("uq_login_throttle_key")),
    )
    op.create_index(op.f("ix_login_throttle_last_failed_at"), "login_throttle", ["last_failed_at"])


def downgrade():
    op.drop_index(op.f("ix_login_throttle_last_failed_at"), table_name="login_throttle")
    op.drop_table("login_throttle")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("must_change_password")
