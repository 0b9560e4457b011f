"""audit: a read entry costs PostgreSQL two statements and no row locks (lock and head in one call, no FKs on subjects)

Revision ID: reads_0002
Revises: search_0002
Create Date: 2026-12-07 16:00:00

Every page that shows people writes a read entry: it held the chain's advisory lock (one statement), read the
chain's head (a second) and inserted the entry with its people (a third). ``audit_chain_head(key)`` takes the lock
and returns the head in one call. It is a VOLATILE PL/pgSQL function, so its query takes a fresh snapshot after
the lock is granted and sees the entry the previous holder committed while this one waited; one plain
``SELECT`` could not do that, its snapshot being taken before the lock.

``audit_subject`` is the index behind "who looked at person X"; the authoritative list is ``audit_event.subject_ids``,
which the hash chain covers. Its two foreign keys checked every row a page wrote (25 people: 50 look-ups, each
locking the referenced row ``FOR KEY SHARE``, which writes to the employee's row). The rows come from the entry
written in the same statement and from the people the page shows; employees are never deleted (``deleted_at``),
and both tables refuse UPDATE and DELETE. SQLite never enforced them (no ``PRAGMA foreign_keys``): its table stays
as it was rather than being rebuilt without its append-only triggers.
"""

from alembic import op

revision = "reads_0002"
down_revision = "search_0002"
branch_labels = None
depends_on = None

FOREIGN_KEYS = {
    "fk_audit_subject_event_id_audit_event": ("event_id", "audit_event"),
    "fk_audit_subject_employee_id_employee": ("employee_id", "employee"),
}


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE FUNCTION audit_chain_head(lock_key bigint, OUT seq integer, OUT entry_hash varchar)
        LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(lock_key);
            SELECT e.seq, e.entry_hash INTO seq, entry_hash FROM audit_event e ORDER BY e.seq DESC LIMIT 1;
        END $$
    """)
    for name in FOREIGN_KEYS:
        op.drop_constraint(name, "audit_subject", type_="foreignkey")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (column, table) in FOREIGN_KEYS.items():
        op.create_foreign_key(name, "audit_subject", table, [column], ["id"])
    op.execute("DROP FUNCTION audit_chain_head(bigint)")
