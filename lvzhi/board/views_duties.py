"""The leaders' 十个一 overview: everyone, with filters, sorting and Excel export (read-only)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user

from .. import duties_views as shared
from ..selectors import duties as sel
from . import bp

ROLE = "leader"


@bp.route("/duties")
def duty_overview():
    year = shared._year()
    filters = shared.overview_filters(ROLE)
    grid = shared.overview_grid(ROLE, year, filters)
    return render_template("duties/overview.html", grid=grid, year=year, filters=filters,
                           bp="board", years=sel.years_with_items(current_user.org_id),
                           **shared.overview_choices())


@bp.route("/duties/export.xlsx")
def duty_export():
    return shared.export(ROLE, "全体委员")


@bp.route("/members/<int:member_id>/archive")
def member_archive(member_id: int):
    return shared.member_archive(ROLE, "board", member_id, url_for("board.duty_overview"))


@bp.route("/duties/handbook/<int:year>")
def handbook(year: int):
    return shared.handbook(ROLE, year)
