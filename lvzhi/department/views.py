"""The portal's pages: the department's assignments (overdue first, then due soon — derived,
never stored) and one matter with what the department needs to handle it.

Who the portal is for (``acting_department``): a contact's own department; the secretariat
names any department of its body with ``?department=<id>`` and then sees and does what the
department would (the events record the secretariat user as actor)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from ..auth.permissions import org_get_or_404
from ..clock import local_today
from ..domain import loops as rules
from ..domain.loop_specs import spec as loop_spec
from ..models import Department, Matter, MatterAssignment
from ..selectors import loop_deadlines as deadline_sel
from ..selectors import loops as sel
from ..selectors.duty_overview import RowPage
from ..selectors.roster import departments as all_departments
from ..stamps import kept_query_page
from ..web import int_arg, page_arg
from . import bp
from .forms import (
    AcceptForm,
    ContactForm,
    CoOpinionForm,
    ProgressForm,
    ReassignAskForm,
    ReassignDecideForm,
    ReplyForm,
)

PER_PAGE = 20
FILTERS = {"": "全部", "accept": "待接收", "handling": "办理中", "replied": "已答复"}


def on_behalf() -> bool:
    """The secretariat acting for a department (not a contact in their own portal)."""
    own = current_user.has_role("department") and current_user.department_id
    return not own


def acting_department(required: bool = True) -> Department | None:
    """The department whose portal this is; a contact asking for another one gets a 404."""
    asked = int_arg("department")
    if not on_behalf():
        if asked is not None and asked != current_user.department_id:
            abort(404)
        return org_get_or_404(Department, current_user.department_id)
    if asked is None:
        if required:
            abort(404)
        return None
    return org_get_or_404(Department, asked)


def portal_args(dept: Department) -> dict:
    """The query arguments every portal link carries (the department, for the secretariat)."""
    return {"department": dept.id} if on_behalf() else {}


def row_status(due, loop: str, accepted_at) -> str:
    """replied (its part done) / accept (not received yet) / handling."""
    if due is None:
        return "replied"
    accepts = "accept" in loop_spec(loop).workflow.actions  # a topic is not "received"
    if accepts and accepted_at is None:
        return "accept"
    return "handling"


def work_status(work: deadline_sel.Work) -> str:
    return row_status(work.due, work.matter.loop, work.assignment.accepted_at)


@bp.route("/")
def home():
    """A department's assignments, kept (``stamps.kept_query_page``) for every viewer of the
    department's portal — its contacts alike, the secretariat acting for it apart (its
    links carry the department) — under the query (filter, page)."""
    dept = acting_department(required=False)
    if dept is None:  # the secretariat picks a department from its list first
        return redirect(url_for("secretariat.departments"), code=303)
    content = kept_query_page(
        "department_home",
        current_user.org_id,
        "secretariat" if on_behalf() else "department",
        "department/_home.html",
        lambda: _home_context(dept),
        scope=dept.id,
    )
    return render_template("department/home.html", content=content)


def _home_context(dept: Department) -> dict:
    rows = deadline_sel.department_rows(
        current_user.org_id, dept.id, local_today(), sel.meetings(dept.org_id)
    )
    status = {r.assignment_id: row_status(r.due, r.loop, r.accepted_at) for r in rows}
    counts = {key: 0 for key in FILTERS}
    for r in rows:
        counts[status[r.assignment_id]] += 1
    counts[""] = len(rows)
    shown = request.args.get("show", "")
    shown = shown if shown in FILTERS else ""
    page = RowPage.of(
        [r for r in rows if not shown or status[r.assignment_id] == shown], page_arg(), PER_PAGE
    )
    page.items = deadline_sel.work_of(page.items)  # only the page's matters are loaded
    return {
        "dept": dept,
        "page": page,
        "filters": FILTERS,
        "counts": counts,
        "shown": shown,
        "status": work_status,
        "states": rules.DEADLINE_STATES,
        "args": portal_args(dept),
        "overdue": sum(1 for r in rows if r.state == rules.OVERDUE),
    }


@dataclass
class MatterPage:
    matter: Matter
    dept: Department
    assignment: MatterAssignment


def matter_or_404(matter_id: int) -> MatterPage:
    """The matter and the acting department's active assignment on it; anything else 404.
    The secretariat without ``?department=`` acts for the lead department."""
    matter = sel.matter(current_user.org_id, matter_id)
    if matter is None:
        abort(404)
    dept = acting_department(required=False)
    if dept is None:
        lead = matter.lead_assignment or abort(404)
        dept = lead.department
    found = next((a for a in matter.assignments if a.active and a.department_id == dept.id), None)
    if found is None:
        abort(404)
    return MatterPage(matter, dept, found)


def actions_for(p: MatterPage) -> list[str]:
    """What the department may do now: the workflow's actions for the department party,
    narrowed by its own assignment (lead replies, a co-handler files its opinion)."""
    a, stage = p.assignment, p.matter.stage
    allowed = set(p.matter.spec.workflow.allowed_actions(stage, [rules.DEPARTMENT]))
    shown = []
    waiting = a.reassign_asked_at is not None and not a.reassign_decision
    in_hand = "accept" in allowed or not a.is_lead and stage in rules.IN_HANDS
    if a.accepted_at is None and in_hand and not waiting:  # asked to be relieved: not yet
        shown.append("accept")
    if "ask_reassign" in allowed and not waiting and a.accepted_at is None:
        shown.append("ask_reassign")
    if a.accepted_at is not None:
        shown += [x for x in ("contact", "progress") if x in allowed]
        if not a.is_lead and a.co_opinion_at is None and "co_opinion" in allowed:
            shown.append("co_opinion")
        if a.is_lead and "reply" in allowed:
            shown.append("reply")
    return shown


# a leader's 批示 and the 督办 of the matter: the department handles it because of them
LEADS = ("instruct", "instruct_again", "supervise")


def own_events(p: MatterPage) -> list:
    """The timeline lines the department needs: its own, the assignment, the verdicts, and
    for the lead the co-handlers' 会办意见 (sent to it)."""
    shared = ("assign", "rehandle", "evaluate", *LEADS) + (
        ("co_opinion",) if p.assignment.is_lead else ()
    )
    return [e for e in p.matter.events if e.department_id == p.dept.id or e.action in shared]


def render_matter(p: MatterPage, **forms):
    """The matter page; ``forms`` replaces a fresh form by the one just posted (with its
    errors and what was typed). A consultation or supervision topic has its own page
    (``views_topics``, which also serves the GET of this page)."""
    version = p.matter.version
    fresh = {
        "accept": AcceptForm(),
        "ask_reassign": ReassignAskForm(),
        "contact": ContactForm(on=local_today()),
        "progress": ProgressForm(),
        "co_opinion": CoOpinionForm(),
        "reply": ReplyForm(),
        "decide": ReassignDecideForm(),
    }
    for name, form in fresh.items():
        if name not in forms:
            form.version.data = version
    fresh.update(forms)
    events = own_events(p)
    pending = [
        a
        for a in p.matter.assignments
        if a.active and a.reassign_asked_at is not None and not a.reassign_decision
    ]
    if on_behalf() and pending:
        fresh["decide"].to.choices = [("", "— 请选择 —")] + [
            (d.id, d.name)
            for d in all_departments(current_user.org_id)
            if d.is_active and d.id != pending[0].department_id
        ]
    due = deadline_sel.assignment_due(p.assignment, sel.meetings(p.matter.org_id))
    today = local_today()
    return render_template(
        "department/matter.html",
        p=p,
        m=p.matter,
        a=p.assignment,
        dept=p.dept,
        forms=fresh,
        actions=actions_for(p) + [n for n in forms if n not in actions_for(p)],
        events=events,
        leads=[e for e in events if e.action in LEADS],
        # the proposers' numbers to the lead while it is to contact them — what the workflow
        # allows now, not a contact form just posted and refused
        phones=p.assignment.is_lead and "contact" in actions_for(p),
        files=sel.event_files(events),
        due=due,
        state=rules.deadline_state(due.on, today),
        states=rules.DEADLINE_STATES,
        reassign_refusal=rules.reassign_refusal(
            p.assignment.assigned_on, today, p.assignment.reassign_days
        ),
        pending=pending if on_behalf() else [],
        args=portal_args(p.dept),
        behalf=on_behalf(),
        rehandling=p.matter.stage == rules.REHANDLING,
        contact_ways=rules.CONTACT_WAYS,
    )
