"""common: shared versions of the cache's namespaces and keys (cache_version), for processes without Redis

Revision ID: cachev_0001
Revises: summ_0001
Create Date: 2026-12-06 02:40:00

A new, empty table: a name without a row is at version 0, and every process forgets its cached entries when it
restarts for the upgrade, so nothing needs filling in.
"""

import sqlalchemy as sa
from alembic import op

revision = "cachev_0001"
down_revision = "summ_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cache_version",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("name", name="pk_cache_version"),
    )


def downgrade():
    op.drop_table("cache_version")
