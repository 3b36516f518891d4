"""suggestions: the department's answer (note, who and when), the assignment date that
starts its deadline

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 10:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("assigned_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("answered_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("answered_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("answered_party", sa.String(length=20), server_default="", nullable=False)
        )
        batch_op.create_foreign_key(
            "fk_suggestions_answered_by_id_users", "users", ["answered_by_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.drop_constraint("fk_suggestions_answered_by_id_users", type_="foreignkey")
        batch_op.drop_column("answered_party")
        batch_op.drop_column("answered_by_id")
        batch_op.drop_column("answered_at")
        batch_op.drop_column("assigned_on")
        batch_op.drop_column("note")
