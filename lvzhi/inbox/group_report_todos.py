"""十加一 to-dos: the head's report due within 3 days or late, reports waiting for the
secretariat's score, the committee's linked groups' new reports. A fixed few queries."""

from __future__ import annotations

from datetime import date, timedelta

from flask import url_for
from sqlalchemy import and_, exists, func, or_, select

from ..auth.permissions import committee_group_ids, headed_group_ids
from ..clock import local_today
from ..domain import group_reports as rules
from ..extensions import db
from ..models import GroupReport, GroupReportComment, OfficeGroup, User
from ..models.base import utcnow
from ..selectors import group_reports as sel
from .todos import Todo

NEW_REPORT_DAYS = 30


def group_report_todos(user: User) -> list[Todo]:
    todos: list[Todo] = []
    roles = user.roles
    today = local_today()
    if "group_head" in roles:
        todos += _head_todos(user, today)
    if "secretariat" in roles:
        waiting = (
            db.session.scalar(
                select(func.count(GroupReport.id)).where(
                    GroupReport.org_id == user.org_id, GroupReport.status == rules.SUBMITTED
                )
            )
            or 0
        )
        if waiting:
            todos.append(
                Todo(
                    "report_review",
                    f"{waiting} 份室组月报待评分",
                    url_for("secretariat.reports", status="submitted"),
                    "secretariat",
                    detail="评分后计入季度排名",
                    count=waiting,
                )
            )
    if "committee" in roles:
        todos += _committee_todos(user)
    return todos


def _head_todos(user: User, today: date) -> list[Todo]:
    group_ids = headed_group_ids(user, today)
    if not group_ids:
        return []
    months = rules.reporting_months(today)
    rubrics = sel.rubrics_for(user.org_id, {y for y, _m in months})
    period = or_(*(and_(GroupReport.year == y, GroupReport.month == m) for y, m in months))
    done = {
        (gid, y, m)
        for gid, y, m in db.session.execute(
            select(GroupReport.office_group_id, GroupReport.year, GroupReport.month).where(
                GroupReport.office_group_id.in_(group_ids),
                period,
                GroupReport.status.in_(sel.SHOWN),
            )
        )
    }
    names = dict(
        db.session.execute(
            select(OfficeGroup.id, OfficeGroup.name).where(OfficeGroup.id.in_(group_ids))
        ).all()
    )
    todos = []
    for gid in group_ids:
        for y, m in months:
            rubric = rubrics[y]
            if (gid, y, m) in done or not rules.due_soon(today, y, m, rubric):
                continue
            due = rules.report_due_date(y, m, rubric)
            late = rules.is_overdue(today, y, m, rubric)
            todos.append(
                Todo(
                    "report_due",
                    f"{'已逾期' if late else '请报送'}：{names.get(gid, '')}{m}月“十加一”报告",
                    url_for("group.report_edit", year=y, month=m, group=gid),
                    "group_head",
                    detail=f"截止 {due.month}月{due.day}日",
                    urgent=late,
                )
            )
    return todos


def _committee_todos(user: User) -> list[Todo]:
    group_ids = committee_group_ids(user.committee_ids())
    if not group_ids:
        return []
    since = utcnow() - timedelta(days=NEW_REPORT_DAYS)
    commented = exists().where(
        GroupReportComment.report_id == GroupReport.id, GroupReportComment.author_id == user.id
    )
    rows = db.session.execute(
        select(GroupReport.id, GroupReport.year, GroupReport.month, OfficeGroup.name)
        .join(OfficeGroup, OfficeGroup.id == GroupReport.office_group_id)
        .where(
            GroupReport.office_group_id.in_(group_ids),
            GroupReport.status.in_(sel.SHOWN),
            GroupReport.submitted_at >= since,
            ~commented,
        )
        .order_by(GroupReport.submitted_at.desc())
        .limit(10)
    ).all()
    return [
        Todo(
            "report_new",
            f"{name}报送了{y}年{m}月报告",
            url_for("committee.report_detail", report_id=rid),
            "committee",
            detail="可查看并发表指导意见",
        )
        for rid, y, m, name in rows
    ]
