"""learning: SCORM 2004 packages (the standard of a package version, its sequencing definition, and each learner's
sequencing state)

Revision ID: scorm04_0001
Revises: xapi_0001
Create Date: 2026-12-05 11:40:00

Existing versions are SCORM 1.2 ("1.2", no sequencing); one new table.
"""

import sqlalchemy as sa
from alembic import op

revision = "scorm04_0001"
down_revision = "xapi_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("learning_scorm_version") as batch:
        batch.add_column(sa.Column("standard", sa.String(8), nullable=False, server_default="1.2"))
        batch.add_column(sa.Column("sequencing", sa.JSON(), nullable=True))
    op.create_table(
        "learning_scorm_seq_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("enrolment_id", sa.Integer(),
                  sa.ForeignKey("learning_enrolment.id", name="fk_learning_scorm_seq_state_enrolment_id_learning_enrolment",
                                ondelete="CASCADE"), nullable=False),
        sa.Column("version_id", sa.Integer(),
                  sa.ForeignKey("learning_scorm_version.id",
                                name="fk_learning_scorm_seq_state_version_id_learning_scorm_version", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("current", sa.String(255), nullable=False, server_default=""),
        sa.Column("suspended", sa.String(255), nullable=False, server_default=""),
        sa.Column("ended", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("objectives", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("enrolment_id", "version_id",
                            name="uq_learning_scorm_seq_state_enrolment_id_version_id"),
    )
    op.create_index("ix_learning_scorm_seq_state_enrolment_id", "learning_scorm_seq_state", ["enrolment_id"])
    op.create_index("ix_learning_scorm_seq_state_version_id", "learning_scorm_seq_state", ["version_id"])


def downgrade():
    op.drop_table("learning_scorm_seq_state")
    with op.batch_alter_table("learning_scorm_version") as batch:
        batch.drop_column("sequencing")
        batch.drop_column("standard")
