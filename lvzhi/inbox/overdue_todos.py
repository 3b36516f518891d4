"""Overdue everywhere in the to-dos: a leader sees how many feedbacks across all loops are
past their deadline; a department contact, its numbered suggestions past theirs. Derived
each time from the rules (three statements), never stored."""

from __future__ import annotations

from flask import url_for

from ..clock import local_today
from ..domain import loops as rules
from ..models import User
from ..selectors import overdue as sel
from .todos import Todo


def overdue_todos(user: User) -> list[Todo]:
    todos: list[Todo] = []
    today = local_today()
    if user.has_role("leader"):
        late = [r for r in sel.late(user.org_id, today) if r.state == rules.OVERDUE]
        if late:
            todos.append(
                Todo(
                    "loops_overdue",
                    f"{len(late)} 项反馈已逾期",
                    url_for("board.overdue"),
                    "leader",
                    "提案、协商、监督、发言、社情民意及建议",
                    urgent=True,
                    count=len(late),
                )
            )
    if user.has_role("department") and user.department_id:
        late = [
            r
            for r in sel.late(user.org_id, today, department_id=user.department_id)
            if r.state == rules.OVERDUE and r.suggestion_id is not None
        ]
        if late:
            todos.append(
                Todo(
                    "suggestions_overdue",
                    f"{len(late)} 条建议逾期未答复",
                    url_for("department.suggestions"),
                    "department",
                    urgent=True,
                    count=len(late),
                )
            )
    return todos
