"""merge the module branches (hrms, learning, monitoring, reports) into one head

Revision ID: c0ffee000001
Revises: hrms_0002, learning_0002, monitoring_0001, reports_0001
Create Date: 2026-11-26 23:05:00

The modules were built side by side, each on its own branch from the shared kernel; from here on
there is one line of migrations again, so `flask db migrate` and `flask db upgrade` need no
"heads".
"""

revision = 'c0ffee000001'
down_revision = ('hrms_0002', 'learning_0002', 'monitoring_0001', 'reports_0001')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
