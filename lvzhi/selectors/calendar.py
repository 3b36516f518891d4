"""The meeting calendar: an organization's meetings by year and kind, what comes next.

Pages that list meetings read it (the secretariat's calendar and home, a member's archive),
and so do the deadlines that fall on a meeting (the next 机关月度会议 after a quarter)."""

from __future__ import annotations

from datetime import date
from functools import cache

from sqlalchemy import Select, bindparam, select

from ..extensions import db
from ..models import Meeting


def meetings(org_id: int, year: int, kind: str | None = None) -> list[Meeting]:
    """The year's meetings in date order, of one kind when ``kind`` is given."""
    stmt = (
        select(Meeting)
        .where(
            Meeting.org_id == org_id,
            Meeting.held_on >= date(year, 1, 1),
            Meeting.held_on <= date(year, 12, 31),
        )
        .order_by(Meeting.held_on, Meeting.id)
    )
    if kind:
        stmt = stmt.where(Meeting.kind == kind)
    return list(db.session.scalars(stmt))


def upcoming(org_id: int, today: date, limit: int = 5) -> list[Meeting]:
    """The next few meetings of any kind, from today on."""
    return list(
        db.session.scalars(_upcoming_select(), {"org_id": org_id, "today": today, "limit": limit})
    )


@cache
def _upcoming_select() -> Select:
    """Built once per worker (the secretariat's home lists them on every visit)."""
    return (
        select(Meeting)
        .where(Meeting.org_id == bindparam("org_id"), Meeting.held_on >= bindparam("today"))
        .order_by(Meeting.held_on, Meeting.id)
        .limit(bindparam("limit"))
    )


def next_meeting(org_id: int, kind: str, after: date) -> Meeting | None:
    """The first meeting of ``kind`` held on or after ``after``, or None if none is set."""
    return db.session.scalar(
        select(Meeting)
        .where(Meeting.org_id == org_id, Meeting.kind == kind, Meeting.held_on >= after)
        .order_by(Meeting.held_on, Meeting.id)
        .limit(1)
    )
