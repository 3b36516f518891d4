"""Demo attendance: this year's meetings already held with who came (most checked in, a few
excused with a reason, a few absent), the next meeting's invitations with a leave request
waiting for the secretariat, and every office group's activities with check-ins — so the
archive, the handbook, the rates and the to-dos have something to show on first run.

Idempotent: a meeting that already has invitations is skipped; activities are seeded once
per organization.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select

from ..clock import to_utc
from ..domain import attendance as rules
from ..extensions import db
from ..models import (
    Attendance,
    GroupActivity,
    GroupHeadAssignment,
    Meeting,
    Member,
    OfficeGroup,
    User,
)
from ..selectors.roster import office_groups

START = time(9, 0)
# who each kind of meeting invites: everyone, or a share of the members (the standing
# committee, the members concerned by a chair-meeting consultation)
INVITE_SHARE = {
    "plenary_prep": 1.0,
    "plenary": 1.0,
    "joint_meeting": 0.15,
    "standing_committee": 0.3,
    "chair_meeting": 0.12,
}
ALWAYS = ("张岩枢", "沈国平", "朱明华")  # the demo logins see their own attendance
LEAVE_REASONS = ("外出学习培训", "单位有紧急任务", "身体不适", "赴外地出差", "家中有事")
ACTIVITY_TOPICS = (
    "委员学习日：学习全会精神",
    "“请你来协商”：老旧小区改造",
    "走访联系村社，听取群众意见",
    "民主监督：河道长效管护",
    "委员讲堂：共同富裕的县域实践",
)
ACTIVITY_PLACES = ("委员之家", "街道会议室", "村文化礼堂", "社区服务中心")


def seed(org, today: date) -> None:
    rng = random.Random(20261126)
    members = db.session.execute(
        select(Member.id, Member.name, Member.office_group_id)
        .where(Member.org_id == org.id, Member.is_active.is_(True))
        .order_by(Member.id)
    ).all()
    if not members:
        return
    secretariat = db.session.scalar(select(User.id).where(User.username == "jiguan"))
    rows: list[dict] = []
    _meetings(org, today, members, secretariat, rng, rows)
    _activities(org, today, members, rng, rows)
    if rows:
        db.session.execute(insert(Attendance), rows)


def _row(org_id: int, member_id: int, by: int | None, **event) -> dict:
    return {
        "org_id": org_id,
        "member_id": member_id,
        "invited_by_id": by,
        "meeting_id": None,
        "activity_id": None,
        "leave_status": "",
        "leave_reason": "",
        "leave_asked_at": None,
        "leave_decided_at": None,
        "leave_decided_by_id": None,
        "checked_in_at": None,
        "checkin_method": "",
        "checked_in_by_id": None,
        **event,
    }


def _outcome(rng: random.Random, row: dict, day: date, by: int | None, held: bool) -> None:
    """Most come (by tapping, the QR code, or ticked by the organizer); some ask leave."""
    start = datetime.combine(day, START)
    roll = rng.random()
    if roll < 0.07:
        row.update(
            leave_status=rules.LEAVE_APPROVED,
            leave_reason=rng.choice(LEAVE_REASONS),
            leave_asked_at=to_utc(start - timedelta(days=2)),
            leave_decided_at=to_utc(start - timedelta(days=1)),
            leave_decided_by_id=by,
        )
    elif roll < 0.12 or not held:
        return  # absent (or, for an event still to come, nothing yet)
    else:
        method = rng.choice(("qr", "qr", "tap", "tick"))
        row.update(
            checked_in_at=to_utc(start - timedelta(minutes=rng.randint(1, 25))),
            checkin_method=method,
        )


def _meetings(org, today, members, secretariat, rng, rows) -> None:
    year = today.year
    meetings = list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.org_id == org.id,
                Meeting.kind.in_(INVITE_SHARE),
                Meeting.held_on.between(date(year, 1, 1), date(year, 12, 31)),
            )
            .order_by(Meeting.held_on)
        )
    )
    invited = set(
        db.session.scalars(
            select(Attendance.meeting_id)
            .where(Attendance.org_id == org.id, Attendance.meeting_id.is_not(None))
            .distinct()
        )
    )
    upcoming = next((m for m in meetings if m.held_on > today), None)
    for meeting in meetings:
        if meeting.start_time is None:
            meeting.start_time = START
        if meeting.id in invited or (meeting.held_on > today and meeting is not upcoming):
            continue
        share = INVITE_SHARE[meeting.kind]
        for member_id, name, _group in members:
            if name not in ALWAYS and rng.random() >= share:
                continue
            row = _row(org.id, member_id, secretariat, meeting_id=meeting.id)
            if meeting.held_on < today:
                _outcome(rng, row, meeting.held_on, secretariat, held=True)
            rows.append(row)
        if meeting is upcoming:  # one leave request waits for the secretariat
            demo = {member_id for member_id, name, _g in members if name in ALWAYS}
            asking = next(
                r for r in rows if r["meeting_id"] == meeting.id and r["member_id"] not in demo
            )
            asking.update(
                leave_status=rules.LEAVE_REQUESTED,
                leave_reason="赴外地参加行业展会",
                leave_asked_at=to_utc(datetime.combine(today, time(8, 0))),
            )


def _activities(org, today, members, rng, rows) -> None:
    if db.session.scalar(
        select(func.count(GroupActivity.id)).where(GroupActivity.org_id == org.id)
    ):
        return
    by_group: dict[int, list[int]] = {}
    for member_id, _name, group_id in members:
        by_group.setdefault(group_id, []).append(member_id)
    for group in office_groups(org.id):
        head = _head_user(group)
        # one activity every other month so far this year, on a weekday afternoon
        for month in range(2, today.month + 1, 2):
            day = date(today.year, month, 8 + rng.randint(0, 14))
            if day >= today:
                break
            activity = GroupActivity(
                org_id=org.id,
                office_group_id=group.id,
                held_on=day,
                start_time=time(14, 30),
                topic=rng.choice(ACTIVITY_TOPICS),
                place=rng.choice(ACTIVITY_PLACES),
                created_by_id=head,
            )
            db.session.add(activity)
            db.session.flush()
            for member_id in by_group.get(group.id, []):
                row = _row(org.id, member_id, head, activity_id=activity.id)
                _outcome(rng, row, day, head, held=True)
                rows.append(row)


def _head_user(group: OfficeGroup) -> int | None:
    member_id = db.session.scalar(
        select(GroupHeadAssignment.member_id)
        .where(
            GroupHeadAssignment.office_group_id == group.id,
            GroupHeadAssignment.end_date.is_(None),
        )
        .limit(1)
    )
    if member_id is None:
        return None
    return db.session.scalar(select(User.id).where(User.member_id == member_id))
