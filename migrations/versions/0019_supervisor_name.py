"""A key proposal's supervising leader (督办领导) may be a government leader outside the system
(DOMAIN.md: "from the CPPCC or the government"): the name (and post) is kept on the matter,
for a CPPCC leader in the system as well (filled in from their account), so lists show it
without loading the account.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-28 01:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("matters") as batch:
        batch.add_column(
            sa.Column(
                "supervising_leader_name", sa.String(length=80), server_default="", nullable=False
            )
        )
    op.execute(
        "UPDATE matters SET supervising_leader_name = (SELECT users.display_name FROM users"
        " WHERE users.id = matters.supervising_leader_id)"
        " WHERE supervising_leader_id IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table("matters") as batch:
        batch.drop_column("supervising_leader_name")
