"""learning: a SCORM package's table of contents (groups kept) and each item's prerequisites

Revision ID: packages_0001
Revises: origin_0001
Create Date: 2026-12-04 18:40:00

``learning_scorm_version.outline`` holds the default organisation as the manifest gives it, groups included, so
the lesson page can show the package's own hierarchical contents; versions imported before have none and are
shown as the flat list of their items, as before. ``learning_scorm_sco.prerequisites`` holds an item's
``adlcp:prerequisites`` (AICC script); existing items get the empty rule (always available).
"""

import sqlalchemy as sa
from alembic import op

revision = 'packages_0001'
down_revision = 'origin_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('learning_scorm_version') as batch:
        batch.add_column(sa.Column('outline', sa.JSON(), nullable=True))
    with op.batch_alter_table('learning_scorm_sco') as batch:
        batch.add_column(sa.Column('prerequisites', sa.String(length=2000), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('learning_scorm_sco') as batch:
        batch.drop_column('prerequisites')
    with op.batch_alter_table('learning_scorm_version') as batch:
        batch.drop_column('outline')
