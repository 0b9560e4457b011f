"""learning: each SCORM journal entry says which values of its session it carried

Revision ID: origin_0001
Revises: audit_0002
Create Date: 2026-12-04 18:40:00

The player keeps every commit in an outbox until the server acknowledges it and may deliver one twice (a beacon
as the tab closes, the outbox again at the next launch). The page load, the range of the session's values an
entry carried and whether values before it were missing let the server store each value once, end a session
once, and record a session with missing values as incomplete. Existing entries keep their data; they have no
range (NULL) and are not gaps.
"""

import sqlalchemy as sa
from alembic import op

revision = 'origin_0001'
down_revision = 'audit_0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("learning_scorm_commit") as batch:
        batch.add_column(sa.Column("page", sa.String(length=32), nullable=False, server_default=""))
        batch.add_column(sa.Column("start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("stop", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("gap", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_learning_scorm_commit_attempt_page", "learning_scorm_commit", ["attempt_id", "page"])


def downgrade():
    op.drop_index("ix_learning_scorm_commit_attempt_page", table_name="learning_scorm_commit")
    with op.batch_alter_table("learning_scorm_commit") as batch:
        batch.drop_column("gap")
        batch.drop_column("stop")
        batch.drop_column("start")
        batch.drop_column("page")
