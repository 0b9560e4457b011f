"""learning: cmi5 lessons (course structure versions, AUs, registrations, AU results, launch sessions) and the
limits of an xAPI credential (a cmi5 session's)

Revision ID: cmi5_0001
Revises: scorm04_0001
Create Date: 2026-12-05 11:40:00

New tables and one nullable column; no existing row is touched.
"""

import sqlalchemy as sa
from alembic import op

revision = "cmi5_0001"
down_revision = "scorm04_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("xapi_client", sa.Column("limits", sa.JSON(), nullable=True))
    op.create_table(
        "cmi5_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("lesson_id", sa.Integer(), sa.ForeignKey("learning_lesson.id", ondelete="CASCADE",
                                                           name="fk_cmi5_version_lesson_id_learning_lesson"),
                  nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("publisher_id", sa.String(512), nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("original_name", sa.String(255), nullable=False),
        sa.Column("file_count", sa.Integer(), nullable=False),
        sa.Column("total_size", sa.BigInteger(), nullable=False),
        sa.Column("blocks", sa.JSON(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), sa.ForeignKey(
            "user_account.id", name="fk_cmi5_version_uploaded_by_id_user_account"), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("lesson_id", "number", name="uq_cmi5_version_lesson_id_number"),
    )
    op.create_index("ix_cmi5_version_lesson_id", "cmi5_version", ["lesson_id"])
    op.create_index("ix_cmi5_version_digest", "cmi5_version", ["digest"])
    op.create_table(
        "cmi5_au",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey(
            "cmi5_version.id", ondelete="CASCADE", name="fk_cmi5_au_version_id_cmi5_version"),
            nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("publisher_id", sa.String(512), nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("launch_method", sa.String(16), nullable=False),
        sa.Column("move_on", sa.String(24), nullable=False),
        sa.Column("mastery_score", sa.Float(), nullable=True),
        sa.Column("launch_parameters", sa.Text(), nullable=False),
        sa.Column("entitlement_key", sa.String(512), nullable=False),
        sa.UniqueConstraint("version_id", "publisher_id", name="uq_cmi5_au_version_id_publisher_id"),
    )
    op.create_index("ix_cmi5_au_version_id", "cmi5_au", ["version_id"])
    op.create_table(
        "cmi5_registration",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("registration", sa.String(36), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), sa.ForeignKey(
            "learning_enrolment.id", ondelete="CASCADE",
            name="fk_cmi5_registration_enrolment_id_learning_enrolment"), nullable=False),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey(
            "cmi5_version.id", ondelete="CASCADE",
            name="fk_cmi5_registration_version_id_cmi5_version"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("satisfied_at", sa.DateTime(), nullable=True),
        sa.Column("satisfied_blocks", sa.JSON(), nullable=False),
        sa.UniqueConstraint("registration", name="uq_cmi5_registration_registration"),
        sa.UniqueConstraint("enrolment_id", "version_id", name="uq_cmi5_registration_enrolment_id_version_id"),
    )
    op.create_index("ix_cmi5_registration_enrolment_id", "cmi5_registration", ["enrolment_id"])
    op.create_index("ix_cmi5_registration_version_id", "cmi5_registration", ["version_id"])
    op.create_table(
        "cmi5_au_status",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("registration_id", sa.Integer(), sa.ForeignKey(
            "cmi5_registration.id", ondelete="CASCADE",
            name="fk_cmi5_au_status_registration_id_cmi5_registration"), nullable=False),
        sa.Column("au_id", sa.Integer(), sa.ForeignKey(
            "cmi5_au.id", ondelete="CASCADE", name="fk_cmi5_au_status_au_id_cmi5_au"),
            nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("failed", sa.Boolean(), nullable=False),
        sa.Column("waived", sa.Boolean(), nullable=False),
        sa.Column("score_scaled", sa.Float(), nullable=True),
        sa.Column("satisfied_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("registration_id", "au_id", name="uq_cmi5_au_status_registration_id_au_id"),
    )
    op.create_index("ix_cmi5_au_status_registration_id", "cmi5_au_status", ["registration_id"])
    op.create_index("ix_cmi5_au_status_au_id", "cmi5_au_status", ["au_id"])
    op.create_table(
        "cmi5_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.String(36), nullable=False),
        sa.Column("registration_id", sa.Integer(), sa.ForeignKey(
            "cmi5_registration.id", ondelete="CASCADE",
            name="fk_cmi5_session_registration_id_cmi5_registration"), nullable=False),
        sa.Column("au_id", sa.Integer(), sa.ForeignKey(
            "cmi5_au.id", ondelete="CASCADE", name="fk_cmi5_session_au_id_cmi5_au"),
            nullable=False),
        sa.Column("fetch_key", sa.String(64), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=True),
        sa.Column("client_id", sa.Integer(), sa.ForeignKey(
            "xapi_client.id", name="fk_cmi5_session_client_id_xapi_client"), nullable=True),
        sa.Column("launch_mode", sa.String(16), nullable=False),
        sa.Column("launched_at", sa.DateTime(), nullable=False),
        sa.Column("initialized_at", sa.DateTime(), nullable=True),
        sa.Column("terminated_at", sa.DateTime(), nullable=True),
        sa.Column("abandoned", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("session_id", name="uq_cmi5_session_session_id"),
        sa.UniqueConstraint("fetch_key", name="uq_cmi5_session_fetch_key"),
    )
    op.create_index("ix_cmi5_session_registration_id", "cmi5_session", ["registration_id"])
    op.create_index("ix_cmi5_session_au_id", "cmi5_session", ["au_id"])
    op.create_index("ix_cmi5_session_client_id", "cmi5_session", ["client_id"])


def downgrade():
    for table in ("cmi5_session", "cmi5_au_status", "cmi5_registration", "cmi5_au",
                  "cmi5_version"):
        op.drop_table(table)
    with op.batch_alter_table("xapi_client") as batch:
        batch.drop_column("limits")
