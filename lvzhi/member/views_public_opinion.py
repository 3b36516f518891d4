"""我的社情民意: the member's reports with each one's step and feedback, the report form
(one matter per report; a counter against the recommended 1,500 characters; photos and
files; autosaved with htmx, a 保存草稿 button without it; a double tap makes one report via
its token), withdrawal before the editor decides, and removing a file from a draft."""

from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user

from ..auth.permissions import org_get_or_404
from ..clock import local_now
from ..domain import public_opinion as po
from ..domain.loops import PROPOSER
from ..domain.uploads import OWNER_MATTER
from ..forms import ConfirmForm, button_action, checked_uploads, form_action
from ..htmx import hx_redirect
from ..models import Attachment, Matter
from ..selectors import loops as loop_sel
from ..selectors import public_opinion as sel
from ..services import ServiceError
from ..services import attachments as files_svc
from ..services import public_opinion as svc
from ..services.loop_parties import parties_of
from ..web import id_or_none, sent_twice
from . import bp
from .forms_public_opinion import OpinionForm, WithdrawForm
from .views import own_member, own_member_id


def _matter_url(m: Matter) -> str:
    return url_for("loops.matter", matter_id=m.id)


@bp.route("/opinions")
def opinions():
    rows = sel.own_reports(current_user.org_id, own_member_id())
    ids = [m.id for m in rows]
    return render_template(
        "member/opinions/list.html",
        rows=rows,
        issues=sel.issue_of(ids),
        instructions=sel.instructions(ids),
        editable=po.EDITABLE,
    )


def own_report(matter_id: int) -> Matter:
    """A report the member wrote (its proposer): anyone else gets a 404."""
    m = loop_sel.matter(current_user.org_id, matter_id)
    if m is None or m.loop != po.LOOP or PROPOSER not in parties_of(current_user, m):
        abort(404)
    return m


def by_token(token: str | None) -> Matter | None:
    """The report an earlier post of this form (autosave or a double tap) created."""
    return loop_sel.by_token(current_user, token, po.LOOP)


def save_report(form: OpinionForm, matter: Matter | None, files=None) -> Matter:
    """Save the draft (create it on the first save), then send it if 报送 was pressed."""
    matter = matter or by_token(form.token.data)
    values = form.values()
    if matter is not None and sent_twice(matter, values, po.SUBMITTED):
        return matter  # a double tap: the first tap sent the report and its files
    if matter is None:
        saved = svc.opinion_save(
            current_user, client_token=form.token.data or None, files=files, **values
        )
    else:
        saved = svc.opinion_save(
            current_user, matter, version=form.version.data, files=files, **values
        )
    form.version.data, form.token.data = saved.version, saved.client_token or form.token.data
    if request.form.get("action") == "submit" and saved.stage != po.SUBMITTED:
        svc.opinion_submit(current_user, saved, version=saved.version)
    return saved


def _with_files(form: OpinionForm, matter: Matter | None):
    def run():
        files = checked_uploads(form)
        if files is None:
            *earlier, last = form.files.errors
            form.files.errors = earlier
            raise ServiceError(last, field="files")
        return save_report(form, matter, files)

    return run


def _done(m: Matter) -> str:
    if m.stage == po.SUBMITTED:
        return "已报送政协机关，等待采编。已记入您的十个一“社情民意”。"
    return "草稿已保存。"


def render_form(form: OpinionForm, matter: Matter | None, collective_url: str | None = None):
    if matter is not None and not form.is_submitted():
        form.version.data = matter.version
    n = po.text_length(form.situation.data, form.analysis.data, form.suggestions_text.data)
    return render_template(
        "member/opinions/form.html",
        form=form,
        matter=matter,
        files=sel.files(matter.id) if matter else [],
        length=po.length_note(n),
        over=n > po.RECOMMENDED_CHARS,
        recommended=po.RECOMMENDED_CHARS,
        back_note=sel.last_note(matter, "withdraw") if matter else "",
        action_url=collective_url,
        confirm=ConfirmForm(),
    )


@bp.route("/opinions/new", methods=["GET", "POST"])
def opinion_new():
    own_member()
    form = OpinionForm()
    form.offer_collectives(svc.opinion_collectives(current_user))
    done = form_action(form, _with_files(form, None), _done, _matter_url)
    if done:
        return done
    form.fresh_token()
    return render_form(form, by_token(form.token.data))


@bp.route("/opinions/<int:matter_id>/edit", methods=["GET", "POST"])
def opinion_edit(matter_id: int):
    m = own_report(matter_id)
    if request.method == "POST" and sent_twice(m, OpinionForm().values(), po.SUBMITTED):
        flash(_done(m), "success")  # a double tap on 报送: the first tap sent it
        return hx_redirect(_matter_url(m))
    if m.stage not in po.EDITABLE:
        return button_action(
            lambda: _refuse("该信息已报送，不能再修改。"),
            None,
            _matter_url(m),
        )
    form = OpinionForm(obj=m if request.method == "GET" else None)
    form.offer_collectives(svc.opinion_collectives(current_user), m)
    done = form_action(form, _with_files(form, m), _done, _matter_url)
    return done or render_form(form, m)


@bp.route("/opinions/autosave", methods=["POST"])
def opinion_autosave():
    """htmx autosave of the open form (text only; files go with 保存草稿 / 报送)."""
    own_member()
    form = OpinionForm()
    form.offer_collectives(svc.opinion_collectives(current_user))
    matter_id = request.form.get("matter_id", "")
    matter = own_report(ident) if (ident := id_or_none(matter_id)) is not None else None
    template = "member/opinions/_autosave.html"
    if not form.validate_on_submit():
        return render_template(template, saved=None)
    try:
        saved = svc.opinion_save(
            current_user,
            matter or by_token(form.token.data),
            version=form.version.data,
            client_token=form.token.data or None,
            **form.values(),
        )
    except ServiceError as exc:
        return render_template(template, saved=None, error=exc.message)
    return render_template(template, saved=saved, at=local_now().strftime("%H:%M"))


@bp.route("/opinions/<int:matter_id>/withdraw", methods=["POST"])
def opinion_withdraw(matter_id: int):
    m = own_report(matter_id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        abort(400)
    return button_action(
        lambda: svc.opinion_withdraw(current_user, m, form.reason.data, version=form.version.data),
        "已撤回，十个一中的“社情民意”记录随之撤销。修改后可再次报送。",
        _matter_url(m),
    )


@bp.route("/opinions/<int:matter_id>/files/<int:attachment_id>/remove", methods=["POST"])
def opinion_file_remove(matter_id: int, attachment_id: int):
    m = own_report(matter_id)
    a = org_get_or_404(Attachment, attachment_id)
    if a.owner_type != OWNER_MATTER or a.owner_id != m.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    back = url_for("member.opinion_edit", matter_id=m.id)
    if m.stage not in po.EDITABLE:
        return button_action(lambda: _refuse("已报送的信息不能删除附件。"), None, back)
    return button_action(lambda: files_svc.attachment_remove(current_user, a), "附件已删除。", back)


def _refuse(message: str):
    raise ServiceError(message)
