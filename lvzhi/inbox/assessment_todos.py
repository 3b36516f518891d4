"""Assessment to-dos: "填写年度述职" for a member who has not written the year's self-summary,
from a fortnight before the year's cut-off until the cut-off day. One statement outside that
window (the cut-offs), two inside it."""

from __future__ import annotations

from datetime import date

from flask import url_for
from sqlalchemy import Select, and_, case, exists, func, select

from ..clock import local_today
from ..domain import points as rules
from ..models import AssessmentSetting, SelfSummary, User
from ..selectors import points as sel
from .todos import CountPart, Todo, built


def assessment_todos(user: User) -> list[Todo]:
    if "member" not in user.roles or not user.member_id:
        return []
    today = local_today()
    cutoffs = sel.summary_cutoffs(user.org_id, rules.summary_years(today))
    near = [y for y, until in cutoffs.items() if rules.summary_reminder_open(today, until)]
    written = sel.summaries_written(user.member_id, near)
    return [
        Todo(
            "summary_due",
            "填写年度述职",
            url_for("member.assessment", year=y, _anchor="summary"),
            "member",
            detail=f"{y}年度述职 {cutoffs[y].month}月{cutoffs[y].day}日截止",
            urgent=(cutoffs[y] - today).days <= 3,
        )
        for y in near
        if y not in written
    ]


def assessment_count(user: User) -> list[CountPart]:
    """What ``assessment_todos`` lists, counted (the badge): for each year whose cut-off can
    be near, 1 when its reminder is open and the member has written nothing."""
    if "member" not in user.roles or not user.member_id:
        return []
    today = local_today()
    key = ("summary_due", user.org_id, user.member_id, today)
    return [
        built(key + (year,), lambda y=year: _summary_due(user.org_id, user.member_id, y, today))
        for year in rules.summary_years(today)
    ]


def _summary_due(org_id: int, member_id: int, year: int, today: date) -> Select:
    """1 when the year's reminder is open (its cut-off as ``sel.summary_cutoffs`` gives it)
    and the member has not written the year's 述职 (the service keeps it stripped), else 0."""
    setting = select(AssessmentSetting.summary_until).where(
        AssessmentSetting.org_id == org_id, AssessmentSetting.year == year
    )
    until = func.coalesce(setting.scalar_subquery(), rules.default_summary_until(year))
    written = exists().where(
        SelfSummary.member_id == member_id, SelfSummary.year == year, SelfSummary.text != ""
    )
    first, last = rules.summary_reminder_cutoffs(today)
    return select(case((and_(until.between(first, last), ~written), 1), else_=0))
