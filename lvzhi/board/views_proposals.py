"""提案 for leaders: key proposals and overdue ones, the year's figures, and the 批示 (or a
督办 note) on a proposal being handled."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from ..clock import local_today
from ..domain import loops as rules
from ..loops.views import loop_matter_or_404, matter_form
from ..pages.proposal_figures import figures_export, figures_page, overdue_by_department
from ..secretariat.forms_proposals import InstructForm
from ..selectors import loops as loop_sel
from ..selectors import proposals as sel
from ..services import loop_handling as handling
from ..web import year_arg
from . import bp


@bp.route("/proposals")
def proposals():
    org = current_user.org_id
    key = loop_sel.matters(org, "proposal", year=local_today().year, key_only=True)
    return render_template(
        "board/proposals.html",
        key=key,
        groups=overdue_by_department(org),
        filing_state=rules.filing_state,
        proposer_names=sel.proposer_names,
        mine=current_user.id,
    )


@bp.route("/proposals/figures")
def proposal_figures():
    year = year_arg() or local_today().year
    return figures_page(current_user.org_id, year, "board.proposal_figures_export")


@bp.route("/proposals/figures.xlsx")
def proposal_figures_export():
    return figures_export(current_user.org_id, year_arg() or local_today().year)


@bp.route("/proposals/<int:matter_id>/instruct", methods=["GET", "POST"])
def proposal_instruct(matter_id: int):
    """领导批示 on a proposal being handled; once replied, a 督办 note."""
    m = loop_matter_or_404(matter_id, "proposal")
    form = InstructForm()
    allowed = sel.viewer_actions(current_user, m)
    instruct = "instruct" in allowed

    def save():
        service = handling.matter_instruct if instruct else handling.matter_supervise
        return service(current_user, m, form.note.data, version=form.version.data)

    heading = "领导批示" if instruct else "督办"
    return matter_form(m, form, save, "已记录。", heading)
