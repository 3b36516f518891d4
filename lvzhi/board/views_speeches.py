"""大会发言 and 政协工作建议 for leaders: the year's figures (one GROUP BY), the selected speeches
a leader may instruct on (批示), the instructed ones being handled with their feedback
deadline (next year's 全会预备会议), the 批示 itself and a 督办 note while it is handled."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from ..clock import local_today
from ..domain import loops as rules
from ..loops.views import loop_matter_or_404
from ..secretariat.views_speeches import instruct_form, supervise_form
from ..selectors import loop_deadlines as deadline_sel
from ..selectors import loops as loop_sel
from ..selectors import speeches as sel
from ..selectors.proposals import proposer_names
from ..web import year_arg
from . import bp


@bp.route("/speeches")
def speeches():
    org, year = current_user.org_id, year_arg() or local_today().year
    speeches_, suggestions = sel.figures(org, year)
    rows = sel.rows(org, sel.SPEECH_LOOP, year=year)
    handled = [m for m in rows if m.stage in sel.INSTRUCTED]
    return render_template(
        "board/speeches.html",
        year=year,
        figures=speeches_,
        suggestion_figures=suggestions,
        selected=[m for m in rows if m.stage == "selected"],
        dues={d.matter.id: d for d in deadline_sel.deadlines(handled, loop_sel.meetings(org))},
        handled=handled,
        supervisable={
            m.id for m in handled if m.spec.workflow.can(m.stage, "supervise", rules.LEADER)
        },
        states=rules.DEADLINE_STATES,
        proposer_names=proposer_names,
        mode_label=sel.mode_label,
        last_note=sel.last_note,
    )


@bp.route("/speeches/<int:matter_id>/instruct", methods=["GET", "POST"])
def speech_instruct(matter_id: int):
    """领导批示 on a selected speech, in the leader's own name unless another is given."""
    m = loop_matter_or_404(matter_id, "speech")
    hint = "批示后由政协机关交承办单位办理，下一年度全会预备会议前向发言人书面反馈。批示领导不填即为您本人。"
    return instruct_form(m, hint)


@bp.route("/speeches/<int:matter_id>/supervise", methods=["GET", "POST"])
def speech_supervise(matter_id: int):
    """A leader's 督办 note on an instructed speech while it is being handled."""
    return supervise_form(loop_matter_or_404(matter_id, "speech"))
