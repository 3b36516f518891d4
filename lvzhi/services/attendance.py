"""Attendance writes: group activities, invitations, leave, check-in (tap, QR code, tick,
paper sheet) and the check-in window. Each checks who may act, applies the rule of
``domain.attendance`` and audits."""

from __future__ import annotations

from datetime import date, datetime, time

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..auth.permissions import can_organize, headed_group_ids
from ..clock import local_now, local_today
from ..domain import attendance as rules
from ..extensions import db
from ..models import Attendance, GroupActivity, Meeting, Member, OfficeGroup, User
from ..models.base import utcnow
from . import ServiceError, clash_rollback, unit_of_work
from .audit import audit
from .common import another_like, check_version, limited_text

Event = Meeting | GroupActivity
NOT_ORGANIZER = "您不能管理这次活动的签到。"
NOT_HEAD = "您不是该室组的负责人。"
HEAD_INVITES_OWN = "室组负责人只能邀请本室组的委员。"
ACTIVITY_TWICE = "同一天已安排了同一主题的活动，请勿重复提交。"
CODE_SALT = "lvzhi.attendance.checkin"
OWN_ROW = "不能为本人登记出席，请扫码或在会议页签到。"  # nobody marks themselves present


def event_column(event: Event):
    """The attendance column that points at ``event``."""
    return Attendance.meeting_id if event.source == "meeting" else Attendance.activity_id


def refuse_moving_checked_in(event: Event, held_on: date) -> None:
    """An event someone is marked present at keeps a day that has come: moved to a later day
    its 出席 would stand for a meeting not held yet (``rules.not_held_yet``)."""
    if event.id is None or held_on == event.held_on or held_on <= local_today():
        return
    if db.session.scalar(
        select(Attendance.id)
        .where(event_column(event) == event.id, Attendance.checked_in_at.is_not(None))
        .limit(1)
    ):
        raise ServiceError(
            "已有委员登记出席，不能把日期改到今天以后；如会议改期，请另行登记一次会议。",
            field="held_on",
        )


def invitation(event: Event, member_id: int | None) -> Attendance | None:
    if member_id is None:
        return None
    return db.session.scalar(
        select(Attendance).where(event_column(event) == event.id, Attendance.member_id == member_id)
    )


def _organizer(actor: User, event: Event) -> None:
    if not can_organize(actor, event):
        raise ServiceError(NOT_ORGANIZER)


def _describe(event: Event) -> str:
    return f"{event.kind_label} {event.title} {event.held_on}"


# --- group activities ---------------------------------------------------------------------


@unit_of_work
def activity_save(
    actor: User,
    group: OfficeGroup,
    activity: GroupActivity | None,
    held_on: date,
    start_time: time | None,
    topic: str,
    place: str,
    version: int | None = None,
) -> GroupActivity:
    """Schedule (or change) an office group's activity; a new one invites the group's active
    members."""
    if group.org_id != actor.org_id or not (
        actor.has_role("secretariat") or group.id in headed_group_ids(actor)
    ):
        raise ServiceError(NOT_HEAD)
    topic = limited_text(topic, 120, "主题", "topic")
    if not topic:
        raise ServiceError("请填写活动主题。", field="topic")
    if another_like(
        GroupActivity,
        activity.id if activity else None,
        GroupActivity.office_group_id == group.id,
        GroupActivity.held_on == held_on,
        GroupActivity.topic == topic,
    ):
        raise ServiceError(ACTIVITY_TWICE, field="topic")
    creating = activity is None
    if activity is None:
        activity = GroupActivity(
            org_id=actor.org_id, office_group_id=group.id, created_by_id=actor.id
        )
        db.session.add(activity)
    else:
        check_version(activity, version)
        refuse_moving_checked_in(activity, held_on)
    activity.held_on, activity.start_time, activity.topic = held_on, start_time, topic
    activity.place = limited_text(place, 120, "地点", "place")
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same form posted twice at once: one activity
        clash_rollback()
        raise ServiceError(ACTIVITY_TWICE, field="topic") from exc
    if creating:
        invite_members(actor, activity, _active_members().where(Member.office_group_id == group.id))
    audit(
        actor,
        actor.org_id,
        "group_activity.create" if creating else "group_activity.update",
        activity,
        f"{group.name} {_describe(activity)}",
    )
    return activity


# --- invitations --------------------------------------------------------------------------


def _active_members():
    return select(Member.id).where(Member.is_active.is_(True))


def invite_members(actor: User, event: Event, member_ids_stmt) -> int:
    """Put the body's members ``member_ids_stmt`` selects on ``event``'s list, each once;
    returns how many were added."""
    wanted = set(db.session.scalars(member_ids_stmt.where(Member.org_id == actor.org_id)))
    have = set(
        db.session.scalars(select(Attendance.member_id).where(event_column(event) == event.id))
    )
    column = event_column(event).key
    for member_id in sorted(wanted - have):
        db.session.add(
            Attendance(
                org_id=actor.org_id,
                member_id=member_id,
                invited_by_id=actor.id,
                **{column: event.id},
            )
        )
    db.session.flush()
    return len(wanted - have)


@unit_of_work
def attendance_invite(
    actor: User,
    event: Event,
    scope: str,
    target_id: int | None = None,
    member_ids: list[int] | tuple[int, ...] = (),
) -> int:
    """Put people on the event's invitation list: all members, a committee, a group, or the
    picked people. Those already invited stay as they are. Returns how many were added. A
    group head organizing their group's activity invites only members of the groups they
    head: a whole group of theirs, or people picked from those groups."""
    _organizer(actor, event)
    stmt = _active_members()
    if not actor.has_role("secretariat"):
        _head_scope(actor, scope, target_id, member_ids)
    if scope == "committee":
        if not target_id:
            raise ServiceError("请选择专委会。", field="committee")
        stmt = stmt.where(Member.committee_id == target_id)
    elif scope == "group":
        if not target_id:
            raise ServiceError("请选择室组。", field="group")
        stmt = stmt.where(Member.office_group_id == target_id)
    elif scope == "picked":
        if not member_ids:
            raise ServiceError("请勾选要邀请的委员。", field="members")
        stmt = select(Member.id).where(Member.id.in_(member_ids))
    elif scope != "all":
        raise ServiceError("请选择邀请范围。", field="scope")
    added = invite_members(actor, event, stmt)
    audit(actor, actor.org_id, "attendance.invite", event, f"{_describe(event)} 新增 {added} 人")
    return added


def _head_scope(actor: User, scope: str, target_id: int | None, member_ids) -> None:
    groups = headed_group_ids(actor)
    if scope not in rules.HEAD_SCOPES or (scope == "group" and target_id not in groups):
        raise ServiceError(HEAD_INVITES_OWN, field="scope")
    if scope == "picked" and member_ids:
        outside = db.session.scalar(
            select(func.count()).where(
                Member.id.in_(member_ids),
                Member.org_id == actor.org_id,
                Member.office_group_id.not_in(groups) | Member.office_group_id.is_(None),
            )
        )
        if outside:
            raise ServiceError(HEAD_INVITES_OWN, field="scope")


# --- the check-in window and the QR code ----------------------------------------------------


@unit_of_work
def checkin_window_open(actor: User, event: Event, minutes: int) -> Event:
    _organizer(actor, event)
    if minutes not in rules.WINDOW_MINUTES:
        raise ServiceError("请选择签到时长。", field="minutes")
    refusal = rules.window_refusal(event.held_on, local_today())
    if refusal:
        raise ServiceError(refusal)
    now = utcnow()
    event.checkin_opens_at, event.checkin_closes_at = now, rules.window_end(now, minutes)
    audit(
        actor, actor.org_id, "attendance.window_open", event, f"{_describe(event)} {minutes} 分钟"
    )
    return event


@unit_of_work
def checkin_window_close(actor: User, event: Event) -> Event:
    _organizer(actor, event)
    if rules.window_open(event.checkin_opens_at, event.checkin_closes_at, utcnow()):
        event.checkin_closes_at = utcnow()
    audit(actor, actor.org_id, "attendance.window_close", event, _describe(event))
    return event


def checkin_is_open(event: Event, now: datetime | None = None) -> bool:
    return rules.window_open(event.checkin_opens_at, event.checkin_closes_at, now or utcnow())


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=CODE_SALT)


def checkin_code(event: Event, issued_at: datetime | None = None) -> str:
    """The signed token of the QR code the organizer shows: which event, drawn when (UTC)."""
    issued = issued_at or utcnow()
    return _serializer().dumps([event.source, event.id, issued.isoformat(timespec="seconds")])


def checkin_code_read(token: str) -> tuple[str, int, datetime]:
    """(source, event id, issued at) of a token, or a refusal for a forged or garbled one."""
    try:
        source, event_id, issued = _serializer().loads(token)
        return str(source), int(event_id), datetime.fromisoformat(issued)
    except (BadSignature, ValueError, TypeError) as exc:
        raise ServiceError(rules.CODE_INVALID) from exc


# --- check-in -----------------------------------------------------------------------------


def checkin_code_refusal(event: Event, issued_at: datetime | None) -> str | None:
    """Why a check-in now is refused (the code expired, the window is closed), or None; the
    QR link's page asks it before offering 确认签到."""
    now = utcnow()
    if issued_at is not None and not rules.code_valid(issued_at, now):
        return rules.CODE_EXPIRED
    if not rules.window_open(event.checkin_opens_at, event.checkin_closes_at, now):
        return rules.WINDOW_CLOSED
    return None


def _stamp(row: Attendance, actor: User, method: str) -> None:
    row.checked_in_at, row.checkin_method, row.checked_in_by_id = utcnow(), method, actor.id


@unit_of_work
def attendance_checkin(
    actor: User, event: Event, issued_at: datetime | None = None
) -> tuple[Attendance, bool]:
    """The member checks themselves in (by tapping 签到, or by the QR code when
    ``issued_at`` says when the code was drawn). Returns (row, newly): a second check-in
    changes nothing. Outside the window, with an expired code, or uninvited: refused."""
    row = invitation(event, actor.member_id)
    if row is None or event.org_id != actor.org_id:
        raise ServiceError(rules.NOT_INVITED)
    if row.checked_in_at is not None:
        return row, False
    refusal = checkin_code_refusal(event, issued_at)
    if refusal:
        raise ServiceError(refusal)
    method = "qr" if issued_at is not None else "tap"
    _stamp(row, actor, method)
    audit(
        actor,
        actor.org_id,
        "attendance.checkin",
        row,
        f"{_describe(event)} {rules.CHECKIN_METHODS[method]}",
    )
    return row, True


@unit_of_work
def attendance_tick(actor: User, row: Attendance, present: bool) -> Attendance:
    """The organizer marks an invitee present from the event's day on (or takes a wrong mark
    back) — not themselves (they check in as every invitee does)."""
    _organizer(actor, row.event)
    if actor.member_id is not None and row.member_id == actor.member_id:
        raise ServiceError(OWN_ROW)
    refusal = rules.not_held_yet(row.event.held_on, local_today()) if present else None
    if refusal:
        raise ServiceError(refusal)
    if present and row.checked_in_at is None:
        _stamp(row, actor, "tick")
        action = "attendance.tick"
    elif not present and row.checked_in_at is not None:
        row.checked_in_at, row.checkin_method, row.checked_in_by_id = None, "", None
        action = "attendance.untick"
    else:
        return row
    audit(actor, actor.org_id, action, row, f"{_describe(row.event)} {row.member.name}")
    return row


# --- leave --------------------------------------------------------------------------------


@unit_of_work
def leave_request(actor: User, event: Event, reason: str) -> Attendance:
    """The member asks for leave, with a reason, before the event starts."""
    row = invitation(event, actor.member_id)
    if row is None or event.org_id != actor.org_id:
        raise ServiceError(rules.NOT_INVITED)
    reason = limited_text(reason, 200, "请假事由", "reason")
    starts = rules.event_start(event.held_on, event.start_time)
    refusal = rules.leave_refusal(
        starts, local_now(), row.checked_in_at is not None, reason, row.leave_status
    )
    if refusal:
        raise ServiceError(refusal, field="reason")
    row.leave_status, row.leave_reason, row.leave_asked_at = rules.LEAVE_REQUESTED, reason, utcnow()
    row.leave_decided_at = row.leave_decided_by_id = None
    audit(actor, actor.org_id, "attendance.leave_request", row, f"{_describe(event)}：{reason}")
    return row


@unit_of_work
def leave_record(actor: User, row: Attendance, reason: str) -> Attendance:
    """The organizer records a leave the member asked for by phone or in person (代登记请假):
    excused at once, in the organizer's name — never their own (as a leave is not decided
    by the one who asks it)."""
    _organizer(actor, row.event)
    if actor.member_id is not None and row.member_id == actor.member_id:
        raise ServiceError("不能为本人登记请假，请由其他工作人员或政协机关办理。")
    reason = limited_text(reason, 200, "请假事由", "reason")
    refusal = rules.leave_record_refusal(
        row.checked_in_at is not None, reason, row.leave_status, row.event.held_on, local_today()
    )
    if refusal:
        raise ServiceError(refusal, field="reason")
    now = utcnow()
    row.leave_status, row.leave_reason = rules.LEAVE_APPROVED, reason
    row.leave_asked_at = row.leave_asked_at or now
    row.leave_decided_at, row.leave_decided_by_id = now, actor.id
    audit(
        actor,
        actor.org_id,
        "attendance.leave_record",
        row,
        f"{_describe(row.event)} {row.member.name}：{reason}",
    )
    return row


@unit_of_work
def leave_decide(actor: User, row: Attendance, approve: bool) -> Attendance:
    """The secretariat (meetings) or the group head (activities) approves or refuses — never
    their own request (a head asking leave of their own group's activity)."""
    _organizer(actor, row.event)
    if actor.member_id is not None and row.member_id == actor.member_id:
        raise ServiceError("不能审批本人的请假，请由其他工作人员或政协机关办理。")
    refusal = rules.leave_decision_refusal(row.leave_status)
    if refusal:
        raise ServiceError(refusal)
    row.leave_status = rules.LEAVE_APPROVED if approve else rules.LEAVE_REFUSED
    row.leave_decided_at, row.leave_decided_by_id = utcnow(), actor.id
    action = "attendance.leave_approve" if approve else "attendance.leave_refuse"
    audit(actor, actor.org_id, action, row, f"{_describe(row.event)} {row.member.name}")
    return row
