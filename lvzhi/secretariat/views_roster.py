"""Roster management: the member list, member form, accounts, Excel import and export."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..auth.permissions import org_get_or_404
from ..domain.roster import MAX_IMPORT_ROWS
from ..excel import workbook_bytes, xlsx_response
from ..extensions import db
from ..forms import ConfirmForm, button_action, form_action, id_choices
from ..htmx import hx_redirect, is_fragment_request, render
from ..models import Member
from ..selectors import roster as sel
from ..selectors.duty_overview import RowPage
from ..services import ServiceError
from ..services.accounts import password_reset, user_set_roles
from ..services.roster import MemberData, member_create, member_set_active, member_update
from ..services.roster_import import (
    credentials_take,
    roster_import_commit,
    roster_import_preview,
    roster_import_result,
    roster_import_results,
    template_bytes,
)
from ..stamps import kept_query_page
from ..web import page_arg
from . import bp
from .forms import ImportForm, MemberFilterForm, MemberForm, RolesForm

PREVIEW_ROWS = 200  # a valid file's preview lists its first rows; the count covers them all


def _filter_form() -> tuple[MemberFilterForm, sel.MemberFilter]:
    form = MemberFilterForm(request.args)
    groups, committees, sectors = sel.structure_choices(current_user.org_id)
    form.group.choices = id_choices(groups, "全部室组")
    form.committee.choices = id_choices(committees, "全部专委会")
    form.sector.choices = id_choices(sectors, "全部界别")
    if not form.validate():
        # a stale or hand-edited link (?group=abc, another body's id): drop that filter quietly
        for name in ("group", "committee", "sector", "status"):
            if form[name].errors:
                form[name].data = "active" if name == "status" else None
                form[name].errors = []
    f = sel.MemberFilter(
        q=(form.q.data or "").strip(),
        group=form.group.data,
        committee=form.committee.data,
        sector=form.sector.data,
        status=form.status.data or "active",
    )
    return form, f


@bp.route("/members")
def members():
    """The roster under its filter and page, kept by the worker for the body and the query
    (``stamps.kept_query_page``): the whole content, or for htmx the table alone."""
    table = is_fragment_request()
    content = kept_query_page(
        "secretariat_member_table" if table else "secretariat_members",
        current_user.org_id,
        "secretariat",
        "secretariat/_member_table.html" if table else "secretariat/_members.html",
        _members_context,
    )
    return render("secretariat/members.html", "secretariat/_kept.html", content=content)


def _members_context() -> dict:
    form, f = _filter_form()
    org, per_page, number = current_user.org_id, current_app.config["PER_PAGE"], page_arg()
    total = sel.member_count(org, f)
    rows = sel.member_rows(org, f, (number - 1) * per_page, per_page)
    page = RowPage(rows, number, -(-total // per_page), total)  # as db.paginate pages
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return {"form": form, "page": page, "args": args}


@bp.route("/members/export.xlsx")
def members_export():
    _form, f = _filter_form()
    rows = db.session.scalars(sel.members_select(current_user.org_id, f)).unique()
    data = workbook_bytes(
        "委员名册",
        ["姓名", "性别", "手机号", "界别", "专委会", "室组", "工作单位", "职务", "届次", "状态"],
        (
            [
                m.name,
                m.gender,
                m.mobile,
                m.sector.name if m.sector else "",
                m.committee.name if m.committee else "",
                m.office_group.name if m.office_group else "",
                m.employer,
                m.title,
                m.term,
                "在册" if m.is_active else "已停用",
            ]
            for m in rows
        ),
        widths=[10, 6, 14, 14, 18, 12, 28, 16, 10, 8],
    )
    return xlsx_response("委员名册.xlsx", data)


def _member_form(obj: Member | None = None) -> MemberForm:
    org = current_user.org_id
    form = MemberForm(obj=obj)
    groups, committees, sectors = sel.structure_choices(org)  # one statement
    form.office_group_id.choices = id_choices(groups)
    form.committee_id.choices = id_choices(committees, "— 无 —")
    form.sector_id.choices = id_choices(sectors, "— 无 —")
    return form


def _committee_choices() -> list[tuple]:
    """The roles form's committees, by name (no office groups read with them)."""
    return id_choices(sel.structure_choices(current_user.org_id).committees, "— 无 —")


def _member_data(form: MemberForm) -> MemberData:
    return MemberData(
        name=form.name.data.strip(),
        mobile=form.mobile.data,
        gender=form.gender.data or "",
        employer=form.employer.data or "",
        title=form.title.data or "",
        term=form.term.data or "",
        sector_id=form.sector_id.data,
        committee_id=form.committee_id.data,
        office_group_id=form.office_group_id.data,
    )


@bp.route("/members/new", methods=["GET", "POST"])
def member_new():
    form = _member_form()
    done = form_action(
        form,
        lambda: member_create(current_user, _member_data(form)),
        lambda made: (
            f"已新增委员 {made[0].name}。登录账号：{made[0].mobile}，初始密码：{made[1]}"
            "（仅显示一次，请转告本人，首次登录须修改）。"
        ),
        lambda made: url_for("secretariat.member_detail", member_id=made[0].id),
    )
    return done or render_template("secretariat/member_form.html", form=form, member=None)


@bp.route("/members/<int:member_id>")
def member_detail(member_id: int):
    return _detail(org_get_or_404(Member, member_id))


def _detail(member: Member, roles_form: RolesForm | None = None):
    """The member's page; ``roles_form``: the roles just posted, with their errors."""
    if roles_form is None:
        roles_form = RolesForm()
        roles_form.committee_id.choices = _committee_choices()
        if member.user:
            roles_form.roles.data = sorted(member.user.roles)
            roles_form.committee_id.data = next(iter(member.user.committee_ids()), None)
            roles_form.version.data = member.user.version
    return render_template(
        "secretariat/member_detail.html",
        member=member,
        roles_form=roles_form,
        confirm=ConfirmForm(),
    )


@bp.route("/members/<int:member_id>/edit", methods=["GET", "POST"])
def member_edit(member_id: int):
    member = org_get_or_404(Member, member_id)
    form = _member_form(member)
    if request.method == "GET":
        form.version.data = member.version
    done = form_action(
        form,
        lambda: member_update(current_user, member, _member_data(form), form.version.data),
        "委员信息已保存。",
        url_for("secretariat.member_detail", member_id=member.id),
    )
    return done or render_template("secretariat/member_form.html", form=form, member=member)


@bp.route("/members/<int:member_id>/active", methods=["POST"])
def member_toggle_active(member_id: int):
    member = org_get_or_404(Member, member_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    return button_action(
        lambda: member_set_active(current_user, member, not member.is_active, form.version.data),
        lambda _: f"已{'恢复' if member.is_active else '停用'}委员 {member.name}。",
        url_for("secretariat.member_detail", member_id=member.id),
    )


@bp.route("/members/<int:member_id>/password-reset", methods=["POST"])
def member_password_reset(member_id: int):
    member = org_get_or_404(Member, member_id)
    if member.user is None or not ConfirmForm().validate_on_submit():
        abort(400)
    temporary = password_reset(current_user, member.user)
    flash(
        f"已重置 {member.name} 的密码，临时密码：{temporary}（仅显示一次，登录后须修改）。",
        "success",
    )
    return hx_redirect(url_for("secretariat.member_detail", member_id=member.id))


@bp.route("/members/<int:member_id>/roles", methods=["POST"])
def member_roles(member_id: int):
    member = org_get_or_404(Member, member_id)
    if member.user is None:
        abort(400)
    form = RolesForm()
    form.committee_id.choices = _committee_choices()
    done = form_action(
        form,
        lambda: user_set_roles(
            current_user, member.user, form.roles.data, form.committee_id.data, form.version.data
        ),
        "角色已保存。",
        url_for("secretariat.member_detail", member_id=member.id),
    )
    return done or _detail(member, form)


@bp.route("/roster/template.xlsx")
def roster_template():
    return xlsx_response("委员名册导入模板.xlsx", template_bytes())


@bp.route("/roster/import", methods=["GET", "POST"])
def roster_import():
    form = ImportForm()
    preview = None
    if form.validate_on_submit():
        try:
            preview = roster_import_preview(current_user, form.file.data.read())
        except ServiceError as exc:
            form.file.errors = [*form.file.errors, exc.message]
    org = current_user.org_id
    return render_template(
        "secretariat/roster_import.html",
        form=form,
        preview=preview,
        shown_rows=PREVIEW_ROWS,
        max_rows=MAX_IMPORT_ROWS,
        history=sel.roster_imports(org),
        results=roster_import_results(org),
    )


@bp.route("/roster/import/<token>", methods=["POST"])
def roster_import_confirm(token: str):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return button_action(
        lambda: roster_import_commit(current_user, token),
        None,
        lambda result: url_for("secretariat.roster_import_done", token=result),
        refused_to=url_for("secretariat.roster_import"),
    )


@bp.route("/roster/import/done/<token>")
def roster_import_done(token: str):
    """The result of one import: safe to reload, and reached again from the import
    history, until its one-time password sheet is downloaded."""
    try:
        result = roster_import_result(current_user, token)
    except ServiceError:
        abort(404)
    return render_template("secretariat/roster_imported.html", result=result)


@bp.route("/roster/credentials/<token>.xlsx")
def roster_credentials(token: str):
    try:
        data = credentials_take(current_user, token)
    except ServiceError as exc:
        try:  # a stale link to a sheet already downloaded: back to its result page
            roster_import_result(current_user, token)
        except ServiceError:
            abort(404)
        flash(exc.message, "error")
        return redirect(url_for("secretariat.roster_import_done", token=token), code=303)
    return xlsx_response("委员初始密码.xlsx", data)
