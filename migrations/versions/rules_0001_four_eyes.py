"""rules: four eyes on M&E values and targets, approval of self-declared external CPD hours

Revision ID: rules_0001
Revises: monitoring_0002
Create Date: 2026-12-04 18:40:00

``me_value.submitted_by_id``: who sent a value for approval (neither they nor whoever entered it may approve
it). ``me_target.status``/``decided_by_id``/``decided_at``: a target revision of a published document counts
only once someone else approved it; every existing target stays in force (``approved``).
``me_result``/``me_indicator`` ``status``/``proposed_by_id``: results and indicators added to a published document
count and go public once someone else approved them; every existing one is ``approved``.
``hr_development_action.hours_approved_*``: external hours count as CPD once the manager or HR approved them;
hours already in the record were counted before this rule and are marked approved at their completion date.
"""

import sqlalchemy as sa
from alembic import op

revision = 'rules_0001'
down_revision = 'signin_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('me_value', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submitted_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_me_value_submitted_by_id_user_account'), 'user_account',
                                    ['submitted_by_id'], ['id'])
    with op.batch_alter_table('me_target', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=False, server_default='approved'))
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_me_target_decided_by_id_user_account'), 'user_account',
                                    ['decided_by_id'], ['id'])
    for table in ('me_result', 'me_indicator'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=False, server_default='approved'))
            batch_op.add_column(sa.Column('proposed_by_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_proposed_by_id_user_account'), 'user_account',
                                        ['proposed_by_id'], ['id'])
    with op.batch_alter_table('hr_development_action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hours_approved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hours_approved_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_hr_development_action_hours_approved_by_id_user_account'),
                                    'user_account', ['hours_approved_by_id'], ['id'])
    op.execute("UPDATE hr_development_action SET hours_approved_at = completed_at "
               "WHERE kind != 'course' AND status = 'done' AND hours IS NOT NULL")
    # Values submitted before this rule: their submitter is whoever entered them.
    op.execute("UPDATE me_value SET submitted_by_id = entered_by_id WHERE status IN ('submitted', 'approved')")


def downgrade():
    with op.batch_alter_table('hr_development_action', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_hr_development_action_hours_approved_by_id_user_account'),
                                 type_='foreignkey')
        batch_op.drop_column('hours_approved_at')
        batch_op.drop_column('hours_approved_by_id')
    for table in ('me_indicator', 'me_result'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_proposed_by_id_user_account'), type_='foreignkey')
            batch_op.drop_column('proposed_by_id')
            batch_op.drop_column('status')
    with op.batch_alter_table('me_target', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_me_target_decided_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decided_by_id')
        batch_op.drop_column('status')
    with op.batch_alter_table('me_value', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_me_value_submitted_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('submitted_by_id')
