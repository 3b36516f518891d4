"""Office-group activities (a head schedules the group's: date, place, topic) and the
attendance rates by group, committee and sector."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_login import current_user

from ..auth.permissions import (
    headed_group_ids,
    org_get_or_404,
    organized_event_or_404,
    roles_required,
)
from ..clock import local_today
from ..excel import workbook_bytes, xlsx_response
from ..extensions import db
from ..forms import form_action, id_choices
from ..models import OfficeGroup
from ..selectors import attendance as sel
from ..selectors import roster
from ..services import attendance as svc
from ..web import int_arg, paged, year_arg
from . import bp
from .forms import ActivityForm


def _organizer_group_ids() -> list[int]:
    """The groups whose activities the user schedules: a head's own, or every group for
    the secretariat."""
    if current_user.has_role("secretariat"):
        return [g.id for g in roster.office_groups(current_user.org_id)]
    return headed_group_ids(current_user)


@bp.route("/activities")
@roles_required("group_head", "secretariat")
def activities():
    """The activities of the groups the user organizes, newest first, a page at a time: by
    year (by default this year's and next year's, scheduled late in December), by group;
    ``format=xlsx`` exports them all."""
    chosen = year_arg()
    year = chosen or local_today().year
    ids = _organizer_group_ids()
    groups = [g for g in roster.office_groups(current_user.org_id) if g.id in ids]
    group = int_arg("group")
    shown = [group] if group in ids else ids
    stmt = sel.group_activities_select(current_user.org_id, shown, year, chosen or year + 1)
    if request.args.get("format") == "xlsx":
        rows = db.session.scalars(stmt).all()
        counts = sel.invited_counts("activity", [a.id for a in rows])
        data = workbook_bytes(
            f"{year}年室组活动",
            ["日期", "开始时间", "室组", "主题", "地点", "邀请人数"],
            (
                [
                    a.held_on.isoformat(),
                    a.start_time.strftime("%H:%M") if a.start_time else "",
                    a.office_group.name,
                    a.topic,
                    a.place,
                    counts.get(a.id, 0),
                ]
                for a in rows
            ),
        )
        return xlsx_response(f"{year}年室组活动.xlsx", data)
    page = paged(stmt)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "attendance/activities.html",
        page=page,
        activities=page.items,
        counts=sel.invited_counts("activity", [a.id for a in page.items]),
        year=year,
        groups=groups,
        group=group if group in ids else None,
        args=args,
        today=local_today(),
    )


def _activity_form(activity=None) -> ActivityForm:
    form = ActivityForm(obj=activity)
    ids = _organizer_group_ids()
    groups = [g for g in roster.office_groups(current_user.org_id) if g.id in ids]
    form.group.choices = id_choices(groups, None)
    if request.method == "GET":
        form.group.data = activity.office_group_id if activity else (ids[0] if ids else None)
        if activity is not None:
            form.version.data = activity.version
    return form


def _save(activity=None):
    form = _activity_form(activity)  # offers only the groups the user organizes
    done = form_action(
        form,
        lambda: svc.activity_save(
            current_user,
            org_get_or_404(OfficeGroup, form.group.data),
            activity,
            form.held_on.data,
            form.start_time.data,
            form.topic.data or "",
            form.place.data or "",
            form.version.data,
        ),
        "活动已保存。" if activity else "活动已安排，本组委员已列入邀请名单。",
        lambda saved: url_for("attendance.manage", source="activity", event_id=saved.id),
    )
    return done or render_template("attendance/activity_form.html", form=form, activity=activity)


@bp.route("/activities/new", methods=["GET", "POST"])
@roles_required("group_head", "secretariat")
def activity_new():
    if not _organizer_group_ids():
        abort(404)
    return _save()


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
def activity_edit(activity_id: int):
    return _save(organized_event_or_404("activity", activity_id))


@bp.route("/rates")
@roles_required("secretariat", "leader")
def rates():
    year = year_arg() or local_today().year
    by = request.args.get("by") if request.args.get("by") in sel.RATE_BY else "group"
    rows = sel.rates(current_user.org_id, year, by)
    label = sel.RATE_BY[by][2]
    if request.args.get("format") == "xlsx":
        data = workbook_bytes(
            f"{year}年出席率",
            [label, "出席", "请假", "缺席", "出席率"],
            ([r.name, r.rate.present, r.rate.excused, r.rate.absent, r.rate.label] for r in rows),
        )
        return xlsx_response(f"{year}年出席率（按{label}）.xlsx", data)
    return render_template(
        "attendance/rates.html",
        rows=rows,
        total=sel.total_rate(current_user.org_id, year),
        year=year,
        by=by,
        label=label,
        choices={k: v[2] for k, v in sel.RATE_BY.items()},
    )
