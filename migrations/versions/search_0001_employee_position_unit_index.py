"""directory: index the people in post by position and unit, for the search sorted by position

Revision ID: search_0001
Revises: queue_0001
Create Date: 2026-12-07 02:30:00

The directory search sorted by position read and sorted every match in scope (a national ministry's 1,327 for
"shvili", out of 5,564 people) to show 25. On PostgreSQL it now walks the posts in rank order and reads each one's
people in scope, stopping once the page is full (``common.directory.search``): that needs the people in post of
one position in given units as one index range per unit.
"""

import sqlalchemy as sa
from alembic import op

revision = "search_0001"
down_revision = "queue_0001"
branch_labels = None
depends_on = None

NAME = "ix_employee_active_position_unit"


def upgrade():
    op.create_index(NAME, "employee", ["position_id", "org_unit_id"], postgresql_where=sa.text("deleted_at IS NULL"),
                    sqlite_where=sa.text("deleted_at IS NULL"))


def downgrade():
    op.drop_index(NAME, table_name="employee")
