"""The office-group head's 年度履职报告: the whole group's at once, or one member's."""

from __future__ import annotations

from ..domain.roles import GROUP_HEAD
from ..pages import assessment as shared
from . import bp


@bp.route("/assessment/<year:year>/report")
def assessment_report(year: int):
    return shared.report(GROUP_HEAD, year)
