"""十加一 to-dos: the head's report due within 3 days or late, reports waiting for the
secretariat's score, the committee's linked groups' new reports. A fixed few queries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import url_for
from sqlalchemy import Select, and_, exists, func, literal, or_, select

from ..auth.permissions import committee_group_ids, headed_group_ids
from ..clock import local_today
from ..domain import group_reports as rules
from ..extensions import db
from ..models import GroupReport, GroupReportComment, OfficeGroup, User, committee_groups
from ..models.base import utcnow
from ..selectors import group_reports as sel
from .todos import CountPart, Todo, built, capped, clock_param, counted

NEW_REPORT_DAYS = 30
COMMITTEE_SHOWN = 10  # the linked groups' new reports listed


def _linked(committee_ids: set[int]) -> Select:
    return select(committee_groups.c.office_group_id).where(
        committee_groups.c.committee_id.in_(committee_ids)
    )


def _review_waiting(user: User) -> Select:
    return select(func.count(GroupReport.id)).where(
        GroupReport.org_id == user.org_id, GroupReport.status == rules.SUBMITTED
    )


def group_report_count(user: User) -> list[CountPart]:
    """What ``group_report_todos`` lists, counted (the badge)."""
    parts: list[CountPart] = []
    roles = user.roles
    if "group_head" in roles:
        parts += _head_count(user, local_today())
    if "secretariat" in roles:
        parts.append(built(("report_review", user.org_id), lambda: _review_waiting(user)))
    committees = user.committee_ids() if "committee" in roles else set()
    if committees:
        key = ("report_new", user.id, tuple(sorted(committees)))
        parts.append(
            built(key, lambda: capped(_committee_rows(user, _linked(committees)), COMMITTEE_SHOWN))
        )
    return parts


def group_report_todos(user: User) -> list[Todo]:
    todos: list[Todo] = []
    roles = user.roles
    today = local_today()
    if "group_head" in roles:
        todos += _head_todos(user, today)
    if "secretariat" in roles:
        waiting = counted(("report_review", user.org_id), lambda: _review_waiting(user))
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


def _months_due(user: User, today: date) -> list[tuple[int, int, rules.Rubric]]:
    """The reporting months whose report is due within 3 days or late, with their rubric."""
    months = rules.reporting_months(today)
    rubrics = sel.rubrics_for(user.org_id, {y for y, _m in months})
    return [(y, m, rubrics[y]) for y, m in months if rules.due_soon(today, y, m, rubrics[y])]


def _reports_in(group_ids: list[int], months: list[tuple[int, int, rules.Rubric]]) -> Select:
    """The groups' reports handed in for ``months`` (one per group and month)."""
    period = or_(*(and_(GroupReport.year == y, GroupReport.month == m) for y, m, _r in months))
    return select(GroupReport.office_group_id, GroupReport.year, GroupReport.month).where(
        GroupReport.office_group_id.in_(group_ids), period, GroupReport.status.in_(sel.SHOWN)
    )


def _head_count(user: User, today: date) -> list[CountPart]:
    group_ids = headed_group_ids(user, today)
    months = _months_due(user, today) if group_ids else []
    if not months:
        return []

    def build() -> Select:
        handed_in = _reports_in(group_ids, months).with_only_columns(func.count(GroupReport.id))
        return select(literal(len(group_ids) * len(months)) - handed_in.scalar_subquery())

    return [built(("reports_due", tuple(group_ids), tuple(months)), build)]


def _head_todos(user: User, today: date) -> list[Todo]:
    group_ids = headed_group_ids(user, today)
    months = _months_due(user, today) if group_ids else []
    if not months:
        return []
    done = {tuple(row) for row in db.session.execute(_reports_in(group_ids, months))}
    names = dict(
        db.session.execute(
            select(OfficeGroup.id, OfficeGroup.name).where(OfficeGroup.id.in_(group_ids))
        ).all()
    )
    todos = []
    for gid in group_ids:
        for y, m, rubric in months:
            if (gid, y, m) in done:
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


def _month_ago() -> datetime:
    return utcnow() - timedelta(days=NEW_REPORT_DAYS)


def _committee_rows(user: User, group_ids) -> Select:
    """The linked groups' reports handed in lately on which the user has not commented."""
    since = clock_param("report_new_since", _month_ago)
    commented = exists().where(
        GroupReportComment.report_id == GroupReport.id, GroupReportComment.author_id == user.id
    )
    return (
        select(GroupReport.id, GroupReport.year, GroupReport.month, OfficeGroup.name)
        .join(OfficeGroup, OfficeGroup.id == GroupReport.office_group_id)
        .where(
            GroupReport.office_group_id.in_(group_ids),
            GroupReport.status.in_(sel.SHOWN),
            GroupReport.submitted_at >= since,
            ~commented,
        )
    )


def _committee_todos(user: User) -> list[Todo]:
    group_ids = committee_group_ids(user.committee_ids())
    if not group_ids:
        return []
    rows = db.session.execute(
        _committee_rows(user, group_ids)
        .order_by(GroupReport.submitted_at.desc())
        .limit(COMMITTEE_SHOWN)
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
