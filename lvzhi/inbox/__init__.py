"""待办: the in-app inbox — derived to-dos from every capability's providers
(``registry.PROVIDERS``) plus unread notifications (reminder digests). The badge in the top bar
counts both, for every role."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select, update

from ..domain.roles import ROLE_LABELS
from ..extensions import db
from ..models import Notification
from ..models.base import utcnow
from ..services.common import commit
from .registry import todos_for
from .todos import todo_total

bp = Blueprint("inbox", __name__)


def unread_count(user) -> int:
    return (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


@bp.app_context_processor
def _badge():
    def inbox_count() -> int:
        if not current_user.is_authenticated:
            return 0
        return todo_total(todos_for(current_user)) + unread_count(current_user)

    return {"inbox_count": inbox_count}


@bp.route("/")
@login_required
def home():
    todos = todos_for(current_user)
    notes = list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == current_user.id)
            .order_by(Notification.read_at.is_not(None), Notification.created_at.desc())
            .limit(30)
        )
    )
    return render_template(
        "inbox/home.html",
        todos=todos,
        total=todo_total(todos),
        notes=notes,
        role_labels=ROLE_LABELS,
    )


def _own_notification(note_id: int) -> Notification:
    note = db.session.get(Notification, note_id)
    if note is None or note.user_id != current_user.id:
        abort(404)
    return note


@bp.route("/notifications/<int:note_id>/read", methods=["POST"])
@login_required
def notification_read(note_id: int):
    note = _own_notification(note_id)
    if note.read_at is None:
        note.read_at = utcnow()
        commit()
    target = note.url if note.url.startswith("/") and not note.url.startswith("//") else None
    return redirect(target or url_for("inbox.home"), code=303)


@bp.route("/read-all", methods=["POST"])
@login_required
def read_all():
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    commit()
    return redirect(url_for("inbox.home"), code=303)
