from flask import render_template
from flask_login import current_user

from ..auth.permissions import scope_key
from ..domain.roles import COMMITTEE
from ..pages import duties as shared
from ..selectors import committees as sel
from ..stamps import kept_query_page
from . import bp


@bp.route("/")
def home():
    """The committee's linked groups, its members' 十个一 grid and its members: the same for
    every director of the same committees, kept (``stamps.kept_query_page``)."""
    scope = scope_key(current_user, COMMITTEE)  # ("committees", *the director's, sorted)
    ids = scope[1:]
    content = kept_query_page(
        "committee_home",
        current_user.org_id,
        COMMITTEE,
        "committee/_home.html",
        lambda: _home_context(ids),
        scope=scope,
    )
    return render_template("committee/home.html", content=content)


def _home_context(ids: tuple[int, ...]) -> dict:
    year = shared.page_year()
    filters = shared.overview_filters(COMMITTEE)
    return dict(
        committees=sel.committees_with_groups(current_user.org_id, ids),
        members=sel.committee_members(current_user.org_id, ids),
        grid=shared.overview_grid(COMMITTEE, year, filters),
        year=year,
        filters=filters,
    )
