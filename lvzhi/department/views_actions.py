"""The portal's forms: accept (接收), ask to reassign (申请改办), the contact with the proposer
(办前沟通), progress notes, a co-handler's opinion (会办意见), the reply (答复) — each for the
acting department (the secretariat: on its behalf) — and the secretariat's decision on a
reassignment request. One shape each: ``form_action`` → the service → back to the matter."""

from __future__ import annotations

from flask import abort, url_for
from flask_login import current_user

from ..auth.permissions import org_get_or_404
from ..forms import checked_uploads, form_action, id_choices
from ..models import Department, MatterAssignment
from ..selectors.roster import departments as all_departments
from ..services import ServiceError, loop_intake
from ..services import loop_handling as handling
from . import bp
from . import forms as f
from .views import MatterPage, matter_or_404, on_behalf, portal_args
from .views_topics import render_page


def _back(p: MatterPage) -> str:
    return url_for("department.matter", matter_id=p.matter.id, **portal_args(p.dept))


def _for(p: MatterPage) -> Department | None:
    """The ``department=`` a service needs: the one the secretariat acts for."""
    return p.dept if on_behalf() else None


def _post(matter_id: int, name: str, form, call, message):
    """Validate, call the service with the page, redirect back — or show the page again with
    this form's errors and what was typed."""
    p = matter_or_404(matter_id)
    done = form_action(form, lambda: call(p), message, _back(p))
    return done or render_page(p, **{name: form})


def _with_files(form, call):
    """``call(p, files)`` once the files passed their checks; a refused file stops here."""

    def run(p):
        files = checked_uploads(form)
        if files is None:  # form_action puts the message back next to the file field
            *earlier, last = form.files.errors
            form.files.errors = earlier
            raise ServiceError(last, field="files")
        return call(p, files)

    return run


@bp.route("/matters/<int:matter_id>/accept", methods=["POST"])
def accept(matter_id: int):
    form = f.AcceptForm()
    return _post(
        matter_id,
        "accept",
        form,
        lambda p: loop_intake.matter_accept(current_user, p.matter, _for(p), form.version.data),
        "已接收，请抓紧办理。",
    )


@bp.route("/matters/<int:matter_id>/reassign", methods=["POST"])
def ask_reassign(matter_id: int):
    form = f.ReassignAskForm()
    return _post(
        matter_id,
        "ask_reassign",
        form,
        lambda p: loop_intake.matter_ask_reassign(
            current_user, p.matter, form.reason.data, _for(p), form.version.data
        ),
        "已申请改办，等待政协机关审核。",
    )


@bp.route("/matters/<int:matter_id>/contact", methods=["POST"])
def contact(matter_id: int):
    form = f.ContactForm()
    return _post(
        matter_id,
        "contact",
        form,
        lambda p: handling.matter_contact(
            current_user,
            p.matter,
            form.way.data,
            form.on.data,
            form.note.data or "",
            _for(p),
            form.version.data,
        ),
        "已记录办前沟通。",
    )


@bp.route("/matters/<int:matter_id>/progress", methods=["POST"])
def progress(matter_id: int):
    form = f.ProgressForm()
    return _post(
        matter_id,
        "progress",
        form,
        _with_files(
            form,
            lambda p, files: handling.matter_progress(
                current_user, p.matter, form.note.data, _for(p), form.version.data, files
            ),
        ),
        "已记录办理进展。",
    )


@bp.route("/matters/<int:matter_id>/co-opinion", methods=["POST"])
def co_opinion(matter_id: int):
    form = f.CoOpinionForm()
    return _post(
        matter_id,
        "co_opinion",
        form,
        _with_files(
            form,
            lambda p, files: handling.matter_co_opinion(
                current_user, p.matter, form.opinion.data, _for(p), form.version.data, files
            ),
        ),
        "会办意见已提交主办单位。",
    )


@bp.route("/matters/<int:matter_id>/reply", methods=["POST"])
def reply(matter_id: int):
    form = f.ReplyForm()
    return _post(
        matter_id,
        "reply",
        form,
        _with_files(
            form,
            lambda p, files: handling.matter_reply(
                current_user,
                p.matter,
                form.reply_class.data,
                form.text.data or "",
                files,
                _for(p),
                form.version.data,
            ),
        ),
        lambda e: (
            "答复已提交，等待提案人评价。"
            if e.matter.loop == "proposal"
            else "办理反馈已提交，提出人可以看到。"
        ),
    )


@bp.route("/matters/<int:matter_id>/reassign/<int:assignment_id>/decide", methods=["POST"])
def decide_reassign(matter_id: int, assignment_id: int):
    """The secretariat grants (to another department) or refuses a reassignment request."""
    if not current_user.has_role("secretariat"):
        abort(403)
    assignment = org_get_or_404(MatterAssignment, assignment_id)
    form = f.ReassignDecideForm()
    form.to.choices = id_choices(all_departments(current_user.org_id))

    def decide(p):
        to = org_get_or_404(Department, form.to.data) if form.to.data else None
        return loop_intake.matter_decide_reassign(
            current_user,
            p.matter,
            assignment,
            form.decision.data == "grant",
            to,
            form.version.data,
            form.note.data or "",
        )

    return _post(matter_id, "decide", form, decide, "已审核改办申请。")
