"""十个一 pages shared by several role blueprints (group head, committee, secretariat,
leader): the pending queue, reviewing a record, the member × item overview with its Excel
export, a member's archive and the printable handbook of a group or committee.

Each blueprint adds thin routes that call these with its role; the links go to that role's
blueprint, and the scope of every page is ``scope_member_filter(current_user, role)`` and
the checks in ``auth/permissions.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, current_app, flash, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from ..auth.permissions import (
    can_review_record,
    can_see_record,
    member_or_404,
    reviewable_record_or_404,
    scope_key,
    scope_member_filter,
)
from ..clock import local_today, to_local
from ..domain import duties as rules
from ..domain.roles import ROLE_BLUEPRINT
from ..excel import workbook_bytes, xlsx_response
from ..extensions import db
from ..forms import ConfirmForm, button_action
from ..htmx import hx_redirect
from ..inbox.duty_todos import SECRETARIAT_WAIT_DAYS
from ..models.base import utcnow
from ..selectors import duties as sel
from ..selectors import duty_archive as archive_sel
from ..selectors import duty_overview as overview_sel
from ..selectors import roster as roster_sel
from ..selectors.public_opinion import credits_taken_back
from ..services import ServiceError
from ..services import duties as svc
from ..stamps import kept_query_page
from ..web import form_ids, int_arg, page_arg, year_arg
from .forms import ReturnForm


def page_year() -> int:
    """The year asked for (``?year=``), else the current one."""
    return year_arg() or sel.current_year(current_user.org_id)


def page_context(role: str, **context) -> dict:
    """A shared page's context for ``role``: its links go to the role's blueprint (``bp``)
    and keep the query's filters (``args``, without the page number)."""
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return {"bp": ROLE_BLUEPRINT[role], "role": role, "args": args, **context}


def _page(role: str, template: str, **context):
    """Render a shared page for ``role`` (``page_context``)."""
    return render_template(template, **page_context(role, **context))


# --- the review queue ------------------------------------------------------------------------


def pending_page(role: str):
    """The records waiting for the review of ``role`` in its scope, oldest first: kept
    (``stamps.kept_query_page``) for every reviewer of the role with the same scope and the
    same own records left out (``_pending_key``). Those waiting long (``?waiting=long``)
    are built for each request: which have waited long moves with the time, not with a
    write."""
    if request.args.get("format") == "xlsx":
        return _pending_export(role)
    if request.args.get("waiting") == "long":
        before = utcnow() - timedelta(days=SECRETARIAT_WAIT_DAYS)
        context = _pending_context(role, before)
        content = Markup(render_template("duties/_pending.html", **context))
    else:
        content = kept_query_page(
            "duty_pending",
            current_user.org_id,
            role,
            "duties/_pending.html",
            lambda: _pending_context(role),
            scope=_pending_key(role),
        )
    return render_template("duties/pending.html", content=content)


def _pending_left_out(role: str) -> int | None:
    """One's own records are not one's to review (nor to see waiting): a group head's, a
    secretariat clerk's who is also a member (``can_review_record``)."""
    return current_user.member_id


def _pending_filters(role: str) -> dict:
    """The queue's search (a member's name), item and group (for the whole body's roles; a
    head's queue is their groups already), as the query asks; an unknown item finds none."""
    org = current_user.org_id
    codes: dict[str, str] = {}  # code → the latest year's name, in the checklist's order
    ids: dict[str, list[int]] = {}
    for _year, year_items in sorted(sel.body_items(org).items(), reverse=True):
        for i in year_items:
            codes.setdefault(i.code, i.name)
            ids.setdefault(i.code, []).append(i.id)
    code = request.args.get("item", "")
    groups = roster_sel.structure_choices(org).groups if role in ("secretariat", "leader") else []
    group = int_arg("group")
    return {
        "q": request.args.get("q", "")[:20].strip(),
        "item": code if code in codes else "",
        "item_ids": ids.get(code, []) if code else None,
        "group": group if any(g.id == group for g in groups) else None,
        "item_choices": list(codes.items()),
        "group_choices": groups,
    }


def _pending_stmt(role: str, f: dict, before: datetime | None = None):
    return sel.pending_select(
        current_user.org_id,
        scope_member_filter(current_user, role),
        _pending_left_out(role),
        before,
        name=f["q"],
        item_ids=f["item_ids"],
        group_id=f["group"],
    )


def _pending_context(role: str, before: datetime | None = None) -> dict:
    f = _pending_filters(role)
    page = db.paginate(
        _pending_stmt(role, f, before),
        page=page_arg(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    records = list(page.items)
    return page_context(
        role,
        records=records,
        page=page,
        files=sel.attachments_by_owner([r.id for r in records]),
        form=ConfirmForm(),
        f=f,
        narrowed=bool(f["q"] or f["item"] or f["group"]),
    )


PENDING_EXPORT_MAX = 5000


def _pending_export(role: str):
    """The queue as the filters narrow it, every page, as Excel (user text as text)."""
    f = _pending_filters(role)
    before = None
    if request.args.get("waiting") == "long":
        before = utcnow() - timedelta(days=SECRETARIAT_WAIT_DAYS)
    records = db.session.scalars(_pending_stmt(role, f, before).limit(PENDING_EXPORT_MAX))
    rows = (
        [
            r.member.name,
            r.member.office_group.name if r.member.office_group else "",
            r.item.name,
            r.title,
            r.occurred_on.isoformat() if r.occurred_on else "",
            to_local(r.submitted_at).strftime("%Y-%m-%d %H:%M") if r.submitted_at else "",
        ]
        for r in records
    )
    headers = ["委员", "室组", "事项", "标题", "履职日期", "提交时间"]
    data = workbook_bytes("待确认", headers, rows, widths=[10, 14, 16, 40, 12, 18])
    return xlsx_response("待确认的履职记录.xlsx", data)


def _pending_key(role: str) -> tuple:
    """What of the reviewer their queue depends on: their scope and the member left out."""
    return scope_key(current_user, role), _pending_left_out(role)


def record_page(role: str, record_id: int, return_form: ReturnForm | None = None):
    record = reviewable_record_or_404(record_id, role)
    return _page(
        role,
        "duties/review.html",
        r=record,
        # the reviewer's moves the workflow allows now (confirm, return)
        actions=rules.allowed_actions(record.status, [rules.REVIEWER], record.automatic),
        files=sel.attachments_by_owner([record.id]),
        form=ConfirmForm(),
        return_form=return_form or ReturnForm(),
    )


def _refused(role: str, record, message: str):
    """Back to the record with the refusal — or to the queue when the member has withdrawn
    it meanwhile (a draft is theirs alone)."""
    bp = ROLE_BLUEPRINT[role]
    flash(message, "error")
    if not can_see_record(current_user, record):
        return hx_redirect(url_for(f"{bp}.duty_pending"))
    return hx_redirect(url_for(f"{bp}.duty_record", record_id=record.id))


def confirm(role: str, record_id: int):
    record = reviewable_record_or_404(record_id, role, draft_ok=True)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        svc.duty_record_confirm(current_user, record, role, form.version.data)
    except ServiceError as exc:  # where to go depends on the record after the refusal
        return _refused(role, record, exc.message)
    flash(f"已确认 {record.member.name} 的记录“{record.title}”。", "success")
    return hx_redirect(url_for(f"{ROLE_BLUEPRINT[role]}.duty_pending"))


def return_(role: str, record_id: int):
    record = reviewable_record_or_404(record_id, role, draft_ok=True)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            svc.duty_record_return(current_user, record, role, form.reason.data, form.version.data)
        except ServiceError as exc:  # where to go depends on the record after the refusal
            if not can_see_record(current_user, record):
                return _refused(role, record, exc.message)
            form.reason.errors = [*form.reason.errors, exc.message]
        else:
            flash(
                f"已退回 {record.member.name} 的记录，委员本人会在待办中看到退回原因。", "success"
            )
            return hx_redirect(url_for(f"{ROLE_BLUEPRINT[role]}.duty_pending"))
    return record_page(role, record_id, form)


def confirm_many(role: str):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ids = form_ids("record")
    records = sel.records_by_ids(current_user.org_id, ids)
    back = url_for(f"{ROLE_BLUEPRINT[role]}.duty_pending")
    if not ids:
        flash("请先勾选要确认的记录。", "error")
        return hx_redirect(back)
    if len(records) != len(set(ids)) or not all(
        can_review_record(current_user, r, role) for r in records
    ):
        abort(404)
    return button_action(
        lambda: svc.duty_record_confirm_many(current_user, records, role),
        lambda n: f"已确认 {n} 条履职记录。",
        back,
    )


# --- overviews -------------------------------------------------------------------------------


def overview_filters(role: str) -> dict:
    """group / committee / sector filters (secretariat and leaders) and the sort order."""
    args = request.args
    f = {"sort": args.get("sort") if args.get("sort") in ("lagging", "done", "name") else "lagging"}
    if role in ("secretariat", "leader"):
        for key in ("group", "committee", "sector"):
            f[key] = int_arg(key)
    return f


def narrowing(role: str) -> dict:
    """The leaders' board's drill-downs (secretariat, leaders): only the members not fully
    done (``?incomplete=1``), with exactly ``?done=n`` items done, or who have not done the
    item ``?missing=<item id>``."""
    if role not in ("secretariat", "leader"):
        return {}
    found = {
        "incomplete": request.args.get("incomplete") == "1",
        "done_count": int_arg("done", 0, 100),
        "missing": int_arg("missing"),
    }
    return {k: v for k, v in found.items() if v not in (None, False)}


def overview_grid(role: str, year: int, filters: dict):
    return overview_sel.grid(
        current_user.org_id,
        year,
        scope_member_filter(current_user, role),
        group=filters.get("group"),
        committee=filters.get("committee"),
        sector=filters.get("sector"),
        sort=filters.get("sort", "lagging"),
    )


def overview_page(role: str):
    """The organization-wide overview (secretariat, leaders): filters, figures, paged grid;
    kept by the worker for the body, the role and the query (``stamps.kept_html``)."""
    org = current_user.org_id
    content = kept_query_page(
        "duty_overview", org, role, "duties/_overview.html", lambda: _overview_context(role)
    )
    return render_template("duties/overview.html", content=content)


def _overview_context(role: str) -> dict:
    year = page_year()
    filters = overview_filters(role)
    narrow = narrowing(role)
    grid = overview_sel.grid_page(
        current_user.org_id,
        year,
        scope_member_filter(current_user, role),
        **filters,
        **narrow,
        page=page_arg(),
    )
    missing = next((i for i in grid.items if i.id == narrow.get("missing")), None)
    return page_context(
        role,
        grid=grid,
        year=year,
        filters=filters,
        narrow=narrow,
        narrow_text=narrowing_text(narrow, missing),
        years=sel.years_with_items(current_user.org_id),
        page=grid.page,
        **overview_choices(),
    )


def narrowing_text(narrow: dict, missing_item) -> str:
    """What the drill-down shows, in Chinese ("" when not narrowed)."""
    parts = []
    if narrow.get("incomplete"):
        parts.append("未全部完成的委员")
    if "done_count" in narrow:
        parts.append(f"已完成 {narrow['done_count']} 项的委员")
    if missing_item is not None:
        parts.append(f"未完成“{missing_item.name}”的委员")
    return "、".join(parts)


def overview_choices() -> dict:
    groups, committees, sectors = roster_sel.structure_choices(current_user.org_id)
    return {"group_choices": groups, "committee_choices": committees, "sector_choices": sectors}


def export(role: str, title: str):
    year = page_year()
    grid = overview_grid(role, year, overview_filters(role))
    narrowed = _narrowed_rows(grid, narrowing(role))
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
        for r in narrowed
    )
    widths = [10, 12, 18, 14] + [14] * len(grid.items) + [10, 10]
    data = workbook_bytes(f"{year}十个一", headers, rows, widths=widths)
    return xlsx_response(f"{title}{year}年度十个一完成情况.xlsx", data)


def _narrowed_rows(grid, narrow: dict) -> list:
    """The grid's rows the board's drill-down shows (the page narrows in SQL, the export —
    which has every row at hand — here, by the same rule)."""
    missing = next((i.code for i in grid.items if i.id == narrow.get("missing")), None)
    return [
        r
        for r in grid.rows
        if not (narrow.get("incomplete") and r.progress.all_done)
        and narrow.get("done_count", r.progress.done_count) == r.progress.done_count
        and not (missing and any(c.code == missing and c.done for c in r.cells))
    ]


# --- archive and handbook --------------------------------------------------------------------


def member_archive(role: str, member_id: int, back: str):
    member = member_or_404(member_id, role)
    bp = ROLE_BLUEPRINT[role]
    return render_template(
        "duties/archive.html",
        **archive_sel.archive(member, include_drafts=member.id == current_user.member_id),
        taken_back=credits_taken_back(member.id),
        back=back,
        # the matters the records came from: the member's own, or the office's and leaders'
        # to open; a head or director would find another member's proposal a 404
        source_links=role in ("secretariat", "leader") or member.id == current_user.member_id,
        handbook_url=lambda y: url_for(f"{bp}.handbook", year=y, member=member.id),
    )


def handbook(role: str, year: int):
    """A printable handbook: one member (``?member=``) or everyone in scope, filtered by
    ``?group=`` / ``?committee=``; one A4 page per member."""
    return render_template(
        "duties/handbook.html",
        year=year,
        pages=sel.handbook_pages(current_user.org_id, year, print_members(role)),
        today=local_today(),
    )


def print_members(role: str) -> list:
    """The members a printout holds: one (``?member=``, a 404 when out of scope) or everyone
    in scope, filtered by ``?group=`` / ``?committee=``."""
    members = sel.handbook_members(
        scope_member_filter(current_user, role),
        int_arg("member"),
        int_arg("group"),
        int_arg("committee"),
    )
    if int_arg("member") and not members:
        abort(404)
    return members
