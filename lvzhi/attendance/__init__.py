"""参加会议和室组活动: attendance at meetings and office-group activities, for every role that
takes part — the member's events, leave and check-in (views.py), and the organizer's
invitations, check-in window, QR code, tick list, sign-in sheet and group activities
(views_organize.py), the rates (views_rates.py). Who may do what is ``can_organize`` and the
member's own invitation."""

from flask import Blueprint
from flask_login import current_user

bp = Blueprint("attendance", __name__)


@bp.before_request
def _logged_in():
    if not current_user.is_authenticated:
        from ..extensions import login_manager

        return login_manager.unauthorized()
    return None
