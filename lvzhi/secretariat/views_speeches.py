"""大会发言 and 政协工作建议 for the secretariat: a queue per stage of each, entering a
collective's speech, 选用 (oral / written) or not, 取消选用, recording a leader's 批示, 交办 and
督办 of an instructed speech (its handling is the department portal's), the answer to a work
suggestion, and the .xlsx register of each."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import current_user

from ..clock import local_today
from ..domain.loop_specs import SPEECH, WORK_SUGGESTION
from ..excel import workbook_bytes, xlsx_response
from ..forms import form_action
from ..htmx import render
from ..loops.views import loop_matter_or_404, matter_form
from ..models import Matter
from ..selectors import speeches as sel
from ..selectors.proposals import departments, proposer_names
from ..services import loop_handling as handling
from ..services import loops as loop_svc
from ..services import speeches as svc
from ..web import paged, year_arg
from . import bp
from .forms_proposals import AssignForm, NoteForm
from .forms_speeches import (
    NOT_SELECTED,
    AnswerForm,
    CollectiveSpeechForm,
    SelectSpeechForm,
    SpeechInstructForm,
    UnselectForm,
)

# the stages of each queue's tabs, in the order the work goes
SPEECH_QUEUE = ("submitted", "selected", "instructed", "assigned", "handling", "feedback")
SPEECH_QUEUE_MORE = ("not_selected", "withdrawn")
SUGGESTION_QUEUE = ("submitted", "adopted", "noted", "withdrawn")


def _queue(loop_spec, tabs: tuple[str, ...], template: str, **extra):
    year = year_arg() or local_today().year
    stage = request.args.get("stage", tabs[0])
    stage = stage if stage in loop_spec.workflow.stages or stage == "all" else tabs[0]
    stmt = sel.matters_select(
        current_user.org_id, loop_spec.code, year=year, stage="" if stage == "all" else stage
    )
    speeches, suggestions = sel.figures(current_user.org_id, year)
    counts = (speeches if loop_spec is SPEECH else suggestions).by_stage
    return render(
        template,
        page=paged(stmt),
        year=year,
        stage=stage,
        tabs=tabs,
        counts=counts,
        stages=loop_spec.workflow.stages,
        args={"stage": stage, "year": year},
        proposer_names=proposer_names,
        mode_label=sel.mode_label,
        last_note=sel.last_note,
        **extra,
    )


@bp.route("/speeches")
def speeches():
    return _queue(SPEECH, SPEECH_QUEUE, "secretariat/speeches/queue.html", more=SPEECH_QUEUE_MORE)


@bp.route("/work-suggestions")
def work_suggestions():
    return _queue(WORK_SUGGESTION, SUGGESTION_QUEUE, "secretariat/speeches/suggestions.html")


def _matter_url(m: Matter) -> str:
    return url_for("loops.matter", matter_id=m.id)


def _of_loop(matter_id: int, loop: str) -> Matter:
    return loop_matter_or_404(matter_id, loop)


@bp.route("/speeches/new", methods=["GET", "POST"])
def speech_enter():
    """录入集体发言: a party's, a sector's … speech, submitted for selection at once."""
    form = CollectiveSpeechForm()

    def enter():
        return svc.speech_submit(
            current_user,
            form.title.data,
            form.content.data,
            client_token=form.token.data or None,
            collective_kind=form.collective_kind.data,
            collective_name=form.collective_name.data,
        )

    done = form_action(form, enter, "集体发言已录入，等待选用。", _matter_url)
    if done:
        return done
    form.fresh_token()
    return render_template("secretariat/speeches/enter.html", form=form)


@bp.route("/speeches/<int:matter_id>/select", methods=["GET", "POST"])
def speech_select(matter_id: int):
    m = _of_loop(matter_id, "speech")
    form = SelectSpeechForm()

    def decide():
        v, note = form.version.data, form.note.data or ""
        if form.decision.data == NOT_SELECTED:
            return svc.speech_reject(current_user, m, note, version=v)
        return svc.speech_select(current_user, m, form.decision.data, note, version=v)

    hint = "选用为口头发言的，自动记入发言人十个一“重点协商发言”。"
    return matter_form(m, form, decide, "已记录选用结果。", "选用发言", hint)


@bp.route("/speeches/<int:matter_id>/unselect", methods=["GET", "POST"])
def speech_unselect(matter_id: int):
    m = _of_loop(matter_id, "speech")
    form = UnselectForm()

    def unselect():
        return svc.speech_unselect(current_user, m, form.reason.data, version=form.version.data)

    hint = "取消后回到待选用；口头发言记入的十个一将撤销。"
    return matter_form(m, form, unselect, "已取消选用。", "取消选用", hint)


def instruct_form(m: Matter, hint: str):
    """The 批示 form (the secretariat's record of it, or a leader's own)."""
    form = SpeechInstructForm()

    def instruct():
        return svc.speech_instruct(
            current_user,
            m,
            form.text.data,
            form.level.data,
            form.leader.data or "",
            version=form.version.data,
        )

    return matter_form(m, form, instruct, "已记录领导批示，请交办。", "领导批示", hint)


@bp.route("/speeches/<int:matter_id>/instruct", methods=["GET", "POST"])
def speech_instruct(matter_id: int):
    m = _of_loop(matter_id, "speech")
    return instruct_form(
        m, "记录领导对该发言的批示；批示后交承办单位办理，下一年度全会预备会议前书面反馈。"
    )


@bp.route("/speeches/<int:matter_id>/assign", methods=["GET", "POST"])
def speech_assign(matter_id: int):
    m = _of_loop(matter_id, "speech")
    form = AssignForm().offer(departments(current_user.org_id))

    def assign():
        lead, co = form.chosen()
        return loop_svc.matter_assign(current_user, m, lead, co, version=form.version.data)

    hint = "承办单位在承办单位平台办理，下一年度全会预备会议前向发言人书面反馈。"
    return matter_form(m, form, assign, "已交办。", "交办", hint)


def supervise_form(m: Matter):
    """The 督办 note on an instructed speech (the secretariat's, or a leader's own)."""
    form = NoteForm()

    def note():
        return handling.matter_supervise(current_user, m, form.note.data, version=form.version.data)

    return matter_form(m, form, note, "已记录督办情况。", "督办")


@bp.route("/speeches/<int:matter_id>/supervise", methods=["GET", "POST"])
def speech_supervise(matter_id: int):
    return supervise_form(_of_loop(matter_id, "speech"))


@bp.route("/work-suggestions/<int:matter_id>/answer", methods=["GET", "POST"])
def work_suggestion_answer(matter_id: int):
    m = _of_loop(matter_id, "work_suggestion")
    form = AnswerForm()

    def answer():
        return svc.work_suggestion_answer(
            current_user, m, form.answer.data, form.reply.data, version=form.version.data
        )

    return matter_form(m, form, answer, "已答复。", "答复工作建议", m.situation)


@bp.route("/speeches/export.xlsx")
def speeches_export():
    year = year_arg() or local_today().year
    data = workbook_bytes(
        f"{year}年度大会发言",
        sel.SPEECH_HEADERS,
        sel.speech_register(current_user.org_id, year),
        widths=[36, 18, 10, 10, 12, 40, 24, 40],
    )
    return xlsx_response(f"{year}年度大会发言登记表.xlsx", data)


@bp.route("/work-suggestions/export.xlsx")
def work_suggestions_export():
    year = year_arg() or local_today().year
    data = workbook_bytes(
        f"{year}年度政协工作建议",
        sel.SUGGESTION_HEADERS,
        sel.suggestion_register(current_user.org_id, year),
        widths=[36, 12, 10, 12, 50, 40],
    )
    return xlsx_response(f"{year}年度政协工作建议登记表.xlsx", data)
