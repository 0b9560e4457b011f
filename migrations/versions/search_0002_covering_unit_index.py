"""directory: the people-in-post-by-unit index carries what the search tests of each person (PostgreSQL)

Revision ID: search_0002
Revises: search_0001
Create Date: 2026-12-07 13:00:00

The directory search counts its matches up to a cap ("more than 1,000"). Over a national ministry (5,564 people)
the count reads about 4,300 people, unit by unit, to find 1,001 matches, and fetched each one's row from the
table to test its name (``search_text``) and post. With both in the index the count is read off the index alone
(an index-only scan, once the table is vacuumed): about a fifth less PostgreSQL time per search at national scale.
SQLite has no ``INCLUDE``: its index stays as it was.
"""

from alembic import op

revision = "search_0002"
down_revision = "search_0001"
branch_labels = None
depends_on = None

NAME = "ix_employee_active_org_unit_id"


def _replace(include: str) -> None:
    op.execute(f"DROP INDEX {NAME}")
    op.execute(f"CREATE INDEX {NAME} ON employee (org_unit_id){include} WHERE deleted_at IS NULL")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        _replace(" INCLUDE (search_text, position_id)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        _replace("")
