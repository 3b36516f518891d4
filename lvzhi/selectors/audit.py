"""Reading the audit log: the latest events, and the log searched by text and local dates."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from typing import NamedTuple

from sqlalchemy import Select, bindparam, or_, select
from sqlalchemy.orm import joinedload

from ..clock import to_utc
from ..domain.audit import actions_matching
from ..extensions import db
from ..models import AuditEvent, User


class Recent(NamedTuple):
    at: datetime
    who: str | None  # the user's name; None: the system
    summary: str


def recent(org_id: int, limit: int = 8) -> list[Recent]:
    """The latest events as (when, who, what): the secretariat home's list."""
    rows = db.session.execute(_recent_select(), {"org_id": org_id, "limit": limit})
    return [Recent(*row) for row in rows]


@cache
def _recent_select() -> Select:
    """Built once per worker (the secretariat's home lists them on every visit)."""
    return (
        select(AuditEvent.at, User.display_name, AuditEvent.summary)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(AuditEvent.org_id == bindparam("org_id"))
        .order_by(AuditEvent.id.desc())
        .limit(bindparam("limit"))
    )


def events_select(
    org_id: int, q: str = "", start: date | None = None, end: date | None = None
) -> Select:
    """The organization's events, newest first, with who made them. ``q`` matches the text,
    who did it, or the kind of action (登录 finds every login); ``start``/``end`` are the
    organization's local days (events are stored in UTC)."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.org_id == org_id)
        .options(joinedload(AuditEvent.user))
        .order_by(AuditEvent.id.desc())
    )
    if q:
        stmt = stmt.outerjoin(User, User.id == AuditEvent.user_id).where(
            or_(
                AuditEvent.summary.contains(q, autoescape=True),
                User.display_name.contains(q, autoescape=True),
                AuditEvent.action.in_(actions_matching(q)),
            )
        )
    if start:
        stmt = stmt.where(AuditEvent.at >= to_utc(datetime.combine(start, time.min)))
    if end:
        stmt = stmt.where(
            AuditEvent.at < to_utc(datetime.combine(end + timedelta(days=1), time.min))
        )
    return stmt
