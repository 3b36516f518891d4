"""Attendance to-dos: leave requests waiting for the organizer (the secretariat for meetings,
a head for their group's activities), and for a member the events of today whose check-in
is open and who have not checked in. A fixed few queries."""

from __future__ import annotations

from collections.abc import Callable

from flask import url_for
from sqlalchemy import Select

from ..auth.permissions import headed_group_ids
from ..clock import local_today
from ..models import User
from ..models.base import utcnow
from ..selectors import attendance as sel
from .todos import CountPart, Todo, built, clock_param, counted


def attendance_todos(user: User) -> list[Todo]:
    todos: list[Todo] = []
    roles = user.roles
    if "member" in roles and user.member_id:
        for row in sel.open_checkins(user.member_id):
            event = row.event
            todos.append(
                Todo(
                    "attendance_checkin",
                    f"签到：{event.title}",
                    url_for("attendance.event", source=event.source, event_id=event.id),
                    "member",
                    detail=f"{event.kind_label} · 今天签到开放中",
                    urgent=True,
                )
            )
    if "secretariat" in roles:
        todos += _leave_todos(user, "meeting", "secretariat", None)
    if "group_head" in roles:
        groups = headed_group_ids(user)
        if groups:
            todos += _leave_todos(user, "activity", "group_head", groups)
    return todos


def _leave_key(user: User, groups: list[int] | None) -> tuple[tuple, Callable[[], Select]]:
    """The waiting leave requests' count (key and builder of its kept statement): on meetings
    (the secretariat's), or on the activities of ``groups`` (a head's)."""
    if groups is None:
        key = ("leave_meetings", user.org_id)
        return key, lambda: sel.waiting_leave_count(user.org_id, meetings=True)
    # a head's own request is not theirs to decide (services.attendance.leave_decide)
    key = ("leave_activities", user.org_id, tuple(groups), user.member_id)
    return key, lambda: sel.waiting_leave_count(
        user.org_id, meetings=False, group_ids=groups, exclude_member=user.member_id
    )


def _leave_todos(user: User, source: str, role: str, groups: list[int] | None) -> list[Todo]:
    waiting = counted(*_leave_key(user, groups))
    if not waiting:
        return []
    mine = user.member_id if groups is not None else None
    events = sel.waiting_leave_events(user.org_id, source, groups, exclude_member=mine)
    first = events[0]
    where = f"{first.title}" + (f" 等 {len(events)} 个活动" if len(events) > 1 else "")
    return [
        Todo(
            "attendance_leave",
            f"{waiting} 条请假申请待审批",
            url_for("attendance.manage", source=source, event_id=first.id),
            role,
            detail=where,
            count=waiting,
        )
    ]


def attendance_count(user: User) -> list[CountPart]:
    """What ``attendance_todos`` lists, counted (the badge)."""
    parts: list[CountPart] = []
    roles = user.roles
    if "member" in roles and user.member_id:
        key = ("checkins_open", user.member_id, local_today())
        now = clock_param("checkin_now", utcnow)
        parts.append(built(key, lambda: sel.open_checkins_count(user.member_id, key[2], now)))
    if "secretariat" in roles:
        parts.append(built(*_leave_key(user, None)))
    if "group_head" in roles:
        groups = headed_group_ids(user)
        if groups:
            parts.append(built(*_leave_key(user, groups)))
    return parts
