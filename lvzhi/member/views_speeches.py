"""我的大会发言 and 我的工作建议: the member's lists (stage, mode, feedback and its deadline, the
answer), one form each that submits at once (a double tap submits one: the form's token),
and withdrawing a speech or a suggestion not yet taken further."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_login import current_user

from ..domain import loops as rules
from ..forms import ConfirmForm, button_action, form_action
from ..models import Matter
from ..selectors import loop_deadlines as deadline_sel
from ..selectors import loops as loop_sel
from ..selectors import speeches as sel
from ..selectors.proposals import proposer_names
from ..services import speeches as svc
from ..services.loop_parties import parties_of
from ..services.proposals import proposal_collectives
from . import bp
from .forms_speeches import SpeechForm, WorkSuggestionForm
from .views import own_member


def _matter_url(m: Matter) -> str:
    return url_for("loops.matter", matter_id=m.id)


@bp.route("/speeches")
def speeches():
    member = own_member()
    mine = sel.rows(current_user.org_id, sel.SPEECH_LOOP, member_id=member.id)
    calendar = loop_sel.meetings(current_user.org_id)
    return render_template(
        "member/speeches/list.html",
        mine=mine,
        dues={d.matter.id: d for d in deadline_sel.deadlines(mine, calendar)},
        states=rules.DEADLINE_STATES,
        proposer_names=proposer_names,
        mode_label=sel.mode_label,
        last_note=sel.last_note,
    )


@bp.route("/speeches/new", methods=["GET", "POST"])
def speech_new():
    own_member()
    form = SpeechForm()
    form.offer(proposal_collectives(current_user))

    def submit():
        kind, name = form.speaker()
        return svc.speech_submit(
            current_user,
            form.title.data,
            form.content.data,
            client_token=form.token.data or None,
            collective_kind=kind,
            collective_name=name,
        )

    done = form_action(form, submit, "大会发言已提交，等待政协机关选用。", _matter_url)
    if done:
        return done
    form.fresh_token()
    return render_template("member/speeches/form.html", form=form)


def _own(matter_id: int, loop: str) -> Matter:
    m = loop_sel.matter(current_user.org_id, matter_id)
    if m is None or m.loop != loop or rules.PROPOSER not in parties_of(current_user, m):
        abort(404)
    return m


def _withdraw(matter_id: int, loop: str, service, message: str):
    m = _own(matter_id, loop)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    return button_action(
        lambda: service(current_user, m, version=form.version.data), message, _matter_url(m)
    )


@bp.route("/speeches/<int:matter_id>/withdraw", methods=["POST"])
def speech_withdraw(matter_id: int):
    return _withdraw(matter_id, sel.SPEECH_LOOP, svc.speech_withdraw, "大会发言已撤回。")


@bp.route("/work-suggestions")
def work_suggestions():
    member = own_member()
    mine = sel.rows(current_user.org_id, sel.WORK_SUGGESTION_LOOP, member_id=member.id)
    return render_template("member/speeches/suggestions.html", mine=mine, last_note=sel.last_note)


@bp.route("/work-suggestions/new", methods=["GET", "POST"])
def work_suggestion_new():
    own_member()
    form = WorkSuggestionForm()

    def submit():
        return svc.work_suggestion_submit(
            current_user, form.title.data, form.content.data, client_token=form.token.data or None
        )

    done = form_action(form, submit, "工作建议已提交，已记入十个一。", _matter_url)
    if done:
        return done
    form.fresh_token()
    return render_template("member/speeches/suggestion_form.html", form=form)


@bp.route("/work-suggestions/<int:matter_id>/withdraw", methods=["POST"])
def work_suggestion_withdraw(matter_id: int):
    return _withdraw(
        matter_id, sel.WORK_SUGGESTION_LOOP, svc.work_suggestion_withdraw, "工作建议已撤回。"
    )
