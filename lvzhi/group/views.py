from flask import render_template
from flask_login import current_user

from .. import duties_views as shared
from ..auth.permissions import headed_groups
from ..selectors import duties as sel
from . import bp


@bp.route("/")
def home():
    """The group home: the members' 十个一 grid (who lags) and the records to confirm."""
    groups = headed_groups(current_user)
    year = shared._year()
    filters = shared.overview_filters("group_head")
    grid = shared.overview_grid("group_head", year, filters)
    pending = sum(r.pending for r in grid.rows if r.member.id != current_user.member_id)
    return render_template(
        "group/home.html",
        groups=groups,
        grid=grid,
        year=year,
        filters=filters,
        pending=pending,
        years=sel.years_with_items(current_user.org_id),
    )
