from functools import cache

from flask import render_template
from flask_login import current_user

from ..auth.permissions import headed_group_ids, headed_groups, scope_key
from ..domain.roles import GROUP_HEAD
from ..pages import duties as shared
from ..stamps import kept, kept_query_page
from . import bp


@bp.route("/")
def home():
    """The group home: the members' 十个一 grid (who lags) and the records to confirm. The
    grid is the same for every head of the same groups: kept (``stamps.kept_query_page``);
    the count of records to confirm leaves out the head's own."""
    ids = tuple(headed_group_ids(current_user))
    if not ids:
        return render_template("group/home.html", groups=())
    org = current_user.org_id
    year = shared.page_year()
    filters = shared.overview_filters(GROUP_HEAD)
    grid = cache(lambda: shared.overview_grid(GROUP_HEAD, year, filters))
    names = kept(
        "group_names", org, ids, lambda: tuple(g.name for g in headed_groups(current_user))
    )
    pending_of = kept(
        "group_pending", org, (ids, year), lambda: {r.member.id: r.pending for r in grid().rows}
    )
    content = kept_query_page(
        "group_home",
        org,
        GROUP_HEAD,
        "group/_home.html",
        lambda: dict(grid=grid(), year=year, filters=filters),
        scope=scope_key(current_user, GROUP_HEAD),
    )
    return render_template(
        "group/home.html",
        groups=names,
        pending=sum(n for m, n in pending_of.items() if m != current_user.member_id),
        content=content,
    )
