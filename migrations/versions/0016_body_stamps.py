"""body_stamps: a number every committed write to a body's rows changes (lvzhi.stamps); each
worker keeps the badge's body-wide figures under it. Every existing body gets its first stamp.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-27 04:30:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    stamps = op.create_table(
        "body_stamps",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_body_stamps_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_body_stamps")),
    )
    ids = op.get_bind().scalars(sa.text("SELECT id FROM organizations")).all()
    if ids:
        op.bulk_insert(stamps, [{"org_id": i, "stamp": secrets.randbits(62)} for i in ids])


def downgrade():
    op.drop_table("body_stamps")
