"""audit: the people each read showed (subject list and index table), and the reader's roles

Revision ID: reads_0001
Revises: rules_0001
Create Date: 2026-12-04 18:40:00

A read of personal data may show many people (a search, a unit page, a staff export). The entry keeps their
employee ids as a list (``subject_ids``) and the reader's roles with their units at the time
(``reader_roles``); ``audit_subject`` holds one row per (entry, person), indexed by person, so "who looked at
person X" is one indexed query. Reads logged before this revision named at most one person
(``subject_employee_id``): they are copied into the index so the question finds them too. Columns are added,
never rebuilt, so the append-only triggers on ``audit_event`` stay in place; ``audit_subject`` gets its own.
"""

import sqlalchemy as sa
from alembic import op

revision = 'reads_0001'
down_revision = 'rules_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("audit_event", sa.Column("subject_ids", sa.JSON(), nullable=True))
    op.add_column("audit_event", sa.Column("reader_roles", sa.JSON(), nullable=True))
    op.create_table(
        "audit_subject",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["audit_event.id"], name=op.f("fk_audit_subject_event_id_audit_event")),
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"], name=op.f("fk_audit_subject_employee_id_employee")),
        sa.PrimaryKeyConstraint("event_id", "employee_id", name=op.f("pk_audit_subject")),
    )
    op.create_index(op.f("ix_audit_subject_employee_id"), "audit_subject", ["employee_id"], unique=False)
    op.execute("INSERT INTO audit_subject (event_id, employee_id) SELECT id, subject_employee_id FROM audit_event "
               "WHERE kind = 'read' AND subject_employee_id IS NOT NULL")
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER audit_subject_no_{verb.lower()} BEFORE {verb} ON audit_subject
                BEGIN SELECT RAISE(ABORT, 'audit_subject is append-only'); END
            """)
    elif dialect == "postgresql":
        # The function is the audit log's own (revision b1c7e0a2d9f3).
        op.execute("""
            CREATE TRIGGER audit_subject_append_only BEFORE UPDATE OR DELETE ON audit_subject
            FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()
        """)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER audit_subject_no_update")
        op.execute("DROP TRIGGER audit_subject_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER audit_subject_append_only ON audit_subject")
    op.drop_index(op.f("ix_audit_subject_employee_id"), table_name="audit_subject")
    op.drop_table("audit_subject")
    op.drop_column("audit_event", "reader_roles")
    op.drop_column("audit_event", "subject_ids")
