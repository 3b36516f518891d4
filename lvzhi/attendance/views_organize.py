"""The organizer's side of one event: invitations, the check-in window and its QR code, the
tick list (a row re-renders itself under htmx), leave decisions and the sign-in sheet."""

from __future__ import annotations

import io

import segno
from flask import abort, flash, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from ..auth.permissions import (
    headed_group_ids,
    organized_attendance_or_404,
    organized_event_or_404,
)
from ..clock import local_today, to_local
from ..domain import attendance as rules
from ..domain.attendance import HEAD_SCOPES, INVITE_SCOPES
from ..excel import xlsx_response
from ..forms import ConfirmForm, button_action, form_action, id_choices
from ..htmx import hx_redirect, is_fragment_request, render
from ..selectors import attendance as sel
from ..selectors import roster
from ..services import ServiceError
from ..services import attendance as svc
from ..services import attendance_import as sheet
from ..web import form_ids
from . import bp
from .forms import InviteForm, LeaveForm, SheetForm, WindowForm

EVENT = "/<any(meeting, activity):source>/<int:event_id>"


def qr_svg(url: str) -> Markup:
    """The QR code of ``url`` as inline SVG, drawn on the server (segno, pure Python)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=8, border=2, xmldecl=False, svgclass="qr-code", title="签到二维码"
    )
    return Markup(out.getvalue().decode())


def _manage_url(event) -> str:
    return url_for("attendance.manage", source=event.source, event_id=event.id)


def _invite_choices(form: InviteForm) -> set[int] | None:
    """Set the invite form's choices; returns the groups whose members the organizer may
    pick (None: all): a group head invites only within the groups they head."""
    groups, committees, _sectors = roster.structure_choices(current_user.org_id)
    own = None
    if not current_user.has_role("secretariat"):
        own = headed_group_ids(current_user)
        groups = [g for g in groups if g.id in own]
        committees = []
        form.scope.choices = [(k, v) for k, v in INVITE_SCOPES.items() if k in HEAD_SCOPES]
    form.committee.choices = id_choices(committees, "— 选择专委会 —")
    form.group.choices = id_choices(groups, "— 选择室组 —")
    return own


def _manage_page(event, invite_form=None, sheet_form=None, preview=None):
    org = current_user.org_id
    invite_form = invite_form or InviteForm()
    members = sel.pickable_members(org, _invite_choices(invite_form))
    invitees = sel.event_invitees(event)
    return render_template(
        "attendance/manage.html",
        event=event,
        invitees=invitees,
        summary=sel.event_summary(invitees),
        open=svc.checkin_is_open(event),
        not_yet=rules.window_refusal(event.held_on, local_today()),
        early=rules.not_held_yet(event.held_on, local_today()),
        closes_at=to_local(event.checkin_closes_at),
        invite_form=invite_form,
        window_form=WindowForm(),
        sheet_form=sheet_form or SheetForm(),
        preview=preview,
        members=members,
        invited_ids={i.row.member_id for i in invitees},
        confirm=ConfirmForm(),
        methods=rules.CHECKIN_METHODS,
        labels=rules.RESULT_LABELS,
    )


@bp.route(EVENT + "/manage")
def manage(source: str, event_id: int):
    return _manage_page(organized_event_or_404(source, event_id))


@bp.route(EVENT + "/invite", methods=["POST"])
def invite(source: str, event_id: int):
    event = organized_event_or_404(source, event_id)
    form = InviteForm()
    _invite_choices(form)
    target = {"committee": form.committee.data, "group": form.group.data}.get(form.scope.data)
    done = form_action(
        form,
        lambda: svc.attendance_invite(
            current_user, event, form.scope.data, target, form_ids("members")
        ),
        lambda added: f"已邀请 {added} 人。" if added else "所选人员都已在邀请名单中。",
        _manage_url(event),
    )
    return done or _manage_page(event, invite_form=form)


@bp.route(EVENT + "/window", methods=["POST"])
def window(source: str, event_id: int):
    event = organized_event_or_404(source, event_id)
    if request.form.get("action") == "close":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        return button_action(
            lambda: svc.checkin_window_close(current_user, event),
            "签到已结束。",
            _manage_url(event),
        )
    form = WindowForm()
    if not form.validate_on_submit():
        flash("请选择签到时长。", "error")
        return hx_redirect(_manage_url(event))
    return button_action(
        lambda: svc.checkin_window_open(current_user, event, form.minutes.data),
        "签到已开放。",
        _manage_url(event),
    )


@bp.route(EVENT + "/qr")
def qr(source: str, event_id: int):
    """The screen the organizer shows in the hall: a fresh code every minute."""
    event = organized_event_or_404(source, event_id)
    is_open = svc.checkin_is_open(event)
    link = (
        url_for("attendance.scan", token=svc.checkin_code(event), _external=True)
        if is_open
        else None
    )
    return render_template(
        "attendance/qr.html",
        event=event,
        link=link,
        svg=qr_svg(link) if link else None,
        closes_at=to_local(event.checkin_closes_at),
        valid_minutes=rules.QR_VALID_MINUTES,
    )


def _row_response(row):
    if is_fragment_request():
        return render(
            "attendance/manage.html",
            "attendance/_row.html",
            i=sel.invitee(row),
            event=row.event,
            early=rules.not_held_yet(row.event.held_on, local_today()),
            confirm=ConfirmForm(),
            methods=rules.CHECKIN_METHODS,
        )
    return hx_redirect(_manage_url(row.event) + f"#attendance-row-{row.id}")


def _row_action(row, action, message: str):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        action()
    except ServiceError as exc:
        flash(exc.message, "error")
        return hx_redirect(_manage_url(row.event))
    if not is_fragment_request():
        flash(message, "success")
    return _row_response(row)


@bp.route("/rows/<int:row_id>/tick", methods=["POST"])
def tick(row_id: int):
    row = organized_attendance_or_404(row_id)
    present = request.form.get("present") == "1"
    return _row_action(
        row,
        lambda: svc.attendance_tick(current_user, row, present),
        f"已登记 {row.member.name} {'出席' if present else '未签到'}。",
    )


@bp.route("/rows/<int:row_id>/leave-record", methods=["GET", "POST"])
def leave_record(row_id: int):
    """代登记请假: a member asked by phone or in person; the organizer records it, granted."""
    row = organized_attendance_or_404(row_id)
    form = LeaveForm()
    done = form_action(
        form,
        lambda: svc.leave_record(current_user, row, form.reason.data or ""),
        f"已为 {row.member.name} 登记请假。",
        _manage_url(row.event) + f"#attendance-row-{row.id}",
    )
    return done or render_template(
        "attendance/leave_record.html", form=form, row=row, back=_manage_url(row.event)
    )


@bp.route("/rows/<int:row_id>/leave", methods=["POST"])
def leave_decide(row_id: int):
    row = organized_attendance_or_404(row_id)
    approve = request.form.get("decision") == "approve"
    return _row_action(
        row,
        lambda: svc.leave_decide(current_user, row, approve),
        f"已{'准假' if approve else '不准假'}：{row.member.name}。",
    )


@bp.route("/sheet-template.xlsx")
def sheet_template():
    if not (current_user.has_role("secretariat") or current_user.has_role("group_head")):
        abort(403)
    return xlsx_response("签到表模板.xlsx", sheet.template_bytes())


@bp.route(EVENT + "/sheet", methods=["POST"])
def sheet_preview(source: str, event_id: int):
    """Upload a sign-in sheet: the preview lists every row, bad ones with the reason; the
    confirm button appears only when every row is good."""
    event = organized_event_or_404(source, event_id)
    form = SheetForm()
    preview = None
    if form.validate_on_submit():
        try:
            preview = sheet.signin_sheet_preview(current_user, event, form.file.data.read())
        except ServiceError as exc:
            form.file.errors = [*form.file.errors, exc.message]
    return _manage_page(event, sheet_form=form, preview=preview)


@bp.route(EVENT + "/sheet/import", methods=["POST"])
def sheet_import(source: str, event_id: int):
    event = organized_event_or_404(source, event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return button_action(
        lambda: sheet.signin_sheet_import(current_user, event, form_ids("members")),
        lambda marked: f"签到表已导入，新登记出席 {marked} 人。",
        _manage_url(event),
    )
