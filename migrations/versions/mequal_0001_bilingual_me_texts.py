"""monitoring: Georgian forms of the passport texts (legal act, definition, source, method, numerator and
denominator labels) and of activity narratives; activity spending recorded through the year

Revision ID: mequal_0001
Revises: learnadmin_0001
Create Date: 2026-12-05 07:20:00

The existing columns keep their text and become the English form; the new ``*_ka`` columns start empty, and
pages show the English text with a marker ("only in English") until someone enters the Georgian.
``me_activity_spending`` holds what an activity had spent by each date it was recorded; ``me_result.budget_spent``
stays the latest figure, and an activity that had one gets it as its first history row.
"""

import sqlalchemy as sa
from alembic import op

revision = 'mequal_0001'
down_revision = "learnadmin_0001"
branch_labels = None
depends_on = None

COLUMNS = {
    'me_document': [('legal_act_ka', sa.String(length=255))],
    'me_indicator': [('definition_ka', sa.Text()), ('source_ka', sa.Text()), ('method_ka', sa.Text()),
                     ('numerator_label_ka', sa.String(length=255)), ('denominator_label_ka', sa.String(length=255))],
    'me_activity_report': [('narrative_ka', sa.Text())],
}


def upgrade():
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, kind in columns:
                batch.add_column(sa.Column(name, kind, nullable=False, server_default=''))
    op.create_table(
        'me_activity_spending',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('result_id', sa.Integer(), sa.ForeignKey('me_result.id'), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('amount', sa.Float(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), sa.ForeignKey('user_account.id'), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
    )
    op.create_index('ix_me_activity_spending_result_id', 'me_activity_spending', ['result_id'])
    # The spending recorded at creation becomes the first point of the history, dated with the activity's start.
    op.execute("INSERT INTO me_activity_spending (result_id, as_of, amount, note, recorded_at) "
               "SELECT id, COALESCE(start_date, CURRENT_DATE), budget_spent, '', CURRENT_TIMESTAMP FROM me_result "
               "WHERE budget_spent IS NOT NULL")


def downgrade():
    op.drop_index('ix_me_activity_spending_result_id', table_name='me_activity_spending')
    op.drop_table('me_activity_spending')
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, _kind in reversed(columns):
                batch.drop_column(name)
