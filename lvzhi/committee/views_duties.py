"""The committee's 十个一: its members' grid (on the committee home), export, a member's
archive and the committee handbook."""

from __future__ import annotations

from flask import url_for

from ..domain.roles import COMMITTEE
from ..pages import duties as shared
from . import bp

ROLE = COMMITTEE


@bp.route("/duties/export.xlsx")
def duty_export():
    return shared.export(ROLE, "本委")


@bp.route("/members/<int:member_id>/archive")
def member_archive(member_id: int):
    return shared.member_archive(ROLE, member_id, url_for("committee.home"))


@bp.route("/handbook/<year:year>")
def handbook(year: int):
    return shared.handbook(ROLE, year)
