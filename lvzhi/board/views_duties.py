"""The leaders' 十个一 overview: everyone, with filters, sorting and Excel export (read-only)."""

from __future__ import annotations

from flask import url_for

from ..domain.roles import LEADER
from ..pages import duties as shared
from . import bp

ROLE = LEADER


@bp.route("/duties")
def duty_overview():
    return shared.overview_page(ROLE)


@bp.route("/duties/export.xlsx")
def duty_export():
    return shared.export(ROLE, "全体委员")


@bp.route("/members/<int:member_id>/archive")
def member_archive(member_id: int):
    return shared.member_archive(ROLE, member_id, url_for("board.duty_overview"))


@bp.route("/duties/handbook/<year:year>")
def handbook(year: int):
    return shared.handbook(ROLE, year)
