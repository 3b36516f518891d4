"""社情民意 for the secretariat: the editor's queue per stage, entering a collective's report,
采编 (adopt / decline / reject with a reason), 报送 with its level, a leader's 批示, 交办 to a
department, the year's figures and the .xlsx register."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import current_user

from ..clock import local_today
from ..domain import public_opinion as po
from ..forms import form_action
from ..loops.views import loop_matter_or_404, matter_form
from ..member.forms_public_opinion import OpinionForm
from ..member.views_public_opinion import _with_files, by_token, render_form
from ..models import Matter
from ..pages.opinion_figures import figures_page, register_export
from ..selectors import proposals as proposal_sel
from ..selectors import public_opinion as sel
from ..services import loops as loop_svc
from ..services import public_opinion as svc
from ..services.loop_instructions import matter_forward_record, matter_instruction_record
from ..stamps import kept_query_page
from ..web import page_arg, year_arg
from . import bp
from .forms_proposals import AssignForm
from .forms_public_opinion import ForwardForm, InstructionForm, OpinionReviewForm


@bp.route("/opinions")
def opinions():
    """The editor's queue under its year, stage and page, kept by the worker for the body
    and the query (``stamps.kept_query_page``)."""
    content = kept_query_page(
        "secretariat_opinions",
        current_user.org_id,
        "secretariat",
        "secretariat/opinions/_queue.html",
        _queue_context,
    )
    return render_template("secretariat/opinions/queue.html", content=content)


def _queue_context() -> dict:
    year = year_arg() or local_today().year
    stage = request.args.get("stage", po.SUBMITTED)
    stage = stage if stage in po.QUEUE or stage == "all" else po.SUBMITTED
    counts = sel.stage_counts(current_user.org_id, year)
    page = sel.queue_page(current_user.org_id, year, stage, page_arg(), counts)
    ids = [m.id for m in page.items]
    return {
        "page": page,
        "args": {"stage": stage, "year": year},
        "year": year,
        "stage": stage,
        "queue": po.QUEUE,
        "stages": po.STAGES,
        "counts": counts,
        "issues": sel.issue_of(ids),
        "unissued": sel.adopted_unissued_count(current_user.org_id, year),
    }


def opinion_or_404(matter_id: int) -> Matter:
    return loop_matter_or_404(matter_id, po.LOOP)


def _matter_url(m: Matter) -> str:
    return url_for("loops.matter", matter_id=m.id)


@bp.route("/opinions/new", methods=["GET", "POST"])
def opinion_enter():
    """A collective's report (室组, 专委会, 界别) entered by the secretariat and sent at once."""
    form = OpinionForm()
    form.offer_collectives(svc.opinion_collectives(current_user), own=False)
    done = form_action(
        form, _with_files(form, None), "已录入并报送。", url_for("secretariat.opinions")
    )
    if done:
        return done
    form.fresh_token()
    return render_form(form, by_token(form.token.data), url_for("secretariat.opinion_enter"))


@bp.route("/opinions/<int:matter_id>/review", methods=["GET", "POST"])
def opinion_review(matter_id: int):
    m = opinion_or_404(matter_id)
    form = OpinionReviewForm()
    return matter_form(
        m,
        form,
        lambda: svc.opinion_review(
            current_user, m, form.decision.data, form.reason.data or "", form.version.data
        ),
        "已保存采编意见。",
        "采编审核",
        "采用后可编入《社情民意》并报送；不予采用或不属于社情民意时请写明理由，委员可见。",
    )


@bp.route("/opinions/<int:matter_id>/forward", methods=["GET", "POST"])
def opinion_forward(matter_id: int):
    m = opinion_or_404(matter_id)
    form = ForwardForm()
    if request.method == "GET":
        form.on.data = local_today()
    return matter_form(
        m,
        form,
        lambda: matter_forward_record(
            current_user, m, form.level.data, form.on.data, form.note.data, form.version.data
        ),
        "已登记报送。",
        "登记报送",
        "报送县委县政府、市政协、省政协或全国政协，可分次登记。",
    )


@bp.route("/opinions/<int:matter_id>/instruction", methods=["GET", "POST"])
def opinion_instruction(matter_id: int):
    return instruction_form(opinion_or_404(matter_id), "有批示的信息可交办承办单位办理。")


def instruction_form(m: Matter, hint: str, own: bool = False):
    """The 批示 form: the secretariat's record of a leader's, or (``own``) a leader's own."""
    form = InstructionForm()
    if own:
        form.leader.label.text = "批示领导（姓名、职务，不填即为您本人）"
    if request.method == "GET":
        form.on.data = local_today()
    return matter_form(
        m,
        form,
        lambda: matter_instruction_record(
            current_user,
            m,
            form.level.data,
            form.leader.data or "",
            form.on.data,
            form.text.data or "",
            form.version.data,
        ),
        "已登记领导批示。",
        "登记领导批示",
        hint,
    )


@bp.route("/opinions/<int:matter_id>/assign", methods=["GET", "POST"])
def opinion_assign(matter_id: int):
    m = opinion_or_404(matter_id)
    form = AssignForm().offer(proposal_sel.departments(current_user.org_id))

    def assign():
        lead, co = form.chosen()
        return loop_svc.matter_assign(current_user, m, lead, co, version=form.version.data)

    return matter_form(
        m, form, assign, "已交办。", "交办承办单位", "承办单位在交办后 3 个月内反馈办理情况。"
    )


@bp.route("/opinions/figures")
def opinion_figures():
    return figures_page(year_arg() or local_today().year, "secretariat.opinions_export")


@bp.route("/opinions/export.xlsx")
def opinions_export():
    return register_export(current_user.org_id, year_arg() or local_today().year)
