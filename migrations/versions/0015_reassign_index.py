"""the reassignment requests waiting for the secretariat (counted by its to-do badge on every
page) by (org_id, reassign_decision, reassign_asked_at): before, PostgreSQL read every
body's assignments (≈ 127,000 at province scale) to find the few waiting

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-26 21:00:00

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_matter_assignments_org_reassign",
        "matter_assignments",
        ["org_id", "reassign_decision", "reassign_asked_at"],
    )


def downgrade():
    op.drop_index("ix_matter_assignments_org_reassign", table_name="matter_assignments")
