"""learning: question banks shared across courses (with a category), linked to quiz lessons of any course

Revision ID: learnadmin_0001
Revises: api_0001
Create Date: 2026-12-05 07:30:00

``learning_question.course_id`` becomes nullable (a shared bank's question belongs to no course) and gains
``bank_id``; existing questions keep their course and have no bank, so every quiz draws exactly as before.
``learning_lesson_bank`` links a quiz lesson to the shared banks it also draws from.
"""

import sqlalchemy as sa
from alembic import op

revision = 'learnadmin_0001'
down_revision = "api_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'learning_question_bank',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name_ka', sa.String(length=255), nullable=False),
        sa.Column('name_en', sa.String(length=255), nullable=False),
        sa.Column('category', sa.String(length=32), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_learning_question_bank_created_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_question_bank')),
    )
    with op.batch_alter_table('learning_question_bank') as batch:
        batch.create_index(batch.f('ix_learning_question_bank_category'), ['category'], unique=False)
    op.create_table(
        'learning_lesson_bank',
        sa.Column('lesson_id', sa.Integer(), nullable=False),
        sa.Column('bank_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['bank_id'], ['learning_question_bank.id'],
                                name=op.f('fk_learning_lesson_bank_bank_id_learning_question_bank'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['lesson_id'], ['learning_lesson.id'],
                                name=op.f('fk_learning_lesson_bank_lesson_id_learning_lesson'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('lesson_id', 'bank_id', name=op.f('pk_learning_lesson_bank')),
    )
    with op.batch_alter_table('learning_question') as batch:
        batch.add_column(sa.Column('bank_id', sa.Integer(), nullable=True))
        batch.alter_column('course_id', existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key(batch.f('fk_learning_question_bank_id_learning_question_bank'),
                                 'learning_question_bank', ['bank_id'], ['id'], ondelete='CASCADE')
        batch.create_index(batch.f('ix_learning_question_bank_id'), ['bank_id'], unique=False)


def downgrade():
    op.execute("DELETE FROM learning_question WHERE course_id IS NULL")
    with op.batch_alter_table('learning_question') as batch:
        batch.drop_index(batch.f('ix_learning_question_bank_id'))
        batch.drop_constraint(batch.f('fk_learning_question_bank_id_learning_question_bank'), type_='foreignkey')
        batch.alter_column('course_id', existing_type=sa.Integer(), nullable=False)
        batch.drop_column('bank_id')
    op.drop_table('learning_lesson_bank')
    with op.batch_alter_table('learning_question_bank') as batch:
        batch.drop_index(batch.f('ix_learning_question_bank_category'))
    op.drop_table('learning_question_bank')
