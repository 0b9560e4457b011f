"""audit: a read entry is one statement on PostgreSQL (``audit_append_read``), its own transaction when the request wrote nothing

Revision ID: reads_0003
Revises: reads_0002
Create Date: 2026-12-07 16:40:00

A page that shows people wrote its read entry in four round trips: BEGIN, the chain's lock and head, the entry with
its people, COMMIT. ``audit_append_read`` does it all in one call: it takes the chain's advisory lock, reads the head
(a VOLATILE function's query sees what the previous holder committed while this one waited), numbers the entry,
hashes it and writes it, its people and, every N entries, an anchor.

The hash is the one ``common.models.audit.entry_digest`` makes: the application sends the entry's canonical JSON cut
where the previous hash and the entry's number go (``text_before``, ``text_between``, ``text_after``); the function puts
them in and takes the SHA-256 of the whole (ASCII, so the bytes are the same). A request that wrote nothing runs the
call on its own, in autocommit: the statement is its transaction, and the lock is held until it commits.
"""

from alembic import op

revision = "reads_0003"
down_revision = "reads_0002"
branch_labels = None
depends_on = None

COLUMNS = ("created_at, kind, actor_id, actor_email, ip, module, action, object_type, object_id, subject_employee_id, "
           "summary, changes, subject_ids, subject_count, reader_roles")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    values = ", ".join(f"entry_row.{name.strip()}" for name in COLUMNS.split(","))
    op.execute(f"""
        CREATE FUNCTION audit_append_read(lock_key bigint, entry json, subjects integer[], text_before text,
                                          text_between text, text_after text, anchor_every integer)
        RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            head_seq integer;
            head_hash varchar;
            new_hash varchar;
            new_id integer;
            entry_row audit_event;
        BEGIN
            PERFORM pg_advisory_xact_lock(lock_key);
            SELECT e.seq, e.entry_hash INTO head_seq, head_hash FROM audit_event e ORDER BY e.seq DESC LIMIT 1;
            head_seq := coalesce(head_seq, 0) + 1;
            head_hash := coalesce(head_hash, repeat('0', 64));
            new_hash := encode(sha256(convert_to(text_before || head_hash || text_between || head_seq::text || text_after,
                                                 'UTF8')), 'hex');
            entry_row := json_populate_record(NULL::audit_event, entry);
            INSERT INTO audit_event ({COLUMNS}, seq, prev_hash, entry_hash)
            VALUES ({values}, head_seq, head_hash, new_hash)
            RETURNING id INTO new_id;
            INSERT INTO audit_subject (event_id, employee_id) SELECT new_id, unnest(subjects);
            IF anchor_every > 0 AND head_seq % anchor_every = 0 THEN
                INSERT INTO audit_anchor (created_at, entry_count, head_hash, head_at, source)
                VALUES (now() AT TIME ZONE 'UTC', head_seq, new_hash, entry_row.created_at, 'auto');
            END IF;
            RETURN new_id;
        END $$
    """)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_append_read(bigint, json, integer[], text, text, text, integer)")
