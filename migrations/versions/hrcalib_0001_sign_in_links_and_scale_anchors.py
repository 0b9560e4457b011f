"""hrcalib: single-use sign-in links (new accounts, password resets) and the rating scale's level descriptions

Revision ID: hrcalib_0001
Revises: mequal_0001
Create Date: 2026-12-05 07:40:00

``sign_in_link`` keeps only a SHA-256 hash of each link's token, its purpose (``invite`` or ``reset``), when it
expires and when it was used (a used or expired link is refused). ``hr_template.anchors`` holds what each level of
the 1..rating_max scale means, editable with the template; existing templates get none and show the default text.
"""

import sqlalchemy as sa
from alembic import op

revision = 'hrcalib_0001'
down_revision = "mequal_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_sign_in_link_user_id_user_account")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_sign_in_link_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_link_token_hash")),
    )
    op.create_index(op.f("ix_sign_in_link_user_id"), "sign_in_link", ["user_id"])
    with op.batch_alter_table("hr_template") as batch:
        batch.add_column(sa.Column("anchors", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("hr_template") as batch:
        batch.drop_column("anchors")
    op.drop_index(op.f("ix_sign_in_link_user_id"), table_name="sign_in_link")
    op.drop_table("sign_in_link")
