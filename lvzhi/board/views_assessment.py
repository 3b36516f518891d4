"""The leaders' view of the year's assessment: every member's points and grade, a member's
ledger, the printable reports (read-only)."""

from __future__ import annotations

from ..domain.roles import LEADER
from ..pages import assessment as shared
from . import bp

ROLE = LEADER


@bp.route("/assessment")
def assessment():
    return shared.table_page(ROLE)


@bp.route("/assessment/export.xlsx")
def assessment_export():
    return shared.export(ROLE)


@bp.route("/assessment/<year:year>/members/<int:member_id>")
def assessment_member(year: int, member_id: int):
    return shared.ledger_page(ROLE, year, member_id)


@bp.route("/assessment/<year:year>/report")
def assessment_report(year: int):
    return shared.report(ROLE, year)
