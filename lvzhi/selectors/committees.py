"""What a committee's own pages read: its committees (with their linked office groups) and
their active members."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Committee, Member


def committees_with_groups(org_id: int, ids: list[int]) -> list[Committee]:
    return list(
        db.session.scalars(
            select(Committee)
            .where(Committee.id.in_(ids or [-1]), Committee.org_id == org_id)
            .options(selectinload(Committee.office_groups))
            .order_by(Committee.sort_order)
        )
    )


def committee_members(org_id: int, ids: list[int]) -> list[Member]:
    """The active members of these committees, by name."""
    return list(
        db.session.scalars(
            select(Member)
            .where(
                Member.committee_id.in_(ids or [-1]),
                Member.is_active.is_(True),
                Member.org_id == org_id,
            )
            .options(joinedload(Member.office_group), joinedload(Member.sector))
            .order_by(Member.name)
        )
    )
