from flask import render_template
from flask_login import current_user

from ..clock import local_today
from ..domain.group_ranking import quarter_of
from ..pages import hub
from ..selectors import calendar
from ..selectors import duty_overview as overview_sel
from ..selectors import group_ranking as ranking_sel
from ..selectors import roster as sel
from ..stamps import kept_html
from . import bp


@bp.route("/")
def home():
    org = current_user.org_id
    content = kept_html("board_home", org, (), "board/_home.html", lambda: _home_context(org))
    return render_template("board/home.html", content=content)


def _home_context(org: int) -> dict:
    today = local_today()
    year = today.year
    completion = overview_sel.completion(org, year)
    quarter = ranking_sel.quarter(org, year, quarter_of(today.month), today)
    return dict(
        year=year,
        duty_grid=completion,
        by_group=completion.by_group,
        by_committee=completion.by_committee,
        by_sector=completion.by_sector,
        active=sel.active_member_count(org),
        group_count=len(quarter.rows),  # one row per office group
        committee_count=sel.committee_count(org),
        upcoming=calendar.upcoming(org, today),
        quarter=quarter,
    )


@bp.route("/loops")
def loops():
    """履职闭环: every closed loop's page with the year's count."""
    return hub.office_page("leader")
