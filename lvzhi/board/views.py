from flask import render_template
from flask_login import current_user

from ..clock import local_today
from ..domain.group_ranking import quarter_of
from ..models import Member
from ..pages import hub
from ..selectors import calendar
from ..selectors import duty_overview as overview_sel
from ..selectors import group_ranking as ranking_sel
from ..selectors import roster as sel
from . import bp


@bp.route("/")
def home():
    org = current_user.org_id
    active = sel.active_member_count(org)
    upcoming = calendar.upcoming(org, local_today())
    year = local_today().year
    completion = overview_sel.completion(org, year)
    return render_template(
        "board/home.html",
        year=year,
        duty_grid=completion,
        by_group=completion.by_group,
        by_committee=completion.by_committee,
        by_sector=completion.by_sector,
        active=active,
        groups=sel.office_groups(org),
        group_counts=sel.member_counts_by(org, Member.office_group_id),
        committees=sel.committees(org),
        committee_counts=sel.member_counts_by(org, Member.committee_id),
        upcoming=upcoming,
        quarter=ranking_sel.quarter(org, local_today().year, quarter_of(local_today().month)),
    )


@bp.route("/loops")
def loops():
    """履职闭环: every closed loop's page with the year's count."""
    return hub.office_page("leader")
