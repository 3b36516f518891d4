from flask import render_template
from flask_login import current_user

from ..domain.roles import COMMITTEE
from ..pages import duties as shared
from ..selectors import committees as sel
from . import bp


@bp.route("/")
def home():
    ids = current_user.committee_ids()
    year = shared.page_year()
    filters = shared.overview_filters(COMMITTEE)
    return render_template(
        "committee/home.html",
        committees=sel.committees_with_groups(current_user.org_id, ids),
        members=sel.committee_members(current_user.org_id, ids),
        grid=shared.overview_grid(COMMITTEE, year, filters),
        year=year,
        filters=filters,
    )
