"""待办: the in-app inbox — derived to-dos from every capability's providers
(``registry.PROVIDERS``) plus unread notifications (reminder digests). The badge in the top bar
counts both, for every role."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..domain.roles import ROLE_LABELS
from ..models import Notification
from ..selectors import notifications as notes_sel
from ..services.notifications import notification_read as mark_read
from ..services.notifications import notifications_read_all
from .registry import badge_count, todos_for
from .todos import todo_total

bp = Blueprint("inbox", __name__)


@bp.app_context_processor
def _badge():
    def inbox_count() -> int:
        if not current_user.is_authenticated:
            return 0
        return badge_count(current_user)

    return {"inbox_count": inbox_count}


@bp.route("/")
@login_required
def home():
    todos = todos_for(current_user)
    notes = notes_sel.recent(current_user)
    return render_template(
        "inbox/home.html",
        todos=todos,
        total=todo_total(todos),
        notes=notes,
        role_labels=ROLE_LABELS,
    )


def _own_notification(note_id: int) -> Notification:
    note = notes_sel.own(current_user, note_id)
    if note is None:
        abort(404)
    return note


@bp.route("/notifications/<int:note_id>/read", methods=["POST"])
@login_required
def notification_read(note_id: int):
    note = _own_notification(note_id)
    mark_read(note)
    target = note.url if note.url.startswith("/") and not note.url.startswith("//") else None
    return redirect(target or url_for("inbox.home"), code=303)


@bp.route("/read-all", methods=["POST"])
@login_required
def read_all():
    notifications_read_all(current_user)
    return redirect(url_for("inbox.home"), code=303)
