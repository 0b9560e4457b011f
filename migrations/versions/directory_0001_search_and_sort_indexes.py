"""directory: indexes behind the staff search and the sorted staff lists

Revision ID: directory_0001
Revises: c0ffee000001
Create Date: 2026-11-27 00:15:00

A page of the directory shows 25 people in name (or hire-date) order out of a ministry of
thousands. Without an index on the whole sort key, PostgreSQL reads and sorts every employee in
scope for each page; with one it walks the index and stops after 25 matches, whatever the size
of the civil service. The composite indexes replace the single-column surname ones they start with.

On PostgreSQL the name and e-mail search (``LIKE '%term%'``) gets trigram (``pg_trgm``) GIN indexes,
so that a search over the whole civil service reads the matching rows only. ``pg_trgm`` is a trusted
extension (PostgreSQL 13+): the owner of the database may create it without being a superuser. Where
it cannot be created the search still works, by scanning, so the upgrade goes on without them.
"""

import sqlalchemy as sa
from alembic import op

revision = 'directory_0001'
down_revision = 'c0ffee000001'
branch_labels = None
depends_on = None

SORT_INDEXES = {
    "ix_employee_name_en_order": ["last_name_en", "first_name_en", "id"],
    "ix_employee_name_ka_order": ["last_name_ka", "first_name_ka", "id"],
    "ix_employee_hire_date_order": ["hire_date", "id"],
}
# Headcounts count the people in post per unit: an index of exactly those lets PostgreSQL count without
# reading the table (an index-only scan).
ACTIVE_BY_UNIT = "ix_employee_active_org_unit_id"
REPLACED = {"ix_employee_last_name_en": ["last_name_en"], "ix_employee_last_name_ka": ["last_name_ka"]}
TRIGRAM_INDEXES = {
    "ix_employee_first_name_en_trgm": "lower(first_name_en)",
    "ix_employee_last_name_en_trgm": "lower(last_name_en)",
    "ix_employee_first_name_ka_trgm": "first_name_ka",
    "ix_employee_last_name_ka_trgm": "last_name_ka",
    "ix_employee_email_trgm": "lower(email)",
}


def _create_trigram_indexes() -> None:
    bind = op.get_bind()
    # A savepoint, so that a refused CREATE EXTENSION does not abort the whole upgrade's transaction.
    savepoint = bind.begin_nested()
    try:
        bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        savepoint.rollback()
        return
    savepoint.commit()
    for name, expression in TRIGRAM_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON employee USING gin (({expression}) gin_trgm_ops)")


def upgrade():
    for name, columns in SORT_INDEXES.items():
        op.create_index(name, "employee", columns)
    op.create_index(ACTIVE_BY_UNIT, "employee", ["org_unit_id"], postgresql_where=sa.text("deleted_at IS NULL"),
                    sqlite_where=sa.text("deleted_at IS NULL"))
    for name in REPLACED:
        op.drop_index(name, table_name="employee")
    if op.get_bind().dialect.name == "postgresql":
        _create_trigram_indexes()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name in TRIGRAM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    for name, columns in REPLACED.items():
        op.create_index(name, "employee", columns)
    op.drop_index(ACTIVE_BY_UNIT, table_name="employee")
    for name in SORT_INDEXES:
        op.drop_index(name, table_name="employee")
