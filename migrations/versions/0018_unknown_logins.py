"""Failed logins under names no account has are counted and locked as an account's are, so
the login page does not tell which names (members' mobiles) have an account.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-27 21:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "unknown_logins",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_unknown_logins")),
    )
    op.create_index(op.f("ix_unknown_logins_last_at"), "unknown_logins", ["last_at"])


def downgrade():
    op.drop_index(op.f("ix_unknown_logins_last_at"), table_name="unknown_logins")
    op.drop_table("unknown_logins")
