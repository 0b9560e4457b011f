"""audit log is append-only in the database too (triggers)

Revision ID: b1c7e0a2d9f3
Revises: 4ede42cad1c6
Create Date: 2026-11-26 21:30:00

The ORM already refuses to change audit entries; this trigger makes the database refuse an
UPDATE or DELETE from any client, so not even a mistaken script can rewrite the log.
"""
from alembic import op

revision = 'b1c7e0a2d9f3'
down_revision = '4ede42cad1c6'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event
                BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END
            """)
        return
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'audit_event is append-only';
        END;
        $$ LANGUAGE plpgsql
    """)
    op.execute("""
        CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()
    """)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_event_no_update")
        op.execute("DROP TRIGGER audit_event_no_delete")
        return
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER audit_event_append_only ON audit_event")
    op.execute("DROP FUNCTION audit_event_refuse_change()")
