"""The cross-role 社情民意 pages: one report with its steps (editor's decision, the issue it
is in, forwarding, 批示, the department's handling and feedback) and what the viewer may do
next; the published issues of 《社情民意》 and an issue's printable A4 page."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_login import current_user, login_required

from ..auth.permissions import reads_body_lists
from ..clock import local_today
from ..domain import loops as rules
from ..domain import public_opinion as po
from ..forms import ConfirmForm
from ..selectors import loop_deadlines as deadline_sel
from ..selectors import loops as loop_sel
from ..selectors import public_opinion as sel
from ..services.loop_parties import parties_of
from . import bp
from .views import LOOP_PAGES, department_links


def opinion_actions(user, m, issue) -> list[tuple[str, str, bool]]:
    """(label, url, is_post) for what the viewer may do now, from the workflow."""
    wf, stage = m.spec.workflow, m.stage
    out = []
    if rules.PROPOSER in parties_of(user, m) and user.has_role("member") and stage in po.EDITABLE:
        out.append(("修改并报送", url_for("member.opinion_edit", matter_id=m.id), False))
    if user.has_role("secretariat") and user.org_id == m.org_id:

        def can(*actions):
            return any(wf.can(stage, a, rules.SECRETARIAT) for a in actions)

        office = [
            (can("adopt"), "采编审核", "secretariat.opinion_review"),
            (can("forward", "forward_again"), "登记报送", "secretariat.opinion_forward"),
            (can("instruct", "instruct_again"), "登记领导批示", "secretariat.opinion_instruction"),
            (can("assign"), "交办承办单位", "secretariat.opinion_assign"),
        ]
        out += [(label, url_for(ep, matter_id=m.id), False) for ok, label, ep in office if ok]
        if can("publish") and issue is None:
            out.append(("编入《社情民意》", url_for("secretariat.bulletins"), False))
    elif user.has_role("leader") and user.org_id == m.org_id:
        if any(wf.can(stage, a, rules.LEADER) for a in ("instruct", "instruct_again")):
            out.append(("领导批示", url_for("board.opinion_instruction", matter_id=m.id), False))
    return out + department_links(user, m)


def opinion_page(m):
    ids = [m.id]
    issue = sel.issue_of(ids).get(m.id)
    lead = m.lead_assignment
    due = state = None
    if lead is not None and m.stage in po.IN_HANDS:
        due = deadline_sel.assignment_due(lead, loop_sel.meetings(m.org_id))
        state = rules.deadline_state(due.on, local_today())
    mine = rules.PROPOSER in parties_of(current_user, m)
    return render_template(
        "loops/opinion.html",
        matter=m,
        issue=issue,
        files=sel.files(m.id),
        event_files=loop_sel.event_files(m.events),
        forwards=sel.forwards(ids).get(m.id, []),
        instructions=sel.instructions(ids).get(m.id, []),
        lead=lead,
        due=due,
        due_state=state,
        states=rules.DEADLINE_STATES,
        reason=sel.last_note(m, "decline", "reject", "withdraw"),
        actions=opinion_actions(current_user, m, issue),
        can_withdraw=mine and m.spec.workflow.can(m.stage, "withdraw", rules.PROPOSER),
        confirm=ConfirmForm(),
        author=author(m),
    )


LOOP_PAGES[po.LOOP] = opinion_page


def author(m) -> str:
    """Who reported: the collective, else the member(s)."""
    if m.collective_name:
        return m.collective_name
    return "、".join(p.member.name for p in m.people if p.part == "proposer")


def _reader() -> None:
    """Members, leaders and the secretariat read the bulletin; a department does not."""
    if not reads_body_lists(current_user):
        abort(404)


@bp.route("/bulletins")
@login_required
def bulletins():
    _reader()
    return render_template(
        "loops/bulletins.html",
        issues=sel.bulletins(current_user.org_id, published_only=True),
    )


@bp.route("/bulletins/<int:bulletin_id>")
@login_required
def bulletin(bulletin_id: int):
    """The issue's printable A4 page, generated from the reports in it. Before it is
    published only the secretariat and leaders see it (a proof)."""
    _reader()
    issue = sel.bulletin(current_user.org_id, bulletin_id)
    office = current_user.has_role("secretariat") or current_user.has_role("leader")
    if issue is None or not (issue.is_published or office):
        abort(404)
    return render_template("loops/bulletin.html", issue=issue, author=author)
