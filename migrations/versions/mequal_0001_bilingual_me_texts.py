"""monitoring: Georgian forms of the passport texts (legal act, definition, source, method, numerator and
denominator labels) and of activity narratives

Revision ID: mequal_0001
Revises: packages_0001
Create Date: 2026-12-05 07:20:00

The existing columns keep their text and become the English form; the new ``*_ka`` columns start empty, and
pages show the English text with a marker ("only in English") until someone enters the Georgian.
"""

import sqlalchemy as sa
from alembic import op

revision = 'mequal_0001'
down_revision = 'packages_0001'
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


def downgrade():
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, _kind in reversed(columns):
                batch.drop_column(name)
