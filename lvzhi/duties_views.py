"""十个一 pages shared by several role blueprints (group head, committee, secretariat,
leader): the pending queue, reviewing a record, the member × item overview with its Excel
export, a member's archive and the printable handbook of a group or committee.

Each blueprint adds thin routes that call these with its role; the scope of every page is
``scope_member_filter(current_user, role)`` and the checks in ``auth/permissions.py``.
"""

from __future__ import annotations

from flask import abort, current_app, flash, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from .auth.permissions import (
    can_review_record,
    can_see_record,
    member_or_404,
    reviewable_record_or_404,
    scope_member_filter,
)
from .clock import local_today
from .excel import workbook_bytes, xlsx_response
from .extensions import db
from .forms import ConfirmForm, VersionField
from .htmx import hx_redirect
from .models import DutyRecord, Member
from .selectors import duties as sel
from .selectors import roster as roster_sel
from .services import ServiceError
from .services import duties as svc
from .web import form_ids, int_arg, page_arg, year_arg


class ReturnForm(FlaskForm):
    reason = TextAreaField(
        "退回原因",
        validators=[
            DataRequired("请填写退回原因。"),
            Length(max=500, message="退回原因最多 500 字。"),
        ],
    )
    version = VersionField()


def _year() -> int:
    return year_arg() or sel.current_year(current_user.org_id)


# --- the review queue ------------------------------------------------------------------------


def pending_page(role: str, bp: str):
    scope = scope_member_filter(current_user, role)
    exclude = current_user.member_id if role == "group_head" else None
    before = None
    if request.args.get("waiting") == "long":
        from datetime import timedelta

        from .inbox.duty_todos import SECRETARIAT_WAIT_DAYS
        from .models.base import utcnow

        before = utcnow() - timedelta(days=SECRETARIAT_WAIT_DAYS)
    page = db.paginate(
        sel.pending_select(current_user.org_id, scope, exclude, before),
        page=page_arg(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    records = list(page.items)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "duties/pending.html",
        records=records,
        page=page,
        args=args,
        bp=bp,
        role=role,
        files=sel.attachments_by_owner([r.id for r in records]),
        form=ConfirmForm(),
    )


def record_page(role: str, bp: str, record_id: int, return_form: ReturnForm | None = None):
    record = reviewable_record_or_404(record_id, role)
    return render_template(
        "duties/review.html",
        r=record,
        bp=bp,
        files=sel.attachments_by_owner([record.id]),
        form=ConfirmForm(),
        return_form=return_form or ReturnForm(),
    )


def _refused(bp: str, record, message: str):
    """Back to the record with the refusal — or to the queue when the member has withdrawn
    it meanwhile (a draft is theirs alone)."""
    flash(message, "error")
    if not can_see_record(current_user, record):
        return hx_redirect(url_for(f"{bp}.duty_pending"))
    return hx_redirect(url_for(f"{bp}.duty_record", record_id=record.id))


def confirm(role: str, bp: str, record_id: int):
    record = reviewable_record_or_404(record_id, role, draft_ok=True)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        svc.duty_record_confirm(current_user, record, role, form.version.data)
    except ServiceError as exc:
        db.session.rollback()
        return _refused(bp, record, exc.message)
    flash(f"已确认 {record.member.name} 的记录“{record.title}”。", "success")
    return hx_redirect(url_for(f"{bp}.duty_pending"))


def return_(role: str, bp: str, record_id: int):
    record = reviewable_record_or_404(record_id, role, draft_ok=True)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            svc.duty_record_return(current_user, record, role, form.reason.data, form.version.data)
        except ServiceError as exc:
            db.session.rollback()
            if not can_see_record(current_user, record):
                return _refused(bp, record, exc.message)
            form.reason.errors = [*form.reason.errors, exc.message]
        else:
            flash(
                f"已退回 {record.member.name} 的记录，委员本人会在待办中看到退回原因。", "success"
            )
            return hx_redirect(url_for(f"{bp}.duty_pending"))
    return record_page(role, bp, record_id, form)


def confirm_many(role: str, bp: str):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ids = form_ids("record")
    records = list(
        db.session.scalars(
            select(DutyRecord)
            .where(DutyRecord.id.in_(ids or [-1]), DutyRecord.org_id == current_user.org_id)
            .options(joinedload(DutyRecord.member))
        )
    )
    if not ids:
        flash("请先勾选要确认的记录。", "error")
    elif len(records) != len(set(ids)) or not all(
        can_review_record(current_user, r, role) for r in records
    ):
        abort(404)
    else:
        try:
            n = svc.duty_record_confirm_many(current_user, records, role)
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash(f"已确认 {n} 条履职记录。", "success")
    return hx_redirect(url_for(f"{bp}.duty_pending"))


# --- overviews -------------------------------------------------------------------------------


def overview_filters(role: str) -> dict:
    """group / committee / sector filters (secretariat and leaders) and the sort order."""
    args = request.args
    f = {"sort": args.get("sort") if args.get("sort") in ("lagging", "done", "name") else "lagging"}
    if role in ("secretariat", "leader"):
        for key in ("group", "committee", "sector"):
            f[key] = int_arg(key)
    return f


def overview_grid(role: str, year: int, filters: dict):
    return sel.grid(
        current_user.org_id,
        year,
        scope_member_filter(current_user, role),
        group=filters.get("group"),
        committee=filters.get("committee"),
        sector=filters.get("sector"),
        sort=filters.get("sort", "lagging"),
    )


def overview_page(role: str, bp: str):
    """The organization-wide overview (secretariat, leaders): filters, figures, paged grid."""
    year = _year()
    filters = overview_filters(role)
    grid = overview_grid(role, year, filters)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "duties/overview.html",
        grid=grid,
        year=year,
        filters=filters,
        bp=bp,
        years=sel.years_with_items(current_user.org_id),
        page=grid.page(page_arg()),
        args=args,
        **overview_choices(),
    )


def overview_choices() -> dict:
    org = current_user.org_id
    return {
        "group_choices": roster_sel.office_groups(org),
        "committee_choices": roster_sel.committees(org),
        "sector_choices": roster_sel.sectors(org),
    }


def export(role: str, title: str):
    year = _year()
    grid = overview_grid(role, year, overview_filters(role))
    headers = (
        ["姓名", "室组", "专委会", "界别"]
        + [i.name for i in grid.items]
        + ["已完成项数", "待确认条数"]
    )
    rows = (
        [
            r.member.name,
            r.member.office_group.name if r.member.office_group else "",
            r.member.committee.name if r.member.committee else "",
            r.member.sector.name if r.member.sector else "",
        ]
        + [f"{c.confirmed}/{c.required}" + ("" if c.done else "（未完成）") for c in r.cells]
        + [r.progress.done_count, r.pending]
        for r in grid.rows
    )
    widths = [10, 12, 18, 14] + [14] * len(grid.items) + [10, 10]
    data = workbook_bytes(f"{year}十个一", headers, rows, widths=widths)
    return xlsx_response(f"{title}{year}年度十个一完成情况.xlsx", data)


# --- archive and handbook --------------------------------------------------------------------


def member_archive(role: str, bp: str, member_id: int, back: str):
    member = member_or_404(member_id, role)
    return render_template(
        "duties/archive.html",
        **sel.archive(member, include_drafts=member.id == current_user.member_id),
        back=back,
        handbook_url=lambda y: url_for(f"{bp}.handbook", year=y, member=member.id),
    )


def handbook(role: str, year: int):
    """A printable handbook: one member (``?member=``) or everyone in scope, filtered by
    ``?group=`` / ``?committee=``; one A4 page per member."""
    stmt = (
        select(Member)
        .where(scope_member_filter(current_user, role), Member.is_active.is_(True))
        .options(
            joinedload(Member.office_group), joinedload(Member.committee), joinedload(Member.sector)
        )
        .order_by(Member.office_group_id, Member.name)
    )
    for key, column in (
        ("member", Member.id),
        ("group", Member.office_group_id),
        ("committee", Member.committee_id),
    ):
        value = int_arg(key)
        if value:
            stmt = stmt.where(column == value)
    members = list(db.session.scalars(stmt))
    if int_arg("member") and not members:
        abort(404)
    return render_template(
        "duties/handbook.html",
        year=year,
        pages=sel.handbook_pages(current_user.org_id, year, members),
        today=local_today(),
    )
