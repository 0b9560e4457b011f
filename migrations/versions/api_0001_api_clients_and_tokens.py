"""API: service clients (OAuth 2.0 client credentials) and bearer tokens (clients' and personal access tokens)

Revision ID: api_0001
Revises: sso_0001
Create Date: 2026-12-05 07:15:00

Two new tables; nothing existing changes.
"""

import sqlalchemy as sa
from alembic import op

revision = 'api_0001'
down_revision = "sso_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'api_client',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('client_id', sa.String(length=64), nullable=False),
        sa.Column('secret_hash', sa.String(length=255), nullable=False),
        sa.Column('scopes', sa.Text(), nullable=False),
        sa.Column('org_unit_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_api_client_org_unit_id_org_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_client')),
        sa.UniqueConstraint('client_id', name=op.f('uq_api_client_client_id')),
        sa.UniqueConstraint('name', name=op.f('uq_api_client_name')),
    )
    op.create_table(
        'api_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('prefix', sa.String(length=16), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('scopes', sa.Text(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.Column('last_used_at', sa.DateTime(), nullable=True),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['client_id'], ['api_client.id'], name=op.f('fk_api_token_client_id_api_client')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_api_token_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash')),
    )
    with op.batch_alter_table('api_token') as batch:
        batch.create_index(batch.f('ix_api_token_client_id'), ['client_id'], unique=False)
        batch.create_index(batch.f('ix_api_token_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('api_token')
    op.drop_table('api_client')
