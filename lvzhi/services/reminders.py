"""Reminder digests: late in the year, one notification per member still missing items,
per run key (the ISO week) — re-running the job the same week adds nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, insert, select

from ..domain import duties as rules
from ..extensions import db
from ..models import DutyItem, DutyRecord, Member, Notification, Organization, User, Year
from . import unit_of_work
from .audit import audit


def run_key_for(today: date) -> str:
    iso = today.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


@unit_of_work
def duty_reminders(today: date, from_month: int = 10) -> int:
    """Create this week's 十个一 digests for every organization; returns how many were made.
    A fixed number of statements per organization, whatever the number of members."""
    key = run_key_for(today)
    made = 0
    for org_id in db.session.scalars(select(Organization.id)):
        year = (
            db.session.scalar(
                select(Year.year).where(Year.org_id == org_id, Year.is_current.is_(True))
            )
            or today.year
        )
        items = list(
            db.session.execute(
                select(DutyItem.id, DutyItem.name, DutyItem.required)
                .where(
                    DutyItem.org_id == org_id, DutyItem.year == year, DutyItem.retired.is_(False)
                )
                .order_by(DutyItem.sort_order)
            )
        )
        if not items or not rules.needs_year_end_reminder(today, year, 1, from_month):
            continue
        done = {}
        for member_id, item_id, n in db.session.execute(
            select(DutyRecord.member_id, DutyRecord.item_id, func.count(DutyRecord.id))
            .where(
                DutyRecord.org_id == org_id,
                DutyRecord.year == year,
                DutyRecord.status == rules.CONFIRMED,
            )
            .group_by(DutyRecord.member_id, DutyRecord.item_id)
        ):
            done[(member_id, item_id)] = n
        already = set(
            db.session.scalars(
                select(Notification.user_id).where(
                    Notification.org_id == org_id,
                    Notification.kind == "duty_digest",
                    Notification.run_key == key,
                )
            )
        )
        rows = []
        for user_id, member_id in db.session.execute(
            select(User.id, User.member_id)
            .join(Member, Member.id == User.member_id)
            .where(User.org_id == org_id, User.active.is_(True), Member.is_active.is_(True))
        ):
            if user_id in already:
                continue
            missing = [name for iid, name, req in items if done.get((member_id, iid), 0) < req]
            if not rules.needs_year_end_reminder(today, year, len(missing), from_month):
                continue
            rows.append(
                {
                    "org_id": org_id,
                    "user_id": user_id,
                    "kind": "duty_digest",
                    "run_key": key,
                    "url": f"/member/duties/{year}",
                    "title": f"{year} 年度十个一还有 {len(missing)} 项待完成",
                    "body": "尚未完成：" + "、".join(missing) + "。完成后请及时登记并提交确认。",
                }
            )
        if rows:
            db.session.execute(insert(Notification), rows)
            audit(None, org_id, "duty.remind", None, f"{key} 发送十个一提醒 {len(rows)} 条")
            made += len(rows)
    return made
