"""audit log: hash chain (seq, prev_hash, entry_hash), anchors, TRUNCATE refused

Revision ID: audit_0001
Revises: reads_0001
Create Date: 2026-12-04 18:40:00

Each audit entry gets its place in a chain and a sha256 over its fields and the previous entry's
hash (``common.models.audit.entry_digest``); existing entries are chained here, oldest first, and
an anchor records the head. ``audit_anchor`` is append-only like the log. On PostgreSQL a
statement trigger also refuses ``TRUNCATE`` of either table: the row triggers never see it. The
grants that keep the runtime role from disabling these triggers are ``flask db-roles`` (README).
"""
import sqlalchemy as sa
from alembic import op

from common.models.audit import GENESIS_HASH, HASHED_FIELDS, entry_digest

revision = 'audit_0001'
down_revision = 'reads_0001'
branch_labels = None
depends_on = None

CHUNK = 1000

_event = sa.table(
    "audit_event", sa.column("id", sa.Integer), sa.column("created_at", sa.DateTime), sa.column("kind", sa.String),
    sa.column("actor_id", sa.Integer), sa.column("actor_email", sa.String), sa.column("ip", sa.String),
    sa.column("module", sa.String), sa.column("action", sa.String), sa.column("object_type", sa.String),
    sa.column("object_id", sa.String), sa.column("subject_employee_id", sa.Integer), sa.column("summary", sa.Text),
    sa.column("changes", sa.JSON), sa.column("seq", sa.Integer), sa.column("prev_hash", sa.String),
    sa.column("entry_hash", sa.String), sa.column("subject_ids", sa.JSON), sa.column("reader_roles", sa.JSON),
)
_anchor = sa.table("audit_anchor", sa.column("created_at", sa.DateTime), sa.column("entry_count", sa.Integer),
                   sa.column("head_hash", sa.String), sa.column("head_at", sa.DateTime),
                   sa.column("source", sa.String))


def _chain_existing_rows(bind) -> None:
    """Chain the entries already written, in the order they were written (by id)."""
    from datetime import UTC, datetime

    seq, head, head_at, last_id = 0, GENESIS_HASH, None, 0
    columns = [getattr(_event.c, name) for name in HASHED_FIELDS if name != "seq"]
    while True:
        rows = bind.execute(sa.select(_event.c.id, *columns).where(_event.c.id > last_id)
                            .order_by(_event.c.id).limit(CHUNK)).mappings().all()
        if not rows:
            break
        updates = []
        for row in rows:
            seq += 1
            values = dict(row) | {"seq": seq}
            digest = entry_digest(values, head)
            updates.append({"row_id": row["id"], "seq": seq, "prev_hash": head, "entry_hash": digest})
            head, head_at, last_id = digest, row["created_at"], row["id"]
        bind.execute(_event.update().where(_event.c.id == sa.bindparam("row_id"))
                     .values(seq=sa.bindparam("seq"), prev_hash=sa.bindparam("prev_hash"),
                             entry_hash=sa.bindparam("entry_hash")), updates)
    if seq:
        bind.execute(_anchor.insert().values(created_at=datetime.now(UTC).replace(tzinfo=None), entry_count=seq,
                                             head_hash=head, head_at=head_at, source="migration"))


def upgrade():
    bind = op.get_bind()
    dialect = bind.dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER audit_event_no_update")
        op.execute("DROP TRIGGER audit_event_no_delete")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")

    op.add_column("audit_event", sa.Column("seq", sa.Integer(), nullable=True))
    op.add_column("audit_event", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_event", sa.Column("entry_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_anchor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("head_at", sa.DateTime(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_anchor")),
    )
    _chain_existing_rows(bind)
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("entry_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_audit_event_seq"), ["seq"])

    if dialect == "sqlite":
        for table in ("audit_event", "audit_anchor"):
            for verb in ("UPDATE", "DELETE"):
                op.execute(f"""
                    CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
                    BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END
                """)
        return
    if dialect != "postgresql":
        return
    op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
    op.execute("""
        CREATE FUNCTION audit_refuse_rewrite() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END;
        $$ LANGUAGE plpgsql
    """)
    op.execute("""
        CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_rewrite()
    """)
    op.execute("""
        CREATE TRIGGER audit_anchor_append_only BEFORE UPDATE OR DELETE ON audit_anchor
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_rewrite()
    """)
    op.execute("""
        CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_rewrite()
    """)
    op.execute("""
        CREATE TRIGGER audit_subject_no_truncate BEFORE TRUNCATE ON audit_subject
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_rewrite()
    """)


def downgrade():
    bind = op.get_bind()
    dialect = bind.dialect.name
    if dialect == "sqlite":
        for table in ("audit_event", "audit_anchor"):
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER {table}_no_{verb}")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER audit_subject_no_truncate ON audit_subject")
        op.execute("DROP TRIGGER audit_anchor_no_truncate ON audit_anchor")
        op.execute("DROP TRIGGER audit_anchor_append_only ON audit_anchor")
        op.execute("DROP TRIGGER audit_event_no_truncate ON audit_event")
        op.execute("DROP FUNCTION audit_refuse_rewrite()")
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_event_seq"), type_="unique")
        batch_op.drop_column("entry_hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
    op.drop_table("audit_anchor")
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event
                BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END
            """)
    elif dialect == "postgresql":
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
