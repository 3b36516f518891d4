"""领导看板: the one board over the three lists, for leaders and the secretariat (read-only)."""

from flask import Blueprint

from ..auth.permissions import guard_blueprint

bp = Blueprint("dashboard", __name__)
guard_blueprint(bp, "leader", "secretariat")
