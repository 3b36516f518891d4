"""The province data set's 十个一 and 十加一 rows: each member's duty records over the years,
each office group's monthly reports (with entries, participants and comments), the
signature items and the group invitations."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from lvzhi.domain import duties as duty_rules
from lvzhi.domain import group_reports as report_rules
from lvzhi.extensions import db
from lvzhi.models import (
    DutyItem,
    DutyRecord,
    GroupInvitation,
    GroupReport,
    GroupReportComment,
    GroupReportEntry,
    GroupSignatureItem,
    group_report_participants,
)

from .dataset_rows import Ids, bulk

RECORD_TITLES = ["参加专题调研", "提交提案一件", "走访联系群众", "参加视察活动", "报送社情民意"]


def duty_records(ids: Ids, org_id, member_ids, years, today, now, rng=None) -> None:
    """≈ 7.4 records per member and year: earlier years confirmed, this year a mix."""
    rng = rng or random.Random(org_id)
    item_ids = dict(
        db.session.execute(
            select(DutyItem.year, func.min(DutyItem.id))
            .where(DutyItem.org_id == org_id)
            .group_by(DutyItem.year)
        ).all()
    )
    rows = []
    for year in years:
        first_item = item_ids[year]
        last_day = min(date(year, 12, 28), today - timedelta(days=1))
        span = max((last_day - date(year, 1, 8)).days, 1)
        current = year == today.year
        for member_id in member_ids:
            for k in range(10):
                copies = 0 if rng.random() < 0.35 else 2 if rng.random() < 0.14 else 1
                for _c in range(copies):
                    on = date(year, 1, 8) + timedelta(days=rng.randrange(span))
                    roll = rng.random() if current else 0.0
                    status = (
                        duty_rules.CONFIRMED
                        if roll < 0.75
                        else duty_rules.SUBMITTED
                        if roll < 0.9
                        else duty_rules.RETURNED
                        if roll < 0.95
                        else duty_rules.DRAFT
                    )
                    at = datetime(on.year, on.month, on.day, 10, 0)
                    rows.append(
                        {
                            "org_id": org_id,
                            "member_id": member_id,
                            "item_id": first_item + k,
                            "year": year,
                            "occurred_on": on,
                            "title": RECORD_TITLES[k % len(RECORD_TITLES)],
                            "body": "参加人员认真准备，形成了书面材料。",
                            "status": status,
                            "return_reason": "",
                            "submitted_at": None if status == duty_rules.DRAFT else at,
                            "decided_at": at + timedelta(days=3)
                            if status in (duty_rules.CONFIRMED, duty_rules.RETURNED)
                            else None,
                            "source_title": "",
                            "source_url": "",
                            "attachment_count": 0,
                            "version": 1,
                            "created_at": at,
                            "updated_at": at,
                        }
                    )
    first = ids.take(DutyRecord, len(rows))
    for k, row in enumerate(rows):
        row["id"] = first + k
    bulk(DutyRecord, rows)


def group_reports(ids, org_id, group_ids, member_ids, first_year, today, author_id, skip=()):
    """Every group's monthly report from January of the first year to last month, one in
    three with a committee's comment."""
    rng = random.Random(-org_id)
    codes = [c for c, _n, _d in report_rules.DEFAULT_GROUP_ITEMS]
    months = [
        (y, m)
        for y in range(first_year, today.year + 1)
        for m in range(1, 13)
        if (y, m) < (today.year, today.month)
    ]
    reports, entries, links = [], [], []
    for y, m in months:
        for gid in group_ids:
            if (gid, y, m) in skip or rng.random() < 0.05:
                continue
            due = report_rules.report_due_date(y, m, report_rules.DEFAULT_RUBRIC)
            submitted = datetime(due.year, due.month, rng.randint(1, due.day + 2), 15, 0)
            reports.append(
                {
                    "org_id": org_id,
                    "office_group_id": gid,
                    "year": y,
                    "month": m,
                    "status": report_rules.REVIEWED,
                    "submitted_at": submitted,
                    "quality": rng.randint(25, 50),
                    "review_comment": "工作扎实。",
                    "reviewed_at": submitted + timedelta(days=3),
                    "version": 1,
                    "created_at": submitted,
                    "updated_at": submitted,
                }
            )
    first = ids.take(GroupReport, len(reports))
    for k, report in enumerate(reports):
        report["id"] = first + k
        for code in codes:
            worked = rng.random() < 0.8
            entries.append(
                {
                    "report_id": report["id"],
                    "item_code": code,
                    "text": "组织委员开展活动。" if worked else "",
                    "activity_count": 2 if worked else 0,
                    "has_work": worked,
                    "updated_at": report["submitted_at"],
                    "version": 1,
                }
            )
    entry0 = ids.take(GroupReportEntry, len(entries))
    for k, entry in enumerate(entries):
        entry["id"] = entry0 + k
        if entry["has_work"] and k % 4 == 0:
            links += [
                {"entry_id": entry["id"], "member_id": mid} for mid in rng.sample(member_ids, 2)
            ]
    comments = reports[::3]
    comment0 = ids.take(GroupReportComment, len(comments))
    bulk(GroupReport, reports)
    bulk(GroupReportEntry, entries)
    bulk(group_report_participants, links)
    bulk(
        GroupReportComment,
        [
            {
                "id": comment0 + k,
                "report_id": r["id"],
                "author_id": author_id,
                "role": "committee",
                "body": "工作有序推进，建议进一步深化。",
                "token": f"bench-{comment0 + k}",
                "created_at": r["reviewed_at"],
            }
            for k, r in enumerate(comments)
        ],
    )


def signatures_and_invitations(ids, org_id, group_ids, years, today, meetings, now) -> None:
    """Each group's 特色 item every year; each past quarter, the first group invited as the
    top and the last as the bottom to the next quarter's first monthly meeting."""
    stamp = {"org_id": org_id, "version": 1, "created_at": now, "updated_at": now}
    pairs = [(g, y) for y in years for g in group_ids]
    first = ids.take(GroupSignatureItem, len(pairs))
    bulk(
        GroupSignatureItem,
        [
            {
                "id": first + k,
                "office_group_id": g,
                "year": y,
                "name": "特色工作",
                "description": "",
                **stamp,
            }
            for k, (g, y) in enumerate(pairs)
        ],
    )
    quarters = [
        (y, q) for y in years for q in range(1, 5) if (y, 3 * q + 1) <= (today.year, today.month)
    ]
    rows = []
    for y, q in quarters:
        meeting = meetings.get((y, 3 * q + 1)) or meetings.get((y + 1, 1))
        if meeting is None:
            continue
        for rank, (gid, flag) in enumerate([(group_ids[0], "top"), (group_ids[-1], "bottom")]):
            rows.append(
                {
                    "office_group_id": gid,
                    "meeting_id": meeting,
                    "year": y,
                    "quarter": q,
                    "flag": flag,
                    "rank": 1 if rank == 0 else len(group_ids),
                    "score": "80.0",
                    "appearance_kind": "",
                    "appearance_notes": "",
                    "appeared_at": None,
                    **stamp,
                }
            )
    first = ids.take(GroupInvitation, len(rows))
    for k, row in enumerate(rows):
        row["id"] = first + k
    bulk(GroupInvitation, rows)
