"""hrms: the methodology reference of templates and cycles in Georgian as well as English

Revision ID: hrforms_0001
Revises: packages_0001
Create Date: 2026-12-05 07:20:00

``methodology_ref`` stays the English reference; ``methodology_ref_ka`` holds the Georgian one, and the pages show
the reader's language (falling back to the other). Existing rows get an empty Georgian reference, except the
demo's decree, whose Georgian title is known.
"""

import sqlalchemy as sa
from alembic import op

revision = 'hrforms_0001'
down_revision = 'packages_0001'
branch_labels = None
depends_on = None

DEMO_EN = "Government of Georgia Decree No. 220 of 22 May 2017 (performance appraisal of civil servants)"
DEMO_KA = "საქართველოს მთავრობის 2017 წლის 22 მაისის №220 დადგენილება (საჯარო მოხელის შეფასება)"


def upgrade():
    for table in ('hr_template', 'hr_cycle'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('methodology_ref_ka', sa.String(length=255), nullable=False,
                                       server_default=''))
        op.execute(sa.text(f"UPDATE {table} SET methodology_ref_ka = :ka WHERE methodology_ref = :en")
                   .bindparams(ka=DEMO_KA, en=DEMO_EN))


def downgrade():
    for table in ('hr_cycle', 'hr_template'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('methodology_ref_ka')
