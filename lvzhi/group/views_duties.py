"""The office-group head's 十个一 (the grid is on the group home, views.py): the records
waiting for confirmation, confirm / return, a member's archive and the group handbook."""

from __future__ import annotations

from flask import url_for

from ..domain.roles import GROUP_HEAD
from ..pages import duties as shared
from . import bp

ROLE = GROUP_HEAD


@bp.route("/duties/export.xlsx")
def duty_export():
    return shared.export(ROLE, "本组")


@bp.route("/duties/pending")
def duty_pending():
    return shared.pending_page(ROLE)


@bp.route("/duties/records/<int:record_id>")
def duty_record(record_id: int):
    return shared.record_page(ROLE, record_id)


@bp.route("/duties/records/<int:record_id>/confirm", methods=["POST"])
def duty_confirm(record_id: int):
    return shared.confirm(ROLE, record_id)


@bp.route("/duties/records/<int:record_id>/return", methods=["POST"])
def duty_return(record_id: int):
    return shared.return_(ROLE, record_id)


@bp.route("/duties/confirm", methods=["POST"])
def duty_confirm_many():
    return shared.confirm_many(ROLE)


@bp.route("/members/<int:member_id>/archive")
def member_archive(member_id: int):
    return shared.member_archive(ROLE, member_id, url_for("group.home"))


@bp.route("/handbook/<year:year>")
def handbook(year: int):
    return shared.handbook(ROLE, year)
