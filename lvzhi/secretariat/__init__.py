"""政协机关: the secretariat's pages — roster, structure, calendar, years, audit log."""

from flask import Blueprint

from ..auth.permissions import guard_blueprint

bp = Blueprint("secretariat", __name__)
guard_blueprint(bp, "secretariat")
