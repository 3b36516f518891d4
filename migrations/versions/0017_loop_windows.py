"""The secretariat sets the proposal loop's 申请改办 window (days after 交办, default 10) and
the 会办意见 window (months, default 1) per year, as it sets the reply period (DOMAIN.md marks
both *default*); each assignment keeps the windows of its year when it is made.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-27 18:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TABLES = ("loop_year_settings", "matter_assignments")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("reassign_days", sa.Integer(), server_default="10", nullable=False)
            )
            batch.add_column(
                sa.Column("co_opinion_months", sa.Integer(), server_default="1", nullable=False)
            )


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("co_opinion_months")
            batch.drop_column("reassign_days")
