"""我的十个一: the member's checklist, item pages with the 登记 form, record actions, the
archive and the printable handbook."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from flask import (
    abort,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup

from ..auth.permissions import own_record_or_404
from ..clock import local_today
from ..domain import duties as rules
from ..forms import button_action, checked_uploads, form_action, show_service_error
from ..htmx import hx_redirect, is_fragment_request, render
from ..selectors import duties as sel
from ..selectors import duty_archive as archive_sel
from ..selectors import own_records
from ..selectors.public_opinion import credits_taken_back
from ..services import ServiceError
from ..services import duties as svc
from ..web import form_ids
from . import bp
from .forms_duties import DutyRecordForm, RecordActionForm
from .views import own_member, own_member_id


def checklist_page(year: int):
    member = own_member()
    items = sel.year_items(member.org_id, year)
    progress = sel.member_progress(member.id, items)
    return render_template(
        "member/home.html",
        member=member,
        year=year,
        items=items,
        progress=progress,
        cards=list(zip(items, progress.items, strict=True)),
        years=sel.years_with_items(member.org_id),
    )


@bp.route("/")
def home():
    return checklist_page(sel.current_year(own_member().org_id))


@bp.route("/duties/<year:year>")
def duty_year(year: int):
    return checklist_page(year)


def _item_or_404(year: int, code: str):
    item = sel.item_of(current_user.org_id, year, code)
    if item is None:
        abort(404)
    return item


@lru_cache(maxsize=16)
def blank_fields(occurred_on: date | None) -> Markup:
    """The 登记 form's fields as a blank form shows them (no value but the date, no error):
    the same for every member and item, so rendered once per worker and date. WTForms'
    rendering of them was a sixth of the item page's CPU."""
    form = DutyRecordForm(formdata=None, meta={"csrf": False})
    form.occurred_on.data = occurred_on
    return get_template_attribute("member/_record_fields.html", "record_fields")(form)


def _item_context(member_id: int, item, form, blank: bool = False):
    """The item page's values; ``blank``: the form is a blank one (its kept fields shown)."""
    progress, records, files = own_records.item_page(member_id, item)
    state = next((p for p in progress.items if p.code == item.code), None)
    form.fresh_token()
    return {
        "item": item,
        "progress": progress,
        "state": state,
        "records": records,
        # what the member may do with each record, from the workflow
        "allowed": {
            r.id: rules.allowed_actions(r.status, [rules.OWNER], r.automatic) for r in records
        },
        "files": files,
        "form": form,
        "blank_fields": blank_fields(form.occurred_on.data) if blank else None,
        "today": local_today(),
    }


@bp.route("/duties/<year:year>/<code>")
def duty_item(year: int, code: str):
    member_id, item = own_member_id(), _item_or_404(year, code)
    form = DutyRecordForm()
    today = local_today()
    form.occurred_on.data = today if today.year == year else None
    return render_template(
        "member/duty_item.html", **_item_context(member_id, item, form, blank=True)
    )


def _checked_files(form) -> list:
    """The chosen files, checked; every refused one is named on the form and the last
    refusal raised (so form_action shows them all and nothing is saved)."""
    checked = checked_uploads(form)
    if checked is None:
        raise ServiceError(form.files.errors.pop(), field="files")
    return checked


@bp.route("/duties/<year:year>/<code>/new", methods=["POST"])
def duty_new(year: int, code: str):
    member, item = own_member(), _item_or_404(year, code)
    form = DutyRecordForm()
    submit = request.form.get("action") == "submit"
    if form.validate_on_submit():
        files = None
        try:
            files = _checked_files(form)
            record = svc.duty_record_create(
                current_user,
                member,
                item,
                form.occurred_on.data,
                form.title.data,
                form.body.data,
                files,
                form.token.data,
                submit,
            )
        except svc.AlreadySubmitted as exc:  # sent again: show the record already there
            extra = "本次选择的文件没有上传，需要补充请修改该记录。" if files else ""
            return _saved(member, item, form, exc.message + extra)
        except ServiceError as exc:  # htmx gets the item page in place, not a redirect
            show_service_error(form, exc)
        else:
            return _saved(member, item, form, _saved_message(record))
    return render(
        "member/duty_item.html", "member/_duty_item.html", **_item_context(member.id, item, form)
    )


def _saved_message(record) -> str:
    if record.status == rules.SUBMITTED:
        return "已提交，等待室组负责人确认。"
    return "已保存为草稿，记得提交。"


def _saved(member, item, form, message: str):
    """After a save: the item page with ``message`` above the member's records of the item
    — in place for htmx (with an empty form keeping the date), else by a redirect."""
    if is_fragment_request():
        fresh = DutyRecordForm(formdata=None)
        fresh.occurred_on.data = form.occurred_on.data
        ctx = _item_context(member.id, item, fresh, blank=True)
        return render("member/duty_item.html", "member/_duty_item.html", saved=message, **ctx)
    flash(message, "success")
    return hx_redirect(url_for("member.duty_item", year=item.year, code=item.code))


@bp.route("/duties/records/<int:record_id>/edit", methods=["GET", "POST"])
def duty_edit(record_id: int):
    record = own_record_or_404(record_id)
    refused = rules.refusal(record.status, rules.EDIT, record.automatic)
    if refused and request.method == "GET":  # an old link: no form that cannot be saved
        # (a POST still re-renders with the refusal, so what was typed is not lost)
        flash(refused + "。", "error")
        return redirect(url_for("member.duty_item", year=record.year, code=record.item.code), 303)
    form = DutyRecordForm(obj=record if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = record.version
    files = sel.attachments_by_owner([record.id]).get(record.id, [])
    done = form_action(
        form,
        lambda: svc.duty_record_update(
            current_user,
            record,
            form.occurred_on.data,
            form.title.data,
            form.body.data,
            _checked_files(form),
            form_ids("remove"),
            request.form.get("action") == "submit",
            form.version.data,
        ),
        lambda saved: "已重新提交，等待确认。" if saved.status == rules.SUBMITTED else "已保存。",
        url_for("member.duty_item", year=record.year, code=record.item.code),
    )
    return done or render_template("member/duty_edit.html", record=record, form=form, files=files)


def _record_action(record_id: int, service, message: str):
    record = own_record_or_404(record_id)
    form = RecordActionForm()
    year, code = record.year, record.item.code
    if not form.validate_on_submit():
        abort(400)
    return button_action(
        lambda: service(current_user, record, form.version.data),
        message,
        url_for("member.duty_item", year=year, code=code),
    )


@bp.route("/duties/records/<int:record_id>/submit", methods=["POST"])
def duty_submit(record_id: int):
    return _record_action(record_id, svc.duty_record_submit, "已提交，等待室组负责人确认。")


@bp.route("/duties/records/<int:record_id>/withdraw", methods=["POST"])
def duty_withdraw(record_id: int):
    return _record_action(record_id, svc.duty_record_withdraw, "已撤回为草稿。")


@bp.route("/duties/records/<int:record_id>/delete", methods=["POST"])
def duty_delete(record_id: int):
    return _record_action(record_id, svc.duty_record_delete, "记录已删除。")


@bp.route("/archive")
def archive():
    member = own_member()
    return render_template(
        "duties/archive.html",
        **archive_sel.archive(member),
        taken_back=credits_taken_back(member.id),
        back=url_for("member.home"),
        source_links=True,  # the matters a member is credited from are theirs to open
    )


@bp.route("/handbook/<year:year>")
def handbook(year: int):
    member = own_member()
    return render_template(
        "duties/handbook.html", year=year, pages=sel.handbook_pages(member.org_id, year, [member])
    )
