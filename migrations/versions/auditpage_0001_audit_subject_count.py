"""audit log: each entry's number of people named (``subject_count``), for the auditor's page

Revision ID: auditpage_0001
Revises: directory_0002
Create Date: 2026-12-06 20:45:00

The auditor's page says "and N more" after the first five people an entry names; a staff export names thousands,
and counting them meant reading the whole list of every entry on the page. The count is stored beside the list,
filled here for the entries already written (the length of ``subject_ids``) and by ``common.audit`` for new ones.
It is not part of the hash chain (these entries were hashed without it); ``flask audit verify`` checks it against
the hashed list. Filling it is the one update the log ever receives: the append-only triggers are lifted for
that statement only, inside this migration's transaction, and put back as they were.
"""

import sqlalchemy as sa
from alembic import op

revision = 'auditpage_0001'
down_revision = 'directory_0002'
branch_labels = None
depends_on = None

SQLITE_NO_UPDATE = """
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
    BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END
"""


def upgrade():
    op.add_column("audit_event", sa.Column("subject_count", sa.Integer(), nullable=True))
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
        op.execute("UPDATE audit_event SET subject_count = json_array_length(subject_ids) "
                   "WHERE json_typeof(subject_ids) = 'array'")
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
    elif dialect == "sqlite":
        op.execute("DROP TRIGGER audit_event_no_update")
        op.execute("UPDATE audit_event SET subject_count = json_array_length(subject_ids) "
                   "WHERE json_type(subject_ids) = 'array'")
        op.execute(SQLITE_NO_UPDATE)


def downgrade():
    # Dropping a column rewrites no row's values, and the triggers (row-level UPDATE/DELETE) do not see it.
    op.drop_column("audit_event", "subject_count")
