from flask import render_template
from flask_login import current_user

from ..selectors import roster as sel
from . import bp


@bp.route("/")
def home():
    ids = current_user.committee_ids()
    committees = sel.committees_of(current_user.org_id, ids)
    members = sel.committee_members(current_user.org_id, ids)
    from .. import duties_views as shared

    year = shared._year()
    filters = shared.overview_filters("committee")
    grid = shared.overview_grid("committee", year, filters)
    return render_template(
        "committee/home.html",
        committees=committees,
        members=members,
        grid=grid,
        year=year,
        filters=filters,
    )
