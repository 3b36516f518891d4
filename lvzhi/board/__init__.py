"""领导: read-only dashboards and the ranking board."""

from flask import Blueprint

from ..auth.permissions import guard_blueprint

bp = Blueprint("board", __name__)
guard_blueprint(bp, "leader")

from . import views, views_duties, views_proposals  # noqa: E402,F401
