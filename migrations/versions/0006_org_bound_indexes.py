"""indexes bound to the organization: a body's pending records and its reports by month and
status replace the single-column status/year indexes that read every body's rows (the
checklist's year is served by its unique (org_id, year, code) index)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 07:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_duty_items_year', table_name='duty_items')
    op.drop_index('ix_duty_records_status', table_name='duty_records')
    op.create_index(
        'ix_duty_records_org_status', 'duty_records', ['org_id', 'status', 'submitted_at']
    )
    op.drop_index('ix_group_reports_status', table_name='group_reports')
    op.drop_index('ix_group_reports_year', table_name='group_reports')
    op.create_index('ix_group_reports_org_period', 'group_reports', ['org_id', 'year', 'month'])
    op.create_index('ix_group_reports_org_status', 'group_reports', ['org_id', 'status'])


def downgrade():
    op.drop_index('ix_group_reports_org_status', table_name='group_reports')
    op.drop_index('ix_group_reports_org_period', table_name='group_reports')
    op.create_index('ix_group_reports_year', 'group_reports', ['year'])
    op.create_index('ix_group_reports_status', 'group_reports', ['status'])
    op.drop_index('ix_duty_records_org_status', table_name='duty_records')
    op.create_index('ix_duty_records_status', 'duty_records', ['status'])
    op.create_index('ix_duty_items_year', 'duty_items', ['year'])
