"""common: versions that retire cached signed-in identities (a per-account counter and one global epoch row)

Revision ID: ident_0001
Revises: cmi5_0001
Create Date: 2026-12-05 18:05:00

Existing accounts get version 0; the epoch row is created at 0. No other row is touched.
"""

import sqlalchemy as sa
from alembic import op

revision = "ident_0001"
down_revision = "cmi5_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("auth_version", sa.Integer(), nullable=False, server_default="0"))
    epoch = op.create_table(
        "identity_epoch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="0"),
    )
    op.bulk_insert(epoch, [{"id": 1, "version": 0}])


def downgrade():
    op.drop_table("identity_epoch")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("auth_version")
