"""十个一 to-dos: returned records and drafts for the member, records waiting for the
office-group head, long-waiting records for the secretariat. A fixed few queries per user."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import Select, func, select

from ..auth.permissions import headed_group_ids
from ..domain import duties as rules
from ..extensions import db
from ..models import DutyItem, DutyRecord, Member, User
from ..models.base import utcnow
from .todos import CountPart, Todo, built, capped, clock_param, counted

SECRETARIAT_WAIT_DAYS = 7
MEMBER_SHOWN = 20  # a member's returned records and drafts listed


def _member_rows(user: User) -> Select:
    return (
        select(
            DutyRecord.id,
            DutyRecord.title,
            DutyRecord.status,
            DutyRecord.return_reason,
            DutyItem.name,
        )
        .join(DutyItem, DutyItem.id == DutyRecord.item_id)
        .where(
            DutyRecord.member_id == user.member_id,
            DutyRecord.status.in_((rules.RETURNED, rules.DRAFT)),
        )
    )


def _head_waiting(user: User, groups: list[int]) -> Select:
    return (
        select(func.count(DutyRecord.id))
        .join(Member, Member.id == DutyRecord.member_id)
        .where(
            Member.office_group_id.in_(groups),
            DutyRecord.status == rules.SUBMITTED,
            DutyRecord.member_id != (user.member_id or -1),
        )
    )


def _week_ago() -> datetime:
    return utcnow() - timedelta(days=SECRETARIAT_WAIT_DAYS)


def _long_waiting(user: User) -> Select:
    """count(*), not count(id): PostgreSQL counts from ix_duty_records_org_status alone (an
    index-only scan) instead of reading the body's every record in the table's order."""
    cutoff = clock_param("duty_wait_cutoff", _week_ago)
    return select(func.count()).where(
        DutyRecord.org_id == user.org_id,
        DutyRecord.status == rules.SUBMITTED,
        DutyRecord.submitted_at < cutoff,
    )


def duty_count(user: User) -> list[CountPart]:
    """What ``duty_todos`` lists, counted (the badge)."""
    parts: list[CountPart] = []
    roles = user.roles
    if "member" in roles and user.member_id:
        key = ("duty_member", user.member_id)
        parts.append(built(key, lambda: capped(_member_rows(user), MEMBER_SHOWN)))
    if "group_head" in roles:
        groups = headed_group_ids(user)
        if groups:
            key = ("duty_head", user.member_id, tuple(groups))
            parts.append(built(key, lambda: _head_waiting(user, groups)))
    if "secretariat" in roles:
        parts.append(built(("duty_long", user.org_id), lambda: _long_waiting(user)))
    return parts


def duty_todos(user: User) -> list[Todo]:
    todos: list[Todo] = []
    roles = user.roles
    if "member" in roles and user.member_id:
        rows = db.session.execute(
            _member_rows(user).order_by(DutyRecord.id.desc()).limit(MEMBER_SHOWN)
        ).all()
        for rid, title, status, reason, item_name in rows:
            if status == rules.RETURNED:
                todos.append(
                    Todo(
                        "duty_returned",
                        f"被退回：{title}",
                        url_for("member.duty_edit", record_id=rid),
                        "member",
                        detail=f"{item_name} · 退回原因：{reason}",
                        urgent=True,
                    )
                )
            else:
                todos.append(
                    Todo(
                        "duty_draft",
                        f"草稿未提交：{title}",
                        url_for("member.duty_edit", record_id=rid),
                        "member",
                        detail=item_name,
                    )
                )
    if "group_head" in roles:
        groups = headed_group_ids(user)
        if groups:
            key = ("duty_head", user.member_id, tuple(groups))
            n = counted(key, lambda: _head_waiting(user, groups))
            if n:
                todos.append(
                    Todo(
                        "duty_pending",
                        f"本组 {n} 条履职记录待确认",
                        url_for("group.duty_pending"),
                        "group_head",
                        count=n,
                    )
                )
    if "secretariat" in roles:
        n = counted(("duty_long", user.org_id), lambda: _long_waiting(user))
        if n:
            todos.append(
                Todo(
                    "duty_pending_long",
                    f"{n} 条履职记录提交超过 {SECRETARIAT_WAIT_DAYS} 天仍未确认",
                    url_for("secretariat.duty_pending", waiting="long"),
                    "secretariat",
                    count=n,
                )
            )
    return todos
