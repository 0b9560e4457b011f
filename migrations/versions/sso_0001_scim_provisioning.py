"""common: SCIM 2.0 provisioning records (users, groups, memberships) beside the accounts

Revision ID: sso_0001
Revises: hrforms_0001
Create Date: 2026-12-05 07:30:00

New tables only: existing accounts are untouched and are not SCIM resources until the identity system creates
or claims them.
"""

import sqlalchemy as sa
from alembic import op

revision = 'sso_0001'
down_revision = "hrforms_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'scim_user',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('user_name', sa.String(length=255), nullable=False),
        sa.Column('external_id', sa.String(length=255), nullable=True),
        sa.Column('attributes', sa.JSON(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name='fk_scim_user_user_id_user_account',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_scim_user'),
        sa.UniqueConstraint('user_id', name='uq_scim_user_user_id'),
        sa.UniqueConstraint('user_name', name='uq_scim_user_user_name'),
    )
    op.create_index('ix_scim_user_external_id', 'scim_user', ['external_id'])
    op.create_table(
        'scim_group',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('display_name', sa.String(length=255), nullable=False),
        sa.Column('external_id', sa.String(length=255), nullable=True),
        sa.Column('attributes', sa.JSON(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_scim_group'),
    )
    op.create_index('ix_scim_group_display_name', 'scim_group', ['display_name'])
    op.create_index('ix_scim_group_external_id', 'scim_group', ['external_id'])
    op.create_table(
        'scim_group_member',
        sa.Column('group_id', sa.String(length=32), nullable=False),
        sa.Column('scim_user_id', sa.String(length=32), nullable=False),
        sa.Column('display', sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(['group_id'], ['scim_group.id'], name='fk_scim_group_member_group_id_scim_group',
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['scim_user_id'], ['scim_user.id'],
                                name='fk_scim_group_member_scim_user_id_scim_user', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('group_id', 'scim_user_id', name='pk_scim_group_member'),
    )
    op.create_index('ix_scim_group_member_scim_user_id', 'scim_group_member', ['scim_user_id'])


def downgrade():
    op.drop_table('scim_group_member')
    op.drop_table('scim_group')
    op.drop_table('scim_user')
