"""我的提案: the member's proposals and invitations, the proposal form (drafts autosave with
htmx, the form works without it; a double tap creates one proposal via its token), inviting
co-proposers from the roster, answering an invitation, submit / recall and the evaluation."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..clock import local_now
from ..domain.loops import PROPOSER, RETURNED, SUBMITTED, evaluation_action
from ..forms import ConfirmForm, button_action, form_action
from ..htmx import hx_redirect, is_htmx
from ..models import Matter
from ..selectors import loop_deadlines as deadline_sel
from ..selectors import loops as loop_sel
from ..selectors import proposals as sel
from ..services import ServiceError
from ..services import proposals as svc
from ..web import form_ids, id_or_none, sent_twice
from . import bp
from .forms_proposals import EvaluationForm, ProposalForm
from .views import own_member


def _matter_url(m: Matter) -> str:
    return url_for("loops.matter", matter_id=m.id)


@bp.route("/proposals")
def proposals():
    member = own_member()
    rows = loop_sel.matters(current_user.org_id, "proposal", member_id=member.id)
    consent = {m.id: next(p.consent for p in m.people if p.member_id == member.id) for m in rows}
    mine = [m for m in rows if consent[m.id] == "confirmed"]
    invited = [m for m in rows if consent[m.id] == "invited"]
    calendar = loop_sel.meetings(current_user.org_id)
    dues = {d.matter.id: d for d in deadline_sel.deadlines(mine, calendar)}
    return render_template(
        "member/proposals/list.html",
        mine=mine,
        invited=invited,
        dues=dues,
        # the reply waits for the proposer's verdict: what the workflow allows, not a stage name
        evaluable={m.id for m in mine if m.spec.workflow.can(m.stage, "evaluate", PROPOSER)},
        proposer_names=sel.proposer_names,
        filing_state=sel.rules.filing_state,
        states=sel.rules.DEADLINE_STATES,
    )


def _own_draft(matter_id: int) -> Matter:
    """A proposal the member may edit (its first proposer): others get a 404."""
    m = loop_sel.matter(current_user.org_id, matter_id)
    if m is None or m.loop != "proposal" or "proposer" not in sel.parties_of(current_user, m):
        abort(404)
    return m


def _by_token(token: str | None) -> Matter | None:
    """The proposal an earlier post of this form (autosave or a double tap) created."""
    return loop_sel.by_token(current_user, token, "proposal")


def _save(form: ProposalForm, matter: Matter | None) -> Matter:
    values = form.values()
    public = bool(form.is_public.data)
    if matter is None:
        matter = _by_token(form.token.data)
        if matter is None:
            return svc.proposal_save(
                current_user, client_token=form.token.data or None, is_public=public, **values
            )
    if sent_twice(matter, values, SUBMITTED):
        return matter
    return svc.proposal_save(
        current_user, matter, version=form.version.data, is_public=public, **values
    )


def _save_and_maybe_submit(form: ProposalForm, matter: Matter | None) -> Matter:
    saved = _save(form, matter)
    if request.form.get("action") == "submit" and saved.stage != SUBMITTED:
        try:
            svc.proposal_submit(current_user, saved, version=saved.version)
        except ServiceError as exc:
            form.version.data = saved.version  # the draft is saved: keep editing it
            form.token.data = saved.client_token or form.token.data
            raise exc
    return saved


def _done_message(m: Matter) -> str:
    return "提案已提交，等待立案审查。" if m.stage == "submitted" else "草稿已保存。"


@bp.route("/proposals/new", methods=["GET", "POST"])
def proposal_new():
    own_member()
    form = ProposalForm()
    form.offer_collectives(svc.proposal_collectives(current_user))
    done = form_action(form, lambda: _save_and_maybe_submit(form, None), _done_message, _matter_url)
    if done:
        return done
    form.fresh_token()
    matter = _by_token(form.token.data)
    return render_template(
        "member/proposals/form.html", form=form, matter=matter, return_note=_return_note(matter)
    )


@bp.route("/proposals/<int:matter_id>/edit", methods=["GET", "POST"])
def proposal_edit(matter_id: int):
    m = _own_draft(matter_id)
    form = ProposalForm(obj=m if request.method == "GET" else None)
    form.offer_collectives(svc.proposal_collectives(current_user), m)
    if request.method == "GET":
        form.version.data = m.version
    done = form_action(form, lambda: _save_and_maybe_submit(form, m), _done_message, _matter_url)
    if done:
        return done
    return render_template(
        "member/proposals/form.html", form=form, matter=m, return_note=_return_note(m)
    )


def _return_note(matter: Matter | None) -> str | None:
    """The secretariat's reason when the proposal came back for revision, else None."""
    if matter is None or matter.stage != RETURNED:
        return None
    back = [e for e in matter.events if e.action == "return"]
    return back[-1].note if back else ""


@bp.route("/proposals/autosave", methods=["POST"])
def proposal_autosave():
    """htmx autosave of the open form: saves the draft, answers the new version (oob)."""
    own_member()
    form = ProposalForm()
    matter_id = request.form.get("matter_id", "")
    matter = _own_draft(ident) if (ident := id_or_none(matter_id)) is not None else None
    if not form.validate_on_submit():
        return render_template("member/proposals/_autosave.html", saved=None, form=form), 200
    try:
        saved = _save(form, matter)
    except ServiceError as exc:
        return render_template("member/proposals/_autosave.html", saved=None, error=exc.message)
    return render_template(
        "member/proposals/_autosave.html", saved=saved, at=local_now().strftime("%H:%M")
    )


def _post_action(matter_id: int, action, message: str):
    m = _own_draft(matter_id) if action is not svc.proposal_answer else _invited(matter_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        action(m, form)
        flash(message, "success")
    except ServiceError as exc:
        flash(exc.message, "error")
    return hx_redirect(_matter_url(m)) if is_htmx() else redirect(_matter_url(m), code=303)


@bp.route("/proposals/<int:matter_id>/submit", methods=["POST"])
def proposal_submit(matter_id: int):
    return _post_action(
        matter_id,
        lambda m, f: svc.proposal_submit(current_user, m, version=f.version.data),
        "提案已提交，等待立案审查。",
    )


@bp.route("/proposals/<int:matter_id>/recall", methods=["POST"])
def proposal_recall(matter_id: int):
    return _post_action(
        matter_id,
        lambda m, f: svc.proposal_recall(current_user, m, version=f.version.data),
        "提案已撤回为草稿。",
    )


def _invited(matter_id: int) -> Matter:
    m = loop_sel.matter(current_user.org_id, matter_id)
    if m is None or m.loop != "proposal" or sel.invitation(current_user, m) is None:
        abort(404)
    return m


@bp.route("/proposals/<int:matter_id>/answer", methods=["POST"])
def proposal_answer(matter_id: int):
    m = _invited(matter_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    accept = request.form.get("accept") == "1"
    return button_action(
        lambda: svc.proposal_answer(current_user, m, accept),
        "已同意联名。" if accept else "已谢绝联名。",
        _matter_url(m),
    )


@bp.route("/proposals/<int:matter_id>/invite", methods=["GET", "POST"])
def proposal_invite(matter_id: int):
    """联名: search the roster by name, tick members, invite them (each must confirm)."""
    m = _own_draft(matter_id)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        ids = form_ids("member")
        members = sel.members_by_id(current_user.org_id, ids)
        try:
            n = svc.proposal_invite(current_user, m, members)
            flash(f"已邀请 {n} 位委员联名，待其确认。", "success")
            return redirect(url_for("member.proposal_edit", matter_id=m.id), code=303)
        except ServiceError as exc:
            flash(exc.message, "error")
    q = request.args.get("q", "")[:20].strip()
    found = []
    if q:
        present = {p.member_id for p in m.people}
        found = sel.co_proposer_candidates(current_user.org_id, q, present)
    return render_template("member/proposals/invite.html", matter=m, q=q, found=found, form=form)


@bp.route("/proposals/<int:matter_id>/evaluate", methods=["GET", "POST"])
def proposal_evaluate(matter_id: int):
    m = _own_draft(matter_id)
    form = EvaluationForm()
    if request.method == "GET":
        form.version.data = m.version

    def evaluate():
        return svc.proposal_evaluate(
            current_user,
            m,
            form.verdict.data,
            contacted=form.contacted.data == "yes",
            contact_way=form.contact_way.data or "",
            attitude=form.attitude.data or "",
            note=form.note.data or "",
            version=form.version.data,
        )

    done = form_action(form, evaluate, "感谢您的评价。", _matter_url(m))
    if done:
        return done
    lead = m.lead_assignment
    # 不满意 sends the first reply back once; on the second it closes the proposal
    again = evaluation_action("unsatisfied", lead.round if lead else 1) == "rehandle"
    return render_template(
        "member/proposals/evaluate.html", form=form, matter=m, lead=lead, again=again
    )
