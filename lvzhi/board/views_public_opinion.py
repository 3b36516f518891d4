"""社情民意 for leaders (read only): the year's figures by level, member, office group and
sector; the reports with a leader's 批示 and how their handling stands; the issues of
《社情民意》."""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user

from ..clock import local_today
from ..domain import public_opinion as po
from ..domain.instructions import FORWARD_LEVELS, INSTRUCTION_LEVELS
from ..loops.views import loop_matter_or_404
from ..pages.opinion_figures import register_export
from ..secretariat.views_public_opinion import instruction_form
from ..selectors import public_opinion as sel
from ..selectors.public_opinion_figures import figures
from ..stamps import kept_html
from ..web import year_arg
from . import bp


@bp.route("/opinions")
def opinions():
    year = year_arg() or local_today().year
    org = current_user.org_id
    content = kept_html(
        "board_opinions", org, year, "board/_opinions.html", lambda: _opinions(org, year)
    )
    return render_template("board/opinions.html", content=content)


def _opinions(org: int, year: int) -> dict:
    return dict(
        year=year,
        f=figures(org, year),
        forward_levels=FORWARD_LEVELS,
        instruction_levels=INSTRUCTION_LEVELS,
        instructed=sel.instructed(org, year),
        awaiting=sel.awaiting_instruction(org, year),
        # the reports' links from one url_for (one each cost more than the rest of the row)
        matter_url=url_for("loops.matter", matter_id=0).removesuffix("0"),
        issues=sel.published_issues(org, year),
    )


@bp.route("/opinions/export.xlsx")
def opinions_export():
    """The year's register — every report sent, its 批示 and handling — as the
    secretariat exports it."""
    return register_export(current_user.org_id, year_arg() or local_today().year)


@bp.route("/opinions/<int:matter_id>/instruction", methods=["GET", "POST"])
def opinion_instruction(matter_id: int):
    """A leader's own 批示 on a forwarded report (named after them unless another is given)."""
    hint = "批示领导不填即为您本人。有批示的信息由政协机关交办承办单位办理并反馈。"
    return instruction_form(loop_matter_or_404(matter_id, po.LOOP), hint, own=True)
