"""专委会: a committee director's pages — its members and linked office groups, and the
consultation topics it leads."""

from flask import Blueprint

from ..auth.permissions import guard_blueprint

bp = Blueprint("committee", __name__)
guard_blueprint(bp, "committee")
