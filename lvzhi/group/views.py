from flask import render_template
from flask_login import current_user

from ..auth.permissions import headed_groups
from ..domain.roles import GROUP_HEAD
from ..pages import duties as shared
from ..selectors import duties as sel
from . import bp


@bp.route("/")
def home():
    """The group home: the members' 十个一 grid (who lags) and the records to confirm."""
    groups = headed_groups(current_user)
    year = shared.page_year()
    filters = shared.overview_filters(GROUP_HEAD)
    grid = shared.overview_grid(GROUP_HEAD, year, filters)
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
