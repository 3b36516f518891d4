"""集体提案录入: the secretariat enters a collective's proposal — a 界别 or 党派 (the sectors
list), a special committee or an office group — as it arrives on paper, and submits it for
立案 review. The secretariat stands as the proposer of such a proposal (``parties_of``)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user

from ..forms import form_action
from ..member.forms_proposals import ProposalForm
from ..selectors import roster as roster_sel
from ..services import proposals as svc
from . import bp


def _collectives() -> list[tuple[str, str]]:
    groups, committees, sectors = roster_sel.structure_choices(current_user.org_id)
    return (
        [("sector", s.name) for s in sectors]
        + [("committee", c.name) for c in committees]
        + [("office_group", g.name) for g in groups]
    )


@bp.route("/proposals/new", methods=["GET", "POST"])
def proposal_enter():
    form = ProposalForm()
    form.offer_collectives(_collectives())
    form.collective.choices = form.collective.choices[1:]  # a collective, never 本人
    form.collective.label.text = "提出单位"
    done = form_action(
        form,
        lambda: svc.proposal_enter(
            current_user, form.token.data or None, bool(form.is_public.data), **form.values()
        ),
        "集体提案已录入，等待立案审查。",
        lambda m: url_for("loops.matter", matter_id=m.id),
    )
    if done:
        return done
    form.fresh_token()
    return render_template("secretariat/proposals/enter.html", form=form)
