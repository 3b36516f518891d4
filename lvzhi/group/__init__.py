"""室组负责人: the office-group head's pages, scoped to the groups they currently head."""

from flask import Blueprint

from ..auth.permissions import guard_blueprint

bp = Blueprint("group", __name__)
guard_blueprint(bp, "group_head")
