"""The matter's page and the public proposal list."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..auth.permissions import can_see_matter, is_writer, is_writers_draft, reads_body_lists
from ..clock import local_today
from ..department.views import MatterPage as DeptPage
from ..department.views import actions_for as dept_actions_for
from ..domain import loops as rules
from ..extensions import db
from ..forms import STALE, ConfirmForm, form_action
from ..htmx import render
from ..models import DutyRecord, Matter
from ..selectors import loop_deadlines as deadline_sel
from ..selectors import loops as loop_sel
from ..selectors import proposals as sel
from ..selectors import suggestions as suggestion_sel
from ..web import int_arg, paged
from . import bp
from .views_topics import topic_page

TOPIC_LOOPS = ("consultation", "supervision")

# the page offers each allowed action as a link (a form page) or a POST button, by action;
# department actions link to the department portal's forms — see department_links
PROPOSER_LINKS = {
    "edit": ("member.proposal_edit", False),
    "submit": ("member.proposal_submit", True),
    "recall": ("member.proposal_recall", True),
    "evaluate": ("member.proposal_evaluate", False),
}
OFFICE_LINKS = {
    "file": ("secretariat.proposal_review", False),
    "assign": ("secretariat.proposal_assign", False),
    "mark_key": ("secretariat.proposal_key", False),
    "extend": ("secretariat.proposal_extend", False),
    "supervise": ("secretariat.proposal_supervise", False),
    "mark_excellent": ("secretariat.proposal_excellent", True),
    "unfile": ("secretariat.proposal_review", False),
    "forward": ("secretariat.proposal_review", False),
}
LEADER_LINKS = {"instruct": ("board.proposal_instruct", False)}
# each loop's links by role (a role's table applies when the viewer holds it)
LOOP_LINKS = {
    "proposal": {"member": PROPOSER_LINKS, "secretariat": OFFICE_LINKS, "leader": LEADER_LINKS},
    "speech": {
        "member": {"withdraw": ("member.speech_withdraw", True)},
        "secretariat": {
            "select": ("secretariat.speech_select", False),
            "reject": ("secretariat.speech_select", False),
            "unselect": ("secretariat.speech_unselect", False),
            "instruct": ("secretariat.speech_instruct", False),
            "assign": ("secretariat.speech_assign", False),
            "supervise": ("secretariat.speech_supervise", False),
        },
        "leader": {
            "instruct": ("board.speech_instruct", False),
            "supervise": ("board.speech_supervise", False),
        },
    },
    "work_suggestion": {
        "member": {"withdraw": ("member.work_suggestion_withdraw", True)},
        "secretariat": {
            "adopt": ("secretariat.work_suggestion_answer", False),
            "note": ("secretariat.work_suggestion_answer", False),
        },
    },
}
LINK_LABELS = {
    "secretariat.speech_select": "选用",
    "secretariat.work_suggestion_answer": "答复",
}


def department_links(user, matter) -> list[tuple[str, str, bool]]:
    """The department actions the viewer may take, as links to the portal's forms: a contact
    for its own assignment; the secretariat for each assigned department (on its behalf),
    plus deciding a pending 改办 request. The actions are the portal's own (``actions_for``)."""
    own = user.has_role("department") and user.department_id
    if own:
        pages = [
            DeptPage(matter, a.department, a)
            for a in matter.assignments
            if a.active and a.department_id == user.department_id
        ]
    elif user.has_role("secretariat"):
        pages = [DeptPage(matter, a.department, a) for a in matter.assignments if a.active]
    else:
        return []
    wf = matter.spec.workflow
    out = []
    for p in pages:
        args = {} if own else {"department": p.dept.id}
        prefix = "" if own else f"代{p.dept.name}"
        for action in dept_actions_for(p):
            url = url_for("department.matter", matter_id=matter.id, _anchor=action, **args)
            out.append((prefix + wf.action_label(action), url, False))
        a = p.assignment
        if not own and a.reassign_asked_at is not None and not a.reassign_decision:
            url = url_for("department.matter", matter_id=matter.id, _anchor="decide", **args)
            out.append((f"审核{p.dept.name}的改办申请", url, False))
    return out


def _withdraw_question(matter) -> str:
    credited = db.session.scalar(
        select(DutyRecord.id)
        .where(
            DutyRecord.member_id.in_([p.member_id for p in matter.people] or [-1]),
            DutyRecord.source_type == matter.loop,
            DutyRecord.source_id == matter.id,
        )
        .limit(1)
    )
    return "确定撤回？撤回后不能恢复" + ("，已记入的十个一也随之撤销。" if credited else "。")


# posts that cannot be undone: the question the button asks first
ASK_FIRST = {
    "member.speech_withdraw": _withdraw_question,
    "member.work_suggestion_withdraw": _withdraw_question,
}


def page_actions(user, matter) -> list[tuple[str, str, bool | str]]:
    """(label, url, is_post) for what the viewer may do now — from ``allowed_actions``;
    ``is_post`` is the question to ask first for a post that cannot be undone."""
    allowed = sel.viewer_actions(user, matter)
    wf = matter.spec.workflow
    links = {}
    for role, table in LOOP_LINKS.get(matter.loop, {}).items():
        if user.has_role(role):
            links.update(table)
    out, seen = [], set()
    for action in allowed:
        target = links.get("evaluate" if action == "rehandle" else action)
        if target is None or target[0] in seen and not target[1]:
            continue
        endpoint, is_post = target
        seen.add(endpoint)
        label = "评价答复" if action in ("evaluate", "rehandle") else wf.action_label(action)
        if endpoint == "secretariat.proposal_review":
            label = "立案审查" if action == "file" else "撤销立案或转交"
        label = LINK_LABELS.get(endpoint, label)
        if is_post and endpoint in ASK_FIRST:  # cannot be undone: the button asks first
            is_post = ASK_FIRST[endpoint](matter)
        out.append((label, url_for(endpoint, matter_id=matter.id), is_post))
    leader_note = matter.loop == "proposal" and "supervise" in allowed and "instruct" not in allowed
    if user.has_role("leader") and leader_note:
        out.append(("督办", url_for("board.proposal_instruct", matter_id=matter.id), False))
    return out + department_links(user, matter)


def matter_form(m, form, action, message: str, heading: str, hint: str = ""):
    """The one shape of a small form on a matter (督办, 延期, 批示 …): opened on the matter's
    version, posted through the service, back to the matter's page."""
    if form.version.data is None:  # opened now; posted without one, it is stale
        form.version.data = m.version if request.method == "GET" else STALE
    done = form_action(form, action, message, url_for("loops.matter", matter_id=m.id))
    return done or render_template(
        "loops/matter_form.html", form=form, matter=m, heading=heading, hint=hint
    )


def matter_or_404(matter_id: int):
    matter = loop_sel.matter(current_user.org_id, matter_id)
    if matter is None or not can_see_matter(current_user, matter):
        abort(404)
    return matter


def loop_matter_or_404(matter_id: int, *loops: str) -> Matter:
    """A matter of the user's body in one of ``loops`` (its timeline loaded); else 404, as
    for a writer's draft the user may not see (an action's page would show its title)."""
    matter = loop_sel.matter(current_user.org_id, matter_id)
    if matter is None or matter.loop not in loops:
        abort(404)
    if is_writers_draft(matter) and not is_writer(current_user, matter):
        abort(404)
    return matter


# a loop with a page of its own registers it here: loop code → view(matter)
LOOP_PAGES: dict = {}


@bp.route("/<int:matter_id>")
@login_required
def matter(matter_id: int):
    m = matter_or_404(matter_id)
    if m.loop in LOOP_PAGES:
        return LOOP_PAGES[m.loop](m)
    if m.loop in TOPIC_LOOPS:  # consultation / supervision: their own page
        return topic_page(m)
    calendar = loop_sel.meetings(m.org_id)
    today = local_today()
    assignments = []
    for a in m.assignments:
        due = deadline_sel.assignment_due(a, calendar) if a.active else None
        state = rules.deadline_state(due.on, today) if due and m.stage in rules.IN_HANDS else None
        assignments.append((a, due, state))
    due = deadline_sel.matter_due(m, calendar)
    return render(
        "loops/matter.html",
        matter=m,
        filing=rules.filing_state(m.stage),
        due=due,
        due_state=rules.deadline_state(due.on, today) if due else None,
        assignments=assignments,
        files=loop_sel.event_files(m.events),
        evaluations=sel.evaluations([m.id]),
        invitation=sel.invitation(current_user, m),
        consent_open=rules.CONSENT_OPEN,
        actions=page_actions(current_user, m),
        confirm=ConfirmForm(),
        invited=[p for p in m.people if p.consent == "invited"],
        states=rules.DEADLINE_STATES,
        proposers=sel.proposer_names(m),
        merged_from=sel.merged_from(m, current_user),
        **suggestion_sel.matter_context(m),
    )


def public_filter() -> sel.ProposalFilter:
    return sel.ProposalFilter(
        year=int_arg("year", 2000, 2100),
        q=request.args.get("q", "")[:50],
        category=request.args.get("category", "")[:30],
        department_id=int_arg("department"),
        public_only=True,
    )


@bp.route("/proposals")
@login_required
def proposals():
    if not reads_body_lists(current_user):
        abort(403)  # a department contact reads only what is assigned to it (can_see_matter)
    f = public_filter()
    page = paged(sel.proposals_select(current_user.org_id, f))
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render(
        "loops/proposals.html",
        page=page,
        f=f,
        args=args,
        categories=sel.categories(current_user.org_id),
        departments=sel.departments(current_user.org_id),
        filing_state=rules.filing_state,
        proposer_names=sel.proposer_names,
    )
