"""A member's own pages outside the 十个一 (views_duties.py): the profile, and the 建言献策
hub of their closed-loop pages."""

from flask import abort, render_template
from flask_login import current_user

from ..pages import hub
from ..selectors.accounts import user_member
from . import bp


def own_member():
    """The member record of the logged-in user (a member role without one is a 403)."""
    member = user_member(current_user)
    if member is None:
        abort(403)
    return member


def own_member_id() -> int:
    """The logged-in user's member id, for a page that needs nothing else of the member
    record: one statement less than ``own_member`` (a member role without one is a 403)."""
    if current_user.member_id is None:
        abort(403)
    return current_user.member_id


@bp.route("/profile")
def profile():
    return render_template("member/profile.html", member=own_member())


@bp.route("/loops")
def loops():
    """建言献策: the member's proposals, public opinion, speeches and work suggestions."""
    return hub.member_page(own_member_id())
