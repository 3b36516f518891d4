"""提案 for the secretariat: the queue per stage (filters, search, paging), 立案 review (file /
not file → opinion / return / merge / unfile / forward), 交办 one by one or many on one page,
重点提案 with its supervising leader, 督办 notes, the extension and 优秀提案."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..clock import local_today
from ..domain import loops as rules
from ..extensions import db
from ..forms import ConfirmForm, form_action, id_choices
from ..htmx import render
from ..loops.views import loop_matter_or_404, matter_form
from ..models import Department, Matter, User
from ..selectors import loops as loop_sel
from ..selectors import proposals as sel
from ..services import ServiceError
from ..services import loop_handling as handling
from ..services import loops as loop_svc
from ..services import proposal_review as review_svc
from ..web import id_or_none, int_arg, paged, year_arg
from . import bp
from .forms_proposals import AssignForm, ExtendForm, KeyForm, NoteForm, ReviewForm

# the stages the secretariat works on, in the order of the queue's tabs
QUEUE = (
    rules.SUBMITTED,
    rules.FILED,
    rules.ASSIGNED,
    rules.HANDLING,
    rules.REPLIED,
    rules.REHANDLING,
)


def queue_filter() -> sel.ProposalFilter:
    stage = request.args.get("stage", rules.SUBMITTED)
    return sel.ProposalFilter(
        year=year_arg() or local_today().year,
        stage=stage if stage in rules.PROPOSAL_STAGES or stage == "all" else rules.SUBMITTED,
        q=request.args.get("q", "")[:50],
        category=request.args.get("category", "")[:30],
        department_id=int_arg("department"),
        key_only=request.args.get("key") == "1",
    )


@bp.route("/proposals")
def proposals():
    f = queue_filter()
    page = paged(sel.proposals_select(current_user.org_id, f))
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    counts = loop_sel.stage_counts(current_user.org_id, f.year).get("proposal", {})
    return render(
        "secretariat/proposals/queue.html",
        page=page,
        f=f,
        args=args,
        counts=counts,
        queue=QUEUE,
        stages=rules.PROPOSAL_STAGES,
        categories=sel.categories(current_user.org_id),
        departments=sel.departments(current_user.org_id),
        filing_state=rules.filing_state,
        proposer_names=sel.proposer_names,
    )


def proposal_or_404(matter_id: int) -> Matter:
    return loop_matter_or_404(matter_id, "proposal")


def _matter_url(m: Matter) -> str:
    return url_for("loops.matter", matter_id=m.id)


def _department(dept_id: int | None) -> Department | None:
    d = db.session.get(Department, dept_id) if dept_id else None
    return d if d is not None and d.org_id == current_user.org_id else None


def _filed_choices(m: Matter) -> list[tuple]:
    rows = db.session.scalars(
        select(Matter)
        .where(
            Matter.org_id == m.org_id,
            Matter.loop == "proposal",
            Matter.year == m.year,
            Matter.id != m.id,
            Matter.stage.in_(loop_sel.FILED_STAGES),
        )
        .order_by(Matter.number)
    )
    return [("", "— 请选择 —")] + [(x.id, f"{x.number_text} {x.title}") for x in rows]


REVIEW_DONE = {
    "file": "已立案。",
    "not_file": "已转为意见建议。",
    "return": "已退回提案人修改。",
    "merge": "已并案。",
    "unfile": "已撤销立案。",
    "forward": "已转交承办单位参考。",
}


@bp.route("/proposals/<int:matter_id>/review", methods=["GET", "POST"])
def proposal_review(matter_id: int):
    m = proposal_or_404(matter_id)
    form = ReviewForm()
    form.into.choices = _filed_choices(m)
    form.department.choices = id_choices(sel.departments(m.org_id))
    if request.method == "GET":
        form.version.data = m.version
        form.session.data = review_svc.session_label(m)
    decision = request.form.get("decision", "")

    def decide():
        v, note = form.version.data, (form.note.data or "").strip()
        if decision == "file":
            return review_svc.proposal_file(current_user, m, version=v, session=form.session.data)
        if decision == "not_file":
            return review_svc.proposal_not_file(
                current_user, m, form.reason.data or "", note, version=v
            )
        if decision == "return":
            return review_svc.proposal_return(current_user, m, note, version=v)
        if decision == "unfile":
            return review_svc.proposal_unfile(current_user, m, note, version=v)
        if decision == "merge":
            into = db.session.get(Matter, form.into.data) if form.into.data else None
            if into is None:
                raise ServiceError("请选择要并入的提案。", field="into")
            return review_svc.proposal_merge(current_user, m, into, version=v)
        if decision == "forward":
            dept = _department(form.department.data)
            if dept is None:
                raise ServiceError("请选择转交单位。", field="department")
            return review_svc.proposal_forward(current_user, m, dept, version=v)
        raise ServiceError("请选择审查结果。")

    done = form_action(form, decide, REVIEW_DONE.get(decision), _matter_url(m))
    if done:
        return done
    allowed = sel.viewer_actions(current_user, m)
    return render_template(
        "secretariat/proposals/review.html", form=form, matter=m, allowed=allowed
    )


@bp.route("/proposals/<int:matter_id>/assign", methods=["GET", "POST"])
def proposal_assign(matter_id: int):
    m = proposal_or_404(matter_id)
    form = AssignForm().offer(sel.departments(current_user.org_id))
    if request.method == "GET":
        form.version.data = m.version

    def assign():
        lead, co = form.chosen()
        return loop_svc.matter_assign(current_user, m, lead, co, version=form.version.data)

    done = form_action(form, assign, "已交办。", _matter_url(m))
    if done:
        return done
    return render_template(
        "secretariat/proposals/assign.html",
        form=form,
        matter=m,
        setting=loop_svc.setting(m.org_id, m.year, "proposal"),
    )


BULK_ASSIGN_ROWS = 100  # a phone page of selects stays usable; the rest follow once these go


@bp.route("/proposals/assign", methods=["GET", "POST"])
def proposals_assign_many():
    """Bulk 交办: every filed proposal on one page with its lead and co-handling departments;
    the rows whose lead is chosen are assigned together (all or none)."""
    filed = sel.proposals_select(current_user.org_id, sel.ProposalFilter(stage=rules.FILED))
    rows = list(db.session.scalars(filed.limit(BULK_ASSIGN_ROWS)))
    total = len(rows)
    if total == BULK_ASSIGN_ROWS:
        total = db.session.scalar(select(func.count()).select_from(filed.subquery()))
    depts = sel.departments(current_user.org_id)
    by_id = {d.id: d for d in depts}
    confirm = ConfirmForm()
    errors = []
    if request.method == "POST" and confirm.validate_on_submit():
        picked = []
        for m in rows:
            lead = by_id.get(int_form(f"lead-{m.id}") or 0)
            if lead is None:
                continue
            co = [
                by_id[i] for i in map(id_or_none, request.form.getlist(f"co-{m.id}")) if i in by_id
            ]
            picked.append((m, lead, co))
        if not picked:
            errors.append("请至少为一件提案选择主办单位。")
        else:
            try:
                n = loop_svc.matters_assign(current_user, picked)
                flash(f"已交办 {n} 件提案。", "success")
                return redirect(url_for("secretariat.proposals", stage=rules.ASSIGNED), code=303)
            except ServiceError as exc:
                errors.append(exc.message)
    return render_template(
        "secretariat/proposals/assign_many.html",
        rows=rows,
        total=total,
        departments=depts,
        form=confirm,
        errors=errors,
        proposer_names=sel.proposer_names,
    )


def int_form(name: str) -> int | None:
    return id_or_none(request.form.get(name, ""))


@bp.route("/proposals/<int:matter_id>/key", methods=["GET", "POST"])
def proposal_key(matter_id: int):
    m = proposal_or_404(matter_id)
    form = KeyForm()
    form.leader.choices = [("", "— 请选择 —")] + [
        (u.id, u.display_name) for u in sel.leaders(m.org_id)
    ]
    if request.method == "GET":
        form.is_key.data, form.leader.data = True, m.supervising_leader_id
        if m.supervising_leader_id is None:
            form.leader_name.data = m.supervising_leader_name

    def mark():
        leader = db.session.get(User, form.leader.data) if form.leader.data else None
        return handling.matter_mark_key(
            current_user,
            m,
            leader,
            bool(form.is_key.data),
            version=form.version.data,
            leader_name=form.leader_name.data or "",
        )

    return matter_form(m, form, mark, "已保存重点提案设置。", "重点提案")


@bp.route("/proposals/<int:matter_id>/extend", methods=["GET", "POST"])
def proposal_extend(matter_id: int):
    m = proposal_or_404(matter_id)
    form = ExtendForm()

    def extend():
        return handling.matter_extend(
            current_user, m, form.to.data, form.reason.data, version=form.version.data
        )

    hint = "每件提案只能延期一次，最长不超过交办后 6 个月。"
    return matter_form(m, form, extend, "已延期。", "延期答复", hint)


@bp.route("/proposals/<int:matter_id>/supervise", methods=["GET", "POST"])
def proposal_supervise(matter_id: int):
    m = proposal_or_404(matter_id)
    form = NoteForm()

    def note():
        return handling.matter_supervise(current_user, m, form.note.data, version=form.version.data)

    return matter_form(m, form, note, "已记录督办情况。", "督办")


@bp.route("/proposals/<int:matter_id>/excellent", methods=["POST"])
def proposal_excellent(matter_id: int):
    m = proposal_or_404(matter_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        review_svc.proposal_mark_excellent(
            current_user, m, not m.is_excellent, version=form.version.data
        )
        flash("已评为优秀提案。" if m.is_excellent else "已取消优秀提案。", "success")
    except ServiceError as exc:
        flash(exc.message, "error")
    return redirect(_matter_url(m), code=303)
