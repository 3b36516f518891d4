"""Assessment to-dos: "填写年度述职" for a member who has not written the year's self-summary,
from a fortnight before the year's cut-off until the cut-off day. One statement outside that
window (the cut-offs), two inside it."""

from __future__ import annotations

from flask import url_for

from ..clock import local_today
from ..domain import points as rules
from ..models import User
from ..selectors import points as sel
from .todos import Todo


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
