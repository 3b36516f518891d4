"""indexes bound to the organization for the closed loops' pages: the meetings' kind index
(read by the overdue rule's "next plenary" look-up) read every body's meetings; the unique
(org_id, kind, held_on, title) serves those look-ups. The organizers' waiting leave requests
(the to-do count in the top bar of every page) by (org_id, leave_status); a body's
evaluations by matter and round (the verdict figures), its roster in order (by group and
name, a page at a time) and its latest audit events, not every body's

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26 11:30:00

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_meetings_kind", table_name="meetings")
    op.create_index("ix_attendances_org_leave", "attendances", ["org_id", "leave_status"])
    op.create_index(
        "ix_matter_evaluations_org_matter", "matter_evaluations", ["org_id", "matter_id", "round"]
    )
    op.create_index("ix_members_org_group_name", "members", ["org_id", "office_group_id", "name"])
    op.create_index("ix_audit_events_org_id_id", "audit_events", ["org_id", "id"])


def downgrade():
    op.drop_index("ix_audit_events_org_id_id", table_name="audit_events")
    op.drop_index("ix_members_org_group_name", table_name="members")
    op.drop_index("ix_matter_evaluations_org_matter", table_name="matter_evaluations")
    op.drop_index("ix_attendances_org_leave", table_name="attendances")
    op.create_index("ix_meetings_kind", "meetings", ["kind"])
