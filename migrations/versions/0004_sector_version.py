"""sectors get a row version, so two people renaming the same sector get a conflict message

Revision ID: 0004_sector_version
Revises: 0003_group_reports
Create Date: 2026-11-25 17:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_sector_version'
down_revision = '0003_group_reports'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sectors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('sectors', schema=None) as batch_op:
        batch_op.drop_column('version')
