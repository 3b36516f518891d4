"""A user's notifications (reminder digests): marking them read."""

from __future__ import annotations

from sqlalchemy import update

from ..extensions import db
from ..models import Notification, User
from ..models.base import utcnow
from . import unit_of_work


@unit_of_work
def notification_read(note: Notification) -> None:
    if note.read_at is None:
        note.read_at = utcnow()


@unit_of_work
def notifications_read_all(user: User) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
