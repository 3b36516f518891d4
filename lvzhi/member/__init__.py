"""委员: a member's own pages."""

from flask import Blueprint

from ..auth.permissions import guard_blueprint

bp = Blueprint("member", __name__)
guard_blueprint(bp, "member")

from . import views, views_duties, views_proposals  # noqa: E402,F401
