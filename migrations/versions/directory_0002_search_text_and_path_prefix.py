"""directory: one searchable text per employee (employee.search_text), org unit paths indexed for prefixes

Revision ID: directory_0002
Revises: hrcycle_0001
Create Date: 2026-12-06 20:40:00

The staff search tested five fields per employee (two English names lower-cased, two Georgian names,
the e-mail lower-cased), each ``LIKE '%term%'``: five expressions and three ``lower()`` calls per row
in scope, or five trigram indexes combined. ``search_text`` is those fields lower-cased and joined,
computed by the database itself (a generated column: stored on PostgreSQL, virtual on SQLite), so
every write, bulk statements and imports included, keeps it right and existing rows are filled by the
``ALTER TABLE`` itself. On PostgreSQL it gets one trigram index (``pg_trgm``, when it can be created;
the search still works by scanning without it). The five per-field trigram indexes stay: other
modules' people pickers search the fields one by one.

``org_unit.path`` had a plain b-tree index, which PostgreSQL cannot use for ``LIKE 'prefix%'`` unless
the database's collation is ``C`` (ours is ``C.UTF-8``): every scope and subtree condition read the
whole ``org_unit`` table. ``varchar_pattern_ops`` makes the prefix an index range.
"""

import sqlalchemy as sa
from alembic import op

revision = "directory_0002"
down_revision = "hrcycle_0001"
branch_labels = None
depends_on = None

# Kept equal to ``common.models.directory.SEARCH_TEXT``; the separator cannot occur in a search term (terms
# are split on whitespace, and their wildcards are escaped), so no term matches across two fields.
SEARCH_TEXT = ("lower(first_name_en || ' ' || last_name_en || ' ' || first_name_ka || ' ' || last_name_ka"
               " || ' ' || coalesce(email, ''))")
TRIGRAM = "ix_employee_search_text_trgm"
PATH_PREFIX = "ix_org_unit_path_prefix"


def _has_trigrams() -> bool:
    bind = op.get_bind()
    savepoint = bind.begin_nested()  # a refused CREATE EXTENSION must not abort the upgrade's transaction
    try:
        bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


def upgrade():
    # persisted=None: STORED on PostgreSQL (its only kind), VIRTUAL on SQLite (the only kind ADD COLUMN may add).
    op.add_column("employee", sa.Column("search_text", sa.Text(), sa.Computed(SEARCH_TEXT)))
    if op.get_bind().dialect.name != "postgresql":
        return
    if _has_trigrams():
        op.execute(f"CREATE INDEX {TRIGRAM} ON employee USING gin (search_text gin_trgm_ops)")
    op.execute(f"CREATE INDEX {PATH_PREFIX} ON org_unit (path varchar_pattern_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {PATH_PREFIX}")
        op.execute(f"DROP INDEX IF EXISTS {TRIGRAM}")
    op.drop_column("employee", "search_text")
