"""directory: subtree headcounts per org unit (org_unit_headcount), filled from the existing employees

Revision ID: summ_0001
Revises: ident_0001
Create Date: 2026-12-05 18:10:00

A new table; the backfill counts the active employees of every unit and rolls the counts up along the
org units' materialised paths (the same computation as ``flask staff rebuild-headcounts``), so an upgraded
database shows the same headcounts as before.
"""

from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "summ_0001"
down_revision = "ident_0001"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "org_unit_headcount",
        sa.Column("org_unit_id", sa.Integer(), sa.ForeignKey(
            "org_unit.id", ondelete="CASCADE", name="fk_org_unit_headcount_org_unit_id_org_unit"), nullable=False),
        sa.Column("subtree", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("org_unit_id", name="pk_org_unit_headcount"),
    )
    bind = op.get_bind()
    direct = dict(bind.execute(sa.text(
        "SELECT org_unit_id, count(*) FROM employee WHERE deleted_at IS NULL GROUP BY org_unit_id")).all())
    totals = Counter()
    for unit_id, path in bind.execute(sa.text("SELECT id, path FROM org_unit")).all():
        if direct.get(unit_id):
            for part in (path or "").strip("/").split("/"):
                if part:
                    totals[int(part)] += direct[unit_id]
    if totals:
        op.bulk_insert(table, [{"org_unit_id": k, "subtree": v} for k, v in totals.items()])


def downgrade():
    op.drop_table("org_unit_headcount")
