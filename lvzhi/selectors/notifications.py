"""A user's notifications, for the inbox and its badge."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from ..extensions import db
from ..models import Notification, User


def unread_count(user: User) -> int:
    return db.session.scalar(unread_select(user)) or 0


def unread_select(user: User) -> Select:
    """``unread_count`` as a SELECT (the top bar's badge runs it with the to-do counts)."""
    return select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )


def recent(user: User, limit: int = 30) -> list[Notification]:
    """Unread first, newest first."""
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.read_at.is_not(None), Notification.created_at.desc())
            .limit(limit)
        )
    )


def own(user: User, note_id: int) -> Notification | None:
    note = db.session.get(Notification, note_id)
    return note if note is not None and note.user_id == user.id else None
