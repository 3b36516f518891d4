"""政协机关: the secretariat's pages — roster, structure, calendar, years, audit log."""

from flask import Blueprint

from ..auth.permissions import guard_blueprint

bp = Blueprint("secretariat", __name__)
guard_blueprint(bp, "secretariat")

from . import (  # noqa: E402,F401
    views,
    views_duties,
    views_group_reports,
    views_proposal_figures,
    views_proposals,
    views_roster,
    views_structure,
)
