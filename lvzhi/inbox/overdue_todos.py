"""Overdue everywhere in the to-dos: a leader sees how many feedbacks across all loops are
past their deadline; a department contact, its numbered suggestions past theirs. Derived
each time from the rules (``selectors.overdue.overdue_count``: the calendar and one GROUP BY
over the deadlines' inputs per kind of row), never stored."""

from __future__ import annotations

from flask import g, has_request_context, url_for

from ..clock import local_today
from ..models import User
from ..selectors import overdue as sel
from .todos import CountPart, Todo, calendar


def overdue_todos(user: User) -> list[Todo]:
    """Once per request: the badge counts them (``overdue_count``) before a page lists them."""
    cache = g.setdefault("_overdue_todos", {}) if has_request_context() else {}
    if user.id not in cache:
        cache[user.id] = _overdue_todos(user)
    return cache[user.id]


def _overdue_todos(user: User) -> list[Todo]:
    todos: list[Todo] = []
    today = local_today()
    if user.has_role("leader"):
        late = sel.overdue_count(user.org_id, today, calendar=calendar(user.org_id))
        if late:
            todos.append(
                Todo(
                    "loops_overdue",
                    f"{late} 项反馈已逾期",
                    url_for("board.overdue"),
                    "leader",
                    "提案（含会办意见）、协商、监督、发言、社情民意及建议",
                    urgent=True,
                    count=late,
                )
            )
    if user.has_role("department") and user.department_id:
        late = sel.overdue_count(
            user.org_id, today, user.department_id, matters=False, calendar=calendar(user.org_id)
        )
        if late:
            todos.append(
                Todo(
                    "suggestions_overdue",
                    f"{late} 条建议逾期未答复",
                    url_for("department.suggestions"),
                    "department",
                    urgent=True,
                    count=late,
                )
            )
    return todos


def overdue_count(user: User) -> list[CountPart]:
    """What ``overdue_todos`` lists, counted (the badge): the overdue rule is Python's."""
    return [t.count for t in overdue_todos(user)]
