"""Structure pages: sectors, committees (and their linked groups), office groups (and heads),
departments, the meeting calendar and years."""

from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user

from ..auth.permissions import org_get_or_404
from ..clock import local_today
from ..excel import workbook_bytes, xlsx_response
from ..forms import ConfirmForm, button_action, form_action, id_choices
from ..htmx import hx_redirect
from ..models import (
    MEETING_KINDS,
    Committee,
    Department,
    Meeting,
    Member,
    OfficeGroup,
    Sector,
    Year,
)
from ..selectors import calendar
from ..selectors import roster as sel
from ..services import structure as svc
from ..web import year_arg
from . import bp
from .forms import (
    CommitteeGroupsForm,
    DepartmentForm,
    HeadChangeForm,
    MeetingForm,
    NamedForm,
    YearForm,
)
from .views_department_accounts import account_context

NAMED_MODELS = {"sector": Sector, "committee": Committee, "office_group": OfficeGroup}


@bp.route("/structure")
def structure():
    org = current_user.org_id
    today = local_today()
    return render_template(
        "secretariat/structure.html",
        groups=sel.office_groups(org),
        committees=sel.committees(org),
        sectors=sel.sectors(org),
        heads=sel.current_heads(org, today),
        group_counts=sel.member_counts_by(org, Member.office_group_id),
        committee_counts=sel.member_counts_by(org, Member.committee_id),
        sector_counts=sel.member_counts_by(org, Member.sector_id),
        directors=sel.committee_directors(org),
    )


@bp.route("/structure/<kind>/new", methods=["GET", "POST"])
@bp.route("/structure/<kind>/<int:obj_id>", methods=["GET", "POST"])
def named_edit(kind: str, obj_id: int | None = None):
    if kind not in NAMED_MODELS:
        abort(404)
    obj = org_get_or_404(NAMED_MODELS[kind], obj_id) if obj_id else None
    form = NamedForm(obj=obj)
    if request.method == "GET" and obj is not None:
        form.version.data = getattr(obj, "version", None)
    done = form_action(
        form,
        lambda: svc.named_save(
            current_user, kind, obj, form.name.data, form.sort_order.data or 0, form.version.data
        ),
        "已保存。",
        url_for("secretariat.structure"),
    )
    return done or render_template(
        "secretariat/named_form.html", form=form, kind=kind, obj=obj, label=svc.NAMED_LABEL[kind]
    )


@bp.route("/structure/<kind>/<int:obj_id>/delete", methods=["POST"])
def named_delete(kind: str, obj_id: int):
    if kind not in NAMED_MODELS:
        abort(404)
    obj = org_get_or_404(NAMED_MODELS[kind], obj_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return button_action(
        lambda: svc.named_delete(current_user, kind, obj),
        f"已删除{svc.NAMED_LABEL[kind]}。",
        url_for("secretariat.structure"),
        refused_to=url_for("secretariat.named_edit", kind=kind, obj_id=obj_id),
    )


@bp.route("/committees/<int:committee_id>/groups", methods=["GET", "POST"])
def committee_groups(committee_id: int):
    committee = org_get_or_404(Committee, committee_id)
    form = CommitteeGroupsForm()
    form.groups.choices = [(g.id, g.name) for g in sel.office_groups(current_user.org_id)]
    if request.method == "GET":
        form.groups.data = [g.id for g in committee.office_groups]
        form.version.data = committee.version
    done = form_action(
        form,
        lambda: svc.committee_set_groups(
            current_user, committee, form.groups.data, form.version.data
        ),
        f"已保存 {committee.name} 的联系室组。",
        url_for("secretariat.structure"),
    )
    return done or render_template(
        "secretariat/committee_groups.html", form=form, committee=committee
    )


@bp.route("/groups/<int:group_id>/head", methods=["GET", "POST"])
def group_head(group_id: int):
    group = org_get_or_404(OfficeGroup, group_id)
    form = HeadChangeForm()
    form.member_id.choices = id_choices(sel.group_members(current_user.org_id, group.id))
    if request.method == "GET":
        form.start_date.data = local_today()
    done = form_action(
        form,
        lambda: svc.group_head_change(
            current_user,
            group,
            org_get_or_404(Member, form.member_id.data),
            form.start_date.data,
            form.note.data or "",
        ),
        lambda made: f"{group.name} 负责人已变更为 {made.member.name}。",
        url_for("secretariat.group_head", group_id=group.id),
    )
    return done or render_template(
        "secretariat/group_head.html", form=form, group=group, today=local_today()
    )


DEPARTMENT_STATES = {"": "全部", "active": "在用", "inactive": "停用"}


@bp.route("/departments")
def departments():
    """The body's departments (a few dozen): searched by name or contact, by state;
    ``format=xlsx`` exports the list as filtered."""
    q = (request.args.get("q") or "").strip()[:40]
    state = request.args.get("state") if request.args.get("state") in DEPARTMENT_STATES else ""
    rows = [
        d
        for d in sel.departments(current_user.org_id)
        if (not q or q in d.name or q in (d.contact_name or ""))
        and (not state or d.is_active == (state == "active"))
    ]
    if request.args.get("format") == "xlsx":
        data = workbook_bytes(
            "承办单位",
            ["单位", "联系人", "电话", "状态"],
            (
                [
                    d.name,
                    d.contact_name or "",
                    d.contact_phone or "",
                    "在用" if d.is_active else "停用",
                ]
                for d in rows
            ),
        )
        return xlsx_response("承办单位.xlsx", data)
    return render_template(
        "secretariat/departments.html",
        departments=rows,
        q=q,
        state=state,
        states=DEPARTMENT_STATES,
        args={k: v for k, v in {"q": q, "state": state}.items() if v},
    )


@bp.route("/departments/new", methods=["GET", "POST"])
@bp.route("/departments/<int:dept_id>", methods=["GET", "POST"])
def department_edit(dept_id: int | None = None):
    dept = org_get_or_404(Department, dept_id) if dept_id else None
    form = DepartmentForm(obj=dept)
    if request.method == "GET" and dept is not None:
        form.version.data = dept.version
    done = form_action(
        form,
        lambda: svc.department_save(
            current_user,
            dept,
            form.name.data,
            form.contact_name.data or "",
            form.contact_phone.data or "",
            form.is_active.data,
            form.version.data,
        ),
        "承办单位已保存。",
        url_for("secretariat.departments"),
    )
    return done or render_template(
        "secretariat/department_form.html", form=form, dept=dept, **account_context(dept)
    )


@bp.route("/meetings")
def meetings():
    year = year_arg() or local_today().year
    kind = request.args.get("kind") or ""
    rows = calendar.meetings(current_user.org_id, year, kind if kind in MEETING_KINDS else None)
    if request.args.get("format") == "xlsx":
        data = workbook_bytes(
            f"{year}年会议",
            ["日期", "类型", "会议名称", "地点", "备注"],
            ([m.held_on, m.kind_label, m.title, m.location, m.notes] for m in rows),
            widths=[12, 18, 40, 20, 30],
        )
        return xlsx_response(f"{year}年会议安排.xlsx", data)
    return render_template(
        "secretariat/meetings.html",
        meetings=rows,
        year=year,
        kind=kind,
        kinds=MEETING_KINDS,
        today=local_today(),
        confirm=ConfirmForm(),
    )


@bp.route("/meetings/new", methods=["GET", "POST"])
@bp.route("/meetings/<int:meeting_id>", methods=["GET", "POST"])
def meeting_edit(meeting_id: int | None = None):
    meeting = org_get_or_404(Meeting, meeting_id) if meeting_id else None
    form = MeetingForm(obj=meeting)
    if request.method == "GET" and meeting is not None:
        form.version.data = meeting.version
    done = form_action(
        form,
        lambda: svc.meeting_save(
            current_user,
            meeting,
            form.kind.data,
            form.title.data,
            form.held_on.data,
            form.location.data or "",
            form.notes.data or "",
            form.version.data,
            form.start_time.data,
        ),
        "会议已保存。",
        lambda saved: url_for("secretariat.meetings", year=saved.held_on.year),
    )
    return done or render_template("secretariat/meeting_form.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/delete", methods=["POST"])
def meeting_delete(meeting_id: int):
    meeting = org_get_or_404(Meeting, meeting_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return button_action(
        lambda: svc.meeting_delete(current_user, meeting),
        "会议已删除。",
        url_for("secretariat.meetings", year=meeting.held_on.year),
    )


@bp.route("/years", methods=["GET", "POST"])
def years():
    form = YearForm()
    rows = sel.years(current_user.org_id)
    if request.method == "GET":  # the next one not yet open
        form.year.data = max([local_today().year, *(r.year for r in rows)]) + 1
    done = form_action(
        form,
        lambda: svc.year_open(current_user, form.year.data, bool(form.make_current.data)),
        f"已开启 {form.year.data} 年度。",
        url_for("secretariat.years"),
    )
    return done or render_template(
        "secretariat/years.html", form=form, years=rows, confirm=ConfirmForm()
    )


@bp.route("/years/<int:year_id>/current", methods=["POST"])
def year_current(year_id: int):
    row = org_get_or_404(Year, year_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    svc.year_set_current(current_user, row)
    flash(f"当前年度已设为 {row.year}。", "success")
    return hx_redirect(url_for("secretariat.years"))
