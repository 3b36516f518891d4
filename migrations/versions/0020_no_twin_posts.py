"""A form posted twice at once makes one row: an office group's activity is unique by group,
day and topic (as the service already refused one after the other), and a points adjustment
carries its form's one-time token, unique per member (both as unique indexes). Activities
already twinned by such a race keep their rows: the later twin's topic gets its id appended
before the index.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-28 00:20:25

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "UPDATE group_activities SET topic = substr(topic, 1, 100) || '（重复' || id || '）'"
        " WHERE EXISTS (SELECT 1 FROM group_activities AS first"
        " WHERE first.office_group_id = group_activities.office_group_id"
        " AND first.held_on = group_activities.held_on AND first.topic = group_activities.topic"
        " AND first.id < group_activities.id)"
    )
    # unique indexes, not constraints: SQLite adds an index in place, a constraint only by
    # copying the table
    op.create_index(
        "uq_group_activities_office_group_id_held_on_topic",
        "group_activities",
        ["office_group_id", "held_on", "topic"],
        unique=True,
    )
    with op.batch_alter_table("points_adjustments") as batch_op:
        batch_op.add_column(sa.Column("request_token", sa.String(length=64), nullable=True))
    op.create_index(
        "uq_points_adjustments_member_id_request_token",
        "points_adjustments",
        ["member_id", "request_token"],
        unique=True,
    )


def downgrade():
    op.drop_index("uq_points_adjustments_member_id_request_token", "points_adjustments")
    with op.batch_alter_table("points_adjustments") as batch_op:
        batch_op.drop_column("request_token")
    op.drop_index("uq_group_activities_office_group_id_held_on_topic", "group_activities")
