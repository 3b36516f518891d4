"""承办单位: a department contact's portal — its own assignments only — whose pages and forms
the secretariat also uses to act on a department's behalf (``?department=<id>``)."""

from flask import Blueprint

from ..auth.permissions import guard_blueprint

bp = Blueprint("department", __name__)
guard_blueprint(bp, "department", "secretariat")
