"""The leaders' 十个一 overview: everyone, with filters, sorting and Excel export (read-only)."""

from __future__ import annotations

from flask import url_for

from .. import duties_views as shared
from . import bp

ROLE = "leader"


@bp.route("/duties")
def duty_overview():
    return shared.overview_page(ROLE, "board")


@bp.route("/duties/export.xlsx")
def duty_export():
    return shared.export(ROLE, "全体委员")


@bp.route("/members/<int:member_id>/archive")
def member_archive(member_id: int):
    return shared.member_archive(ROLE, "board", member_id, url_for("board.duty_overview"))


@bp.route("/duties/handbook/<year:year>")
def handbook(year: int):
    return shared.handbook(ROLE, year)
