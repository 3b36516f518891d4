"""Role grants on a login, and the 室组负责人 role that follows a member's head assignments.

Building blocks for the account and structure services (they run inside the caller's unit
of work); both import this module, and it imports neither."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import GroupHeadAssignment, RoleGrant, User


def grant_role(user: User, role: str, committee_id: int | None = None) -> None:
    if not any(g.role == role and g.committee_id == committee_id for g in user.grants):
        user.grants.append(RoleGrant(role=role, committee_id=committee_id))


def revoke_role(user: User, role: str) -> None:
    for grant in [g for g in user.grants if g.role == role]:
        user.grants.remove(grant)


def _heads_on(member_id: int, today: date) -> bool:
    """Whether the member holds a head assignment current on ``today`` or starting later."""
    return (
        db.session.scalar(
            select(GroupHeadAssignment.id).where(
                GroupHeadAssignment.member_id == member_id,
                (GroupHeadAssignment.end_date.is_(None)) | (GroupHeadAssignment.end_date >= today),
            )
        )
        is not None
    )


def head_role_sync(user: User, today: date) -> None:
    """Make the user's 室组负责人 role match their assignments (current or starting later):
    a head appointed from a future date keeps the predecessor in office until then, so the
    role changes hands when the dates pass — checked at each login."""
    if user.member_id is None:
        return
    active = _heads_on(user.member_id, today)
    if active and not user.has_role("group_head"):
        grant_role(user, "group_head")
    elif not active and user.has_role("group_head"):
        revoke_role(user, "group_head")


def head_role_drop_if_idle(user: User | None, member_id: int, today: date) -> None:
    """A head whose assignments have all ended loses the role."""
    if user is not None and not _heads_on(member_id, today):
        revoke_role(user, "group_head")
