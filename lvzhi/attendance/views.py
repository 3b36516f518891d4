"""The member's side: my meetings and activities, one event (签到, 请假), the QR link."""

from __future__ import annotations

from flask import abort, flash, render_template, url_for
from flask_login import current_user

from ..auth.permissions import org_get_or_404
from ..clock import local_now, local_today, to_local
from ..domain import attendance as rules
from ..forms import ConfirmForm, button_action, form_action
from ..htmx import hx_redirect
from ..models import GroupActivity, Meeting
from ..selectors import attendance as sel
from ..services import ServiceError
from ..services import attendance as svc
from . import bp
from .forms import LeaveForm

SOURCES = {"meeting": Meeting, "activity": GroupActivity}


def event_or_404(source: str, event_id: int):
    model = SOURCES.get(source)
    if model is None:
        abort(404)
    return org_get_or_404(model, event_id)


def own_invitation_or_404(source: str, event_id: int):
    """(event, the logged-in member's invitation): anyone not invited gets a 404."""
    event = event_or_404(source, event_id)
    row = svc.invitation(event, current_user.member_id)
    if row is None:
        abort(404)
    return event, row


@bp.route("/")
def mine():
    if current_user.member_id is None:
        abort(404)
    invitations = sel.member_invitations(current_user.member_id)
    today = local_today()
    return render_template(
        "attendance/mine.html",
        coming=[i for i in invitations if i.row.event.held_on >= today],
        past=[i for i in invitations if i.row.event.held_on < today],
        today=today,
    )


def _event_page(event, row, leave_form: LeaveForm | None = None):
    return render_template(
        "attendance/event.html",
        event=event,
        mine=sel.invitee(row),
        open=svc.checkin_is_open(event),
        closes_at=to_local(event.checkin_closes_at),
        checked_in_at=to_local(row.checked_in_at),
        can_ask_leave=rules.leave_open(
            rules.event_start(event.held_on, event.start_time),
            local_now(),
            row.checked_in_at is not None,
            row.leave_status,
        ),
        leave_form=leave_form or LeaveForm(),
        confirm=ConfirmForm(),
        methods=rules.CHECKIN_METHODS,
    )


@bp.route("/<any(meeting, activity):source>/<int:event_id>")
def event(source: str, event_id: int):
    return _event_page(*own_invitation_or_404(source, event_id))


@bp.route("/<any(meeting, activity):source>/<int:event_id>/checkin", methods=["POST"])
def checkin(source: str, event_id: int):
    event, _row = own_invitation_or_404(source, event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return button_action(
        lambda: svc.attendance_checkin(current_user, event),
        lambda done: "签到成功。" if done[1] else "您已经签到过了。",
        url_for("attendance.event", source=source, event_id=event_id),
    )


@bp.route("/<any(meeting, activity):source>/<int:event_id>/leave", methods=["POST"])
def leave(source: str, event_id: int):
    event, row = own_invitation_or_404(source, event_id)
    form = LeaveForm()
    done = form_action(
        form,
        lambda: svc.leave_request(current_user, event, form.reason.data or ""),
        "请假申请已提交，等待审批。",
        url_for("attendance.event", source=source, event_id=event_id),
    )
    return done or _event_page(event, row, form)


@bp.route("/scan/<token>")
def scan(token: str):
    """The QR code's link: the event and a 确认签到 button (a GET never writes)."""
    error, event, row = None, None, None
    try:
        source, event_id, issued = svc.checkin_code_read(token)
        event = event_or_404(source, event_id)
        row = svc.invitation(event, current_user.member_id)
        if row is None:
            error = rules.NOT_INVITED
        elif row.checked_in_at is None:
            error = svc.checkin_code_refusal(event, issued)
    except ServiceError as exc:
        error = exc.message
    return render_template(
        "attendance/scan.html",
        token=token,
        error=error,
        event=event,
        row=row,
        checked_in_at=to_local(row.checked_in_at) if row else None,
        confirm=ConfirmForm(),
    )


@bp.route("/scan/<token>", methods=["POST"])
def scan_checkin(token: str):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        source, event_id, issued = svc.checkin_code_read(token)
    except ServiceError as exc:
        flash(exc.message, "error")
        return hx_redirect(url_for("attendance.scan", token=token))
    event = event_or_404(source, event_id)
    return button_action(
        lambda: svc.attendance_checkin(current_user, event, issued),
        lambda done: "签到成功。" if done[1] else "您已经签到过了。",
        url_for("attendance.event", source=source, event_id=event_id),
        refused_to=url_for("attendance.scan", token=token),
    )
