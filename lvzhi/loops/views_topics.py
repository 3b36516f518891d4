"""A consultation or supervision topic's page (timeline, people, documents, deadline, the
secretariat's next steps) and the year's overview of both loops by stage, with its .xlsx
export of every topic."""

from __future__ import annotations

from flask import abort, current_app, flash, render_template, request, url_for
from flask_login import current_user

from ..auth.permissions import org_get_or_404, roles_required
from ..clock import local_day, local_today
from ..domain import consultations as rules
from ..domain.loop_specs import CONSULTATION_KINDS, LOOPS
from ..domain.loops import COMMITTEE, DEADLINE_STATES, SECRETARIAT
from ..excel import workbook_bytes, xlsx_response
from ..extensions import db
from ..forms import ConfirmForm, button_action, checked_uploads, form_action, id_choices
from ..htmx import hx_redirect, render
from ..models import Member
from ..secretariat.forms_consultations import StepForm, TopicAssignForm
from ..selectors import consultations as sel
from ..selectors import loops as loop_sel
from ..selectors import suggestions as suggestion_sel
from ..selectors.roster import departments
from ..services import ServiceError
from ..services import consultations as svc
from ..services.consultations import FILE_NEEDED, NOTE_NEEDED
from ..services.loop_parties import parties_of
from ..web import form_ids, page_arg, year_arg
from . import bp

# steps the page does not offer as a plain step form (they have their own)
OWN_FORMS = ("assign", "people", "check", "supervise", "reassign")  # 改办: the topic's edit


def _due(m, calendar):
    if m.loop == "consultation":
        return sel.topic_due(m, calendar)
    reported = min((e.at for e in m.events if e.action == "report"), default=None)
    return sel.supervision_due(local_day(reported))


def runner(m) -> str | None:
    """Who the viewer runs topic ``m`` as: the secretariat, the director of a consultation's
    lead committee, or nobody (they only read it)."""
    mine = parties_of(current_user, m)
    return next((p for p in (SECRETARIAT, COMMITTEE) if p in mine), None)


def _matter_url(m) -> str:
    return url_for("loops.matter", matter_id=m.id)


def topic_page(m, step_forms: dict | None = None, assign_form=None, requirement=None):
    """The topic's page; a refused form comes back in ``step_forms`` / ``assign_form`` /
    ``requirement`` (its code and form) with its errors and what was typed. The secretariat
    runs every step; the lead committee's director the research and the consultation (its
    own forms post to the committee's routes)."""
    calendar = loop_sel.meetings(m.org_id)
    due = _due(m, calendar)
    files = loop_sel.event_files(m.events)
    party = runner(m)
    office = party == SECRETARIAT
    wf = m.spec.workflow
    steps = []
    if party:
        step_forms = step_forms or {}
        for action in wf.allowed_actions(m.stage, [party]):
            if action in OWN_FORMS:
                continue
            form = step_forms.get(action) or StepForm(
                formdata=None, prefix=action, version=m.version
            )
            steps.append(
                (
                    action,
                    wf.action_label(action),
                    wf.actions[action].target is not None,
                    form,
                    FILE_NEEDED.get((m.loop, action)),
                    NOTE_NEEDED.get((m.loop, action)),
                )
            )
    # a step posted that the page no longer offers (done meanwhile): its refusal, its text
    offered = {s[0] for s in steps}
    refused = [f for action, f in (step_forms or {}).items() if action not in offered]
    assign = None
    if office and "assign" in wf.allowed_actions(m.stage, [SECRETARIAT]):
        assign = assign_form or TopicAssignForm(
            formdata=None, version=m.version, lead=m.lead_department_id
        )
        assign.lead.choices = id_choices([d for d in departments(m.org_id) if d.is_active])
    elif assign_form is not None:  # assigned meanwhile: its refusal and its note stay
        refused.append(assign_form)
    return render_template(
        "loops/topic.html",
        matter=m,
        kind=CONSULTATION_KINDS.get(m.kind, ""),
        due=due,
        due_state=sel.due_state(m, due, local_today()),
        states=DEADLINE_STATES,
        people=sel.people_lists(m),
        documents=sel.documents(m, files),
        files=files,
        checks=sel.checks(m.id) if m.loop == "supervision" else {},
        requirements=rules.REQUIREMENTS if m.loop == "supervision" else {},
        requirement=requirement,
        effects=[e for e in m.events if e.action == "effect"],
        steps=steps,
        refused=refused,
        assign=assign,
        office=office,
        ep="secretariat" if office else "committee",
        runs_people=party is not None and wf.can(m.stage, "people", party),
        own_committees=current_user.committee_ids() if party == COMMITTEE else set(),
        confirm=ConfirmForm(),
        **suggestion_sel.matter_context(m),
    )


# --- what the runner posts (the secretariat's and the committee's routes) ----------------------


def step_view(m, action: str):
    """A move or a document: note and files from the matter page's form for ``action``."""
    if action not in m.spec.workflow.actions:
        abort(404)
    form = StepForm(prefix=action)  # each step's form on the page has its own field ids

    def step():
        files = checked_uploads(form)
        if files is None:
            raise ServiceError(form.files.errors.pop(), field="files")
        return svc.topic_step(
            current_user,
            m,
            action,
            note=form.note.data or "",
            files=files,
            version=form.version.data,
        )

    label = m.spec.workflow.action_label(action)
    done = form_action(form, step, f"已办理：{label}。", _matter_url(m))
    if done:
        return done
    return topic_page(m, step_forms={action: form})


def people_view(m, part: str):
    """Pick members for list ``part``: a search (typed: htmx swaps the results in; plain: the
    form's GET) and checkboxes, posted together. The secretariat searches the body's roster,
    a committee's director the committee's own members."""
    label = rules.part_label(m.loop, part)
    party = runner(m)
    if not label or party is None:
        abort(404)
    committees = current_user.committee_ids() if party == COMMITTEE else None
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        ids = form_ids("member")
        members = [org_get_or_404(Member, i) for i in ids[:200]]
        try:
            n = svc.people_add(current_user, m, part, members)
        except ServiceError as exc:
            form.form_errors.append(exc.message)
        else:
            flash(f"已加入{label} {n} 人。", "success")
            return hx_redirect(_matter_url(m) + "#people")
    q = request.args.get("q", "")[:20].strip()
    present = {p.member_id for p in m.people if p.part == part}
    found = sel.roster_search(current_user.org_id, q, committee_ids=committees)
    return render(
        "secretariat/consultations/people.html",
        "secretariat/consultations/_people_found.html",
        matter=m,
        part=part,
        label=label,
        q=q,
        found=found,
        present=present,
        form=form,
        listed=[p for p in m.people if p.part == part],
        ep="secretariat" if party == SECRETARIAT else "committee",
        own_only=committees is not None,
    )


def person_remove_view(m, part: str, member_id: int):
    if not rules.part_label(m.loop, part):
        abort(404)
    member = org_get_or_404(Member, member_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return button_action(
        lambda: svc.person_remove(current_user, m, part, member),
        f"已移出：{member.name}。",
        _matter_url(m) + "#people",
    )


# --- the plenary discussions' feedback, to every member ----------------------------------------


@bp.route("/feedback")
@roles_required("member", "secretariat", "leader")
def plenary_feedback():
    """全会分组讨论意见的书面反馈: DOMAIN.md has it fed back "to all members" — every member
    of the body finds the fed-back topics here and opens each with its feedback."""
    page = db.paginate(
        sel.fed_back_to_all_select(current_user.org_id),
        page=page_arg(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_template("loops/plenary_feedback.html", page=page)


# --- the year's overview -------------------------------------------------------------------


@bp.route("/overview")
@roles_required("secretariat", "leader")
def overview():
    year = year_arg() or local_today().year
    org = current_user.org_id
    return render_template(
        "loops/overview.html",
        year=year,
        o=sel.overview(org, year),
        plan=sel.plan(org, year),
        supervision=sel.supervision_rows(org, year),
        kinds=CONSULTATION_KINDS,
        loops=LOOPS,
        states=DEADLINE_STATES,
    )


@bp.route("/overview.xlsx")
@roles_required("secretariat", "leader")
def overview_export():
    """Every consultation and supervision topic of the year, one row each."""
    year = year_arg() or local_today().year
    org = current_user.org_id
    plan = sel.plan(org, year, people=True)
    rows = [*plan.rows.values(), *sel.supervision_rows(org, year, people=True)]
    headers = ["闭环", "类别", "议题", "阶段", "所属会议", "牵头专委会", "牵头承办单位"]
    headers += ["牵头联系领导", "调研委员", "协商发言或监督委员", "反馈期限", "期限状态"]
    out = []
    for r in rows:
        m = r.matter
        lists = {part: names for part, _label, names in sel.people_lists(m)}
        others = lists.get("speaker") or lists.get("participant") or []
        out.append(
            [
                m.spec.name,
                CONSULTATION_KINDS.get(m.kind, ""),
                m.title,
                m.stage_label,
                f"{m.meeting.title} {m.meeting.held_on.isoformat()}" if m.meeting else "",
                m.committee.name if m.committee else "",
                m.lead_department.name if m.lead_department else "",
                m.contact,
                "、".join(p.member.name for p in lists.get("researcher", [])),
                "、".join(p.member.name for p in others),
                r.due.text if r.due else "",
                DEADLINE_STATES.get(r.state, "") if r.state else "",
            ]
        )
    data = workbook_bytes(f"{year}年度协商监督", headers, out)
    return xlsx_response(f"{year}年度协商和民主监督议题.xlsx", data)
